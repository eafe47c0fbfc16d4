// A P-Net-only install (@mtcnn/core, @mtcnn/pnet, @mtcnn/backend-onnx, onnxruntime-node; no sharp): raw pixels
// work, a file path needs sharp and says so.
import { readFileSync } from 'node:fs';
import { onnxNodeBackend } from '@mtcnn/backend-onnx/node';
import { createDetector } from '@mtcnn/core/node';
import { pnet } from '@mtcnn/pnet';

const { width, height } = JSON.parse(readFileSync('photo.json', 'utf8'));
const detector = await createDetector({ backend: onnxNodeBackend(), stages: [pnet()] });
const faces = await detector.detect({
  data: new Uint8Array(readFileSync('photo.rgb')),
  width,
  height,
  channels: 3,
});
let fileError;
try {
  await detector.detect('photo.jpg');
} catch (error) {
  fileError = { name: error.name, code: error.code, message: error.message };
}
await detector.dispose();
console.log(JSON.stringify({ faces, fileError }));
