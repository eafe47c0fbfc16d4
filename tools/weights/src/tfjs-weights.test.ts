// The tfjs weights reader: hand-made manifests with known bytes, and the real face-api manifest. (Bit-for-bit
// agreement with tfjs's own decodeWeights on that manifest is tested in packages/dlib-resnet, which has tfjs.)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeWeights,
  parseWeightsManifest,
  readTfjsWeights,
  type WeightsManifest,
} from './tfjs-weights.js';

function shardsOf(files: Record<string, number[]>) {
  return (path: string) => {
    const bytes = files[path];
    if (!bytes) throw new Error(`no shard ${path}`);
    return Uint8Array.from(bytes);
  };
}

describe('decodeWeights', () => {
  it('reads float32 little-endian, and uint8 as q · scale + min rounded once to float32', () => {
    const f = new Uint8Array(new Float32Array([1.5, -2]).buffer);
    const manifest: WeightsManifest = [
      {
        paths: ['a.bin'],
        weights: [
          { name: 'f', shape: [2], dtype: 'float32' },
          { name: 'q', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.1, min: -1 } },
        ],
      },
    ];
    const w = decodeWeights(manifest, shardsOf({ 'a.bin': [...f, 0, 3, 255] }));
    expect([...w.get('f')!.data]).toEqual([1.5, -2]);
    // 0 → −1; 3 → 3 · 0.1 − 1 in double, then float32; 255 → 24.5.
    expect([...w.get('q')!.data]).toEqual([-1, Math.fround(3 * 0.1 - 1), 24.5]);
    expect(w.get('q')!.quantization).toEqual({ dtype: 'uint8', scale: 0.1, min: -1 });
  });

  it('reads uint16 codes little-endian and a group spread over several shards', () => {
    const manifest: WeightsManifest = [
      {
        paths: ['x.bin', 'y.bin'],
        weights: [
          { name: 'u', shape: [2], dtype: 'float32', quantization: { dtype: 'uint16', scale: 0.5, min: 0 } },
          { name: 'v', shape: [1, 1], dtype: 'float32', quantization: { dtype: 'uint8', scale: 2, min: 1 } },
        ],
      },
    ];
    // u = [0x0102, 0x0003] split across the shard boundary; v = 7.
    const w = decodeWeights(manifest, shardsOf({ 'x.bin': [2, 1, 3], 'y.bin': [0, 7] }));
    expect([...w.get('u')!.data]).toEqual([0x0102 * 0.5, 1.5]);
    expect(w.get('v')!.shape).toEqual([1, 1]);
    expect([...w.get('v')!.data]).toEqual([15]);
  });

  it('refuses shards too short or too long, repeated names and unsupported types', () => {
    const one = (weights: WeightsManifest[0]['weights'], bytes: number[]) => () =>
      decodeWeights([{ paths: ['s'], weights }], shardsOf({ s: bytes }));
    const f1 = { name: 'a', shape: [1], dtype: 'float32' };
    expect(one([f1], [0, 0, 0])).toThrow(/needs bytes 0..4, the shards hold 3/);
    expect(one([f1], [0, 0, 0, 0, 0])).toThrow(/take 4 bytes, the shards hold 5/);
    expect(one([f1, f1], [0, 0, 0, 0, 0, 0, 0, 0])).toThrow(/"a" appears twice/);
    expect(one([{ name: 'i', shape: [1], dtype: 'int32' }], [0, 0, 0, 0])).toThrow(
      /dtype int32 is not supported/,
    );
    expect(
      one([{ name: 'h', shape: [1], dtype: 'float32', quantization: { dtype: 'float16' } }], [0, 0]),
    ).toThrow(/quantisation float16 is not supported/);
    expect(one([{ name: 'm', shape: [1], dtype: 'float32', quantization: { dtype: 'uint8' } }], [0])).toThrow(
      /lacks scale or min/,
    );
  });

  it('parseWeightsManifest refuses what is not a manifest', () => {
    expect(() => parseWeightsManifest('{}')).toThrow(/not a list of groups/);
    expect(() => parseWeightsManifest([{ paths: [1], weights: [] }])).toThrow(/no list of shard paths/);
    expect(() => parseWeightsManifest([{ paths: [], weights: [{ name: 'a', shape: [-1] }] }])).toThrow(
      /invalid shape/,
    );
  });
});

describe("face-api's face_recognition_model", () => {
  const root = dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json'));
  const { manifest, weights } = readTfjsWeights(
    join(root, 'model', 'face_recognition_model-weights_manifest.json'),
  );
  const bin = readFileSync(join(root, 'model', 'face_recognition_model.bin'));

  it('holds 117 tensors in one shard, 109 of them uint8-quantised, filling the shard exactly', () => {
    expect(manifest.length).toBe(1);
    expect(manifest[0]!.paths).toEqual(['face_recognition_model.bin']);
    expect(weights.size).toBe(117);
    const quantised = [...weights.values()].filter((w) => w.quantization?.dtype === 'uint8');
    expect(quantised.length).toBe(109);
    const count = (w: { shape: number[] }) => w.shape.reduce((a, b) => a * b, 1);
    const bytes = [...weights.values()].reduce((n, w) => n + count(w) * (w.quantization ? 1 : 4), 0);
    expect(bytes).toBe(bin.length);
    expect(weights.get('conv32_down/conv/filters')!.shape).toEqual([7, 7, 3, 32]);
    expect(weights.get('fc')!.shape).toEqual([256, 128]);
    // The float32 ones: the 3×3 kernels of the 64-channel blocks.
    expect([...weights.values()].filter((w) => !w.quantization).map((w) => w.name)).toEqual(
      ['conv64_down', 'conv64_1', 'conv64_2', 'conv64_3'].flatMap((b) => [
        `${b}/conv1/conv/filters`,
        `${b}/conv2/conv/filters`,
      ]),
    );
  });

  it('dequantises the first tensor from the shard bytes by hand, and keeps every value in [min, min + 255·scale]', () => {
    const first = weights.get('conv32_down/conv/filters')!;
    const { scale, min } = first.quantization as { scale: number; min: number };
    for (const i of [0, 1, 100, first.data.length - 1])
      expect(first.data[i]).toBe(Math.fround(bin[i]! * scale + min));
    for (const w of weights.values()) {
      if (!w.quantization) continue;
      const { scale: s, min: m } = w.quantization as { scale: number; min: number };
      const top = Math.fround(m + 255 * s);
      expect(
        w.data.every((v) => v >= Math.fround(m) && v <= top),
        w.name,
      ).toBe(true);
    }
  });
});
