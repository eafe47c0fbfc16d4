// TensorFlow.js for training in Node: the pure-JS package with the WebAssembly backend (tfjs-node cannot install
// offline: its install script downloads libtensorflow). Loaded once per process; every module takes `tf` from here.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export { tf };
export type Tf = typeof tf;

let ready: Promise<typeof tf> | undefined;

/** The wasm binaries' folder: in Node the backend reads them from disk, not over a URL. */
function wasmDir(): string {
  const require = createRequire(import.meta.url);
  return `${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`;
}

/** tfjs on the wasm backend, ready to run; the same promise on every call. */
export function loadTf(): Promise<typeof tf> {
  ready ??= (async () => {
    setWasmPaths(wasmDir());
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend failed to start');
    await tf.ready();
    return tf;
  })();
  return ready;
}

/**
 * Runs `fn` with tfjs's pure-JS CPU backend (the reference kernels, with every gradient), then switches back to
 * wasm. Tensors made in `fn` belong to the CPU backend: read them out before it returns.
 */
export async function withCpuBackend<T>(fn: () => T | Promise<T>): Promise<T> {
  await loadTf();
  const previous = tf.getBackend();
  await tf.setBackend('cpu');
  try {
    return await fn();
  } finally {
    await tf.setBackend(previous);
  }
}
