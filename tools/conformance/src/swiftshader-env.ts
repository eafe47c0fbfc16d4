// Points Vulkan at the SwiftShader CPU driver that Debian's chromium package ships, so that onnxruntime-node's
// WebGPU provider (Dawn over Vulkan) always has an adapter it accepts. Forced even where the system has Vulkan
// drivers: Mesa's lavapipe is one, and Dawn rejects it, which left the WebGPU suites skipping. Must run before
// the test workers start: the dynamic loader reads LD_LIBRARY_PATH only at process start.
import { existsSync } from 'node:fs';

const CHROMIUM_LIB = '/usr/lib/chromium';
export const SWIFTSHADER_ICD = `${CHROMIUM_LIB}/vk_swiftshader_icd.json`;

/**
 * Uses SwiftShader whenever Chromium ships it, unless the environment already names a driver (VK_ICD_FILENAMES
 * or VK_DRIVER_FILES: a real GPU, chosen on purpose). Returns the driver Vulkan will use, or undefined when
 * the loader is left to choose.
 */
export function useSwiftShader(
  env: NodeJS.ProcessEnv = process.env,
  icd = SWIFTSHADER_ICD,
): string | undefined {
  const chosen = env.VK_ICD_FILENAMES || env.VK_DRIVER_FILES;
  if (chosen) return chosen;
  if (!existsSync(icd)) return undefined;
  env.VK_ICD_FILENAMES = icd;
  // Chromium also ships the Vulkan loader (libvulkan.so.1); appended, so a system loader still wins.
  env.LD_LIBRARY_PATH = [env.LD_LIBRARY_PATH, CHROMIUM_LIB].filter(Boolean).join(':');
  return icd;
}
