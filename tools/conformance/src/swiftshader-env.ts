// Points Vulkan at the SwiftShader CPU driver that Debian's chromium package ships, so that onnxruntime-node's
// WebGPU provider (Dawn over Vulkan) finds an adapter on machines without a GPU. Must run before the test
// workers start: the dynamic loader reads LD_LIBRARY_PATH only at process start.
import { existsSync, readdirSync } from 'node:fs';

const CHROMIUM_LIB = '/usr/lib/chromium';
const SWIFTSHADER_ICD = `${CHROMIUM_LIB}/vk_swiftshader_icd.json`;
const ICD_DIRS = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];

function hasSystemVulkanDriver(): boolean {
  return ICD_DIRS.some((dir) => existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.json')));
}

/** Uses SwiftShader unless the environment already names a driver or the system has one. */
export function useSwiftShaderIfNoGpu(env: NodeJS.ProcessEnv = process.env): void {
  if (!existsSync(SWIFTSHADER_ICD) || env.VK_ICD_FILENAMES || env.VK_DRIVER_FILES || hasSystemVulkanDriver())
    return;
  env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  // Chromium also ships the Vulkan loader (libvulkan.so.1); appended, so a system loader still wins.
  env.LD_LIBRARY_PATH = [env.LD_LIBRARY_PATH, CHROMIUM_LIB].filter(Boolean).join(':');
}
