// Shared by the tests: real face crops from the sample photos, and one onnxruntime-node run of a model file.
import { createRequire } from 'node:module';
import { loadGolden, samplePath } from '@mtcnn/fixtures';
import type { Stage } from '@mtcnn/weights';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';

/** The shipped model of a stage (the one the detector runs by default), in the given form. */
export function shippedModelPath(stage: Stage, form: 'portable' | 'nchwc'): string {
  const file = form === 'portable' ? `${stage}.onnx` : `${stage}.nchwc.onnx`;
  return createRequire(import.meta.url).resolve(`@mtcnn/${stage}/model/${file}`);
}

/** An NCHW input of the model convention: (x − 127.5) × 0.0078125, RGB. */
export interface ModelInput {
  data: Float32Array;
  dims: [number, number, number, number];
}

/**
 * The reference faces of the sample photos cut out with a margin and resized to width × height with sharp,
 * as one batch: real faces (and their surroundings), the inputs the stages see.
 */
export async function faceCrops(width: number, height: number, count: number): Promise<ModelInput> {
  const golden = loadGolden();
  const boxes: { file: string; box: [number, number, number, number] }[] = [];
  for (const [file, image] of Object.entries(golden.results)) {
    for (const face of image.faces) boxes.push({ file, box: face.box });
  }
  const plane = width * height;
  const data = new Float32Array(count * 3 * plane);
  for (let n = 0; n < count; n++) {
    const { file, box } = boxes[n % boxes.length]!;
    // Each round over the faces takes a looser margin, so repeated faces give other crops.
    const margin = 0.1 + 0.15 * Math.floor(n / boxes.length);
    const w = box[2] - box[0];
    const h = box[3] - box[1];
    const left = Math.max(0, Math.round(box[0] - margin * w));
    const top = Math.max(0, Math.round(box[1] - margin * h));
    const { data: rgb } = await sharp(samplePath(file))
      .extract({
        left,
        top,
        width: Math.round(w * (1 + 2 * margin)),
        height: Math.round(h * (1 + 2 * margin)),
      })
      .resize(width, height, { fit: 'fill' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    for (let i = 0; i < plane; i++) {
      for (let c = 0; c < 3; c++) data[(n * 3 + c) * plane + i] = (rgb[i * 3 + c]! - 127.5) * 0.0078125;
    }
  }
  return { data, dims: [count, 3, height, width] };
}

/** Runs a model file once on onnxruntime-node's CPU provider and returns its outputs by name. */
export async function runModel(path: string, input: ModelInput): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(path, { executionProviders: ['cpu'] });
  try {
    const results = await session.run({ input: new ort.Tensor('float32', input.data, input.dims) });
    return Object.fromEntries(
      Object.entries(results).map(([name, tensor]) => [name, new Float32Array(tensor.data as Float32Array)]),
    );
  } finally {
    await session.release();
  }
}
