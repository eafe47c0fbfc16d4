// `auto` when nothing starts: WebGPU has no adapter in Node and WebAssembly is pointed at files that do not
// exist. In its own file because a failed start of onnxruntime-web's WebAssembly runtime is final per process.
import { createDetector, isMtcnnError } from '@mtcnn/core';
import { pnet } from '@mtcnn/pnet';
import { describe, expect, it } from 'vitest';
import { backendForDevice } from './web.js';

describe("backendForDevice('auto') with no usable device", () => {
  it('fails with one BACKEND_UNAVAILABLE naming every backend tried and why', async () => {
    const backend = backendForDevice('auto', { web: { wasmPaths: '/nonexistent/ort/' } });
    const error = await createDetector({ backend, stages: [pnet()] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isMtcnnError(error, 'BACKEND_UNAVAILABLE')).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^no backend could run the model; tried onnx-web:webgpu cannot start here: .*no navigator\.gpu.*; onnx-web:wasm cannot start here: /,
    );
    expect(message).toMatch(/nonexistent/);
  });
});
