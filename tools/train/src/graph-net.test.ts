import { createRequire } from 'node:module';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphNet, toInternal, toOnnx } from './graph-net.js';
import { type Stage, stageGraph } from './stage-graph.js';
import {
  concat,
  cropNchw,
  nchwToNhwc,
  type SamplePhoto,
  samplePhotos,
  squareRegion,
} from './test-support.js';
import { loadTf, type Tf } from './tf.js';

let tf: Tf;
let photos: SamplePhoto[];
const sessions: ort.InferenceSession[] = [];

beforeAll(async () => {
  [tf, photos] = await Promise.all([loadTf(), samplePhotos()]);
});
afterAll(async () => {
  for (const s of sessions) await s.release();
});

function modelPath(stage: Stage): string {
  return createRequire(import.meta.url).resolve(`@mtcnn/${stage}/model/${stage}.onnx`);
}

/** Every reference face of the six photos as a square crop of the stage's size (NCHW). */
function faceCrops(size: number): { data: Float32Array; n: number } {
  const crops = photos.flatMap(({ image, faces }) =>
    faces.map((f) => cropNchw(image, squareRegion(f.box), size)),
  );
  return { data: concat(crops), n: crops.length };
}

async function compare(stage: Stage, h: number, w: number, data: Float32Array, n: number) {
  const session = await ort.InferenceSession.create(modelPath(stage));
  sessions.push(session);
  const reference = await session.run({ input: new ort.Tensor('float32', data, [n, 3, h, w]) });
  const net = new GraphNet(tf, stageGraph(stage));
  try {
    const ours = tf.tidy(() => {
      const { outputs } = net.run(tf.tensor4d(nchwToNhwc(data, n, 3, h, w), [n, h, w, 3]));
      // Back to NCHW for the comparison.
      return Object.fromEntries(
        Object.entries(outputs).map(([k, t]) => [
          k,
          (t.rank === 4 ? tf.transpose(t, [0, 3, 1, 2]) : t).dataSync() as Float32Array,
        ]),
      );
    });
    const worst: Record<string, number> = {};
    for (const [name, ref] of Object.entries(reference)) {
      const got = ours[name]!;
      expect(got.length).toBe(ref.data.length);
      let m = 0;
      for (let i = 0; i < got.length; i++)
        m = Math.max(m, Math.abs(got[i]! - (ref.data as Float32Array)[i]!));
      worst[name] = m;
    }
    return worst;
  } finally {
    net.dispose();
  }
}

// Float32 sums in different orders (XNNPACK in tfjs's wasm backend vs onnxruntime's MLAS): the outputs differ by
// a few ulps of the largest activations, measured ≤ 1.1e-6 here; 1e-5 stays far below a change of weight
// layout, pool padding or flatten order, which moves outputs by their own size (0.1–1).
const TOLERANCE = 1e-5;

describe('GraphNet', () => {
  it('P-Net: the shipped model’s outputs on 12-px face crops and on odd-sized regions (padded pool)', async () => {
    const small = faceCrops(12);
    expect(small.n).toBe(23);
    const worst = await compare('pnet', 12, 12, small.data, small.n);
    // 31 rows × 27 columns: pool1 pads its last row, as ONNX's pads [0, 0, 1, 1] ask (odd sizes only).
    const odd = photos.map(({ image, faces }) => {
      const r = squareRegion(faces[0]!.box);
      return cropNchw(image, { ...r, height: Math.round((r.width * 31) / 27) }, 27, 31);
    });
    const oddWorst = await compare('pnet', 31, 27, concat(odd), odd.length);
    for (const m of [...Object.values(worst), ...Object.values(oddWorst)]) expect(m).toBeLessThan(TOLERANCE);
  });
});

describe.each([
  ['rnet', 24],
  ['onet', 48],
] as const)('GraphNet %s', (stage, size) => {
  it('gives the shipped model’s outputs on the 23 face crops of the six photos', async () => {
    const { data, n } = faceCrops(size);
    const worst = await compare(stage, size, size, data, n);
    for (const m of Object.values(worst)) expect(m).toBeLessThan(TOLERANCE);
  });
});

describe('layouts', () => {
  it('round-trip OIHW kernels through HWIO', () => {
    const init = stageGraph('onet').initializers.find((i) => i.dims.length === 4)!;
    const inside = toInternal('conv-kernel', init);
    expect(inside.shape).toEqual([init.dims[2], init.dims[3], init.dims[1], init.dims[0]]);
    expect(Array.from(toOnnx('conv-kernel', init.dims, inside.data))).toEqual(Array.from(init.data));
  });

  it('reads back the weights it was given', () => {
    const graph = stageGraph('rnet');
    const net = new GraphNet(tf, graph);
    try {
      const back = net.initializers();
      expect(back.map((i) => i.name)).toEqual(graph.initializers.map((i) => i.name));
      back.forEach((b, k) => {
        expect(b.dims).toEqual(graph.initializers[k]!.dims);
        expect(Array.from(b.data)).toEqual(Array.from(graph.initializers[k]!.data));
      });
    } finally {
      net.dispose();
    }
  });
});
