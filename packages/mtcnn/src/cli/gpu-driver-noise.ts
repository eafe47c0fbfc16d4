import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { MtcnnOptions } from '../detector.js';

/** True when any stage runs on WebGPU (Dawn, which loads the system's Vulkan drivers). */
export function usesWebGpu(device: MtcnnOptions['device']): boolean {
  if (device === undefined) return false;
  return typeof device === 'string' ? device === 'webgpu' : Object.values(device).includes('webgpu');
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Quiets what the Vulkan drivers that Dawn loads print on the process's stderr, where no JavaScript can filter
 * it, about things that are not this program's business:
 * - libwayland-client, which Mesa's drivers load for their window-system support, prints "XDG_RUNTIME_DIR is
 *   invalid or not set in the environment" when the variable is unset or not an absolute path (a server, ssh,
 *   a container). It is pointed at a private directory of our own (mode 0700), removed at exit; a valid one is
 *   left alone. Nothing is ever displayed, so no compositor is looked for there.
 * - Mesa's software driver (lavapipe) prints that it is "not a conformant vulkan implementation" each time it
 *   starts; MESA_VK_IGNORE_CONFORMANCE_WARNING is Mesa's switch for it, set unless the user set it.
 * Dawn's own warnings and errors, and the BACKEND_UNAVAILABLE that says why no adapter started, still show.
 * Must run before the first WebGPU session (the drivers read the environment when they load). Returns what it
 * changed, for the record.
 */
export function quietGpuDrivers(env: NodeJS.ProcessEnv = process.env): string[] {
  const changed: string[] = [];
  const runtimeDir = env.XDG_RUNTIME_DIR;
  if (!runtimeDir || !isAbsolute(runtimeDir) || !isDirectory(runtimeDir)) {
    // mkdtemp creates the directory with mode 0700, as the XDG specification asks of this one.
    const dir = mkdtempSync(join(tmpdir(), 'mtcnn-xdg-runtime-'));
    env.XDG_RUNTIME_DIR = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    changed.push('XDG_RUNTIME_DIR');
  }
  if (env.MESA_VK_IGNORE_CONFORMANCE_WARNING === undefined) {
    env.MESA_VK_IGNORE_CONFORMANCE_WARNING = '1';
    changed.push('MESA_VK_IGNORE_CONFORMANCE_WARNING');
  }
  return changed;
}
