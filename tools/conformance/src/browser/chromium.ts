import { existsSync } from 'node:fs';

/** Debian's chromium package (installed by .ci/run); playwright cannot download its own browsers here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium with WebGPU. Without a GPU, Chromium offers SwiftShader (a CPU emulation of Vulkan) as a
 * fallback adapter; --enable-unsafe-webgpu allows WebGPU on it and on Linux. The memory flags give the memory
 * check an exact (not bucketed) `performance.memory` and a `gc()`.
 */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-gpu-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-precise-memory-info',
  '--js-flags=--expose-gc',
];

/** Why Chromium cannot be used here, or undefined when it can. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM_PATH)
    ? undefined
    : `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`;
}
