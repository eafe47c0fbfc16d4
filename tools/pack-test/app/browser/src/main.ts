// The README's browser quick start, on the WASM backend, reporting its faces (or its error) to the test.
import { backendForDevice } from '@mtcnn/backend-onnx/web';
import { createDetector } from '@mtcnn/core';
import { onet } from '@mtcnn/onet';
import { pnet } from '@mtcnn/pnet';
import { rnet } from '@mtcnn/rnet';
// onnxruntime-web's runtime files, served by your own bundle (no CDN); with Vite, `?url` imports:
import mjs from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.mjs?url';
import wasm from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';

declare global {
  interface Window {
    mtcnnResult?: { faces?: unknown; error?: string; crossOriginIsolated: boolean };
  }
}

async function main(): Promise<void> {
  const wasmPaths = { mjs: new URL(mjs, location.href).href, wasm: new URL(wasm, location.href).href };
  const backend = backendForDevice('wasm', { web: { wasmPaths } });
  const detector = await createDetector({ backend, stages: [pnet(), rnet(), onet()] });
  const image = document.querySelector<HTMLImageElement>('#photo');
  if (!image) throw new Error('no #photo');
  await image.decode();
  const faces = await detector.detect(image);
  await detector.dispose();
  window.mtcnnResult = { faces, crossOriginIsolated };
}

main().catch((error: unknown) => {
  window.mtcnnResult = { error: String(error), crossOriginIsolated };
});
