// onnxruntime-web's WebAssembly runtime files, emitted by Vite next to the bundle (no CDN). The JSEP build is
// the one that serves both the WASM and the WebGPU execution providers of the default `onnxruntime-web` entry.
import runtimeModuleUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.mjs?url';
import runtimeWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';

/** Absolute URLs, as onnxruntime-web's `env.wasm.wasmPaths` wants them (it resolves them in other workers). */
export function runtimeWasmPaths(base: string): { mjs: string; wasm: string } {
  return { mjs: new URL(runtimeModuleUrl, base).href, wasm: new URL(runtimeWasmUrl, base).href };
}
