import { describe, expect, it } from 'vitest';
import { initialWeights, PRELU_INIT } from './init.js';
import { stageGraph } from './stage-graph.js';

describe('initialWeights', () => {
  const graph = stageGraph('onet');

  it("'released' is the converted graph's own initializers, copied", () => {
    const w = initialWeights(graph, 'released');
    expect(w.map((i) => Array.from(i.data))).toEqual(graph.initializers.map((i) => Array.from(i.data)));
    expect(w[0]!.data).not.toBe(graph.initializers[0]!.data);
  });

  it("'scratch': He for layers before a PReLU, Xavier for the heads, zero biases, slopes 0.25, seeded", () => {
    const w = initialWeights(graph, 'scratch', 4);
    const byName = new Map(w.map((i) => [i.name, i]));
    const std = (d: Float32Array) => Math.sqrt(d.reduce((a, v) => a + v * v, 0) / d.length);
    // conv2: 64 × 32 × 3 × 3, fan-in 288: He std √(2/288) = 0.083; 18,432 draws put the estimate within 2 %.
    const conv2 = byName.get('onet/conv2/weights/read:OIHW')!;
    expect(std(conv2.data)).toBeCloseTo(Math.sqrt(2 / 288), 2);
    // The 256-wide Gemm feeds a PReLU too: fan-in 1152.
    expect(std(byName.get('onet/conv5/weights/read/transpose:NCHW')!.data)).toBeCloseTo(
      Math.sqrt(2 / 1152),
      3,
    );
    // The landmark head (10 × 256) feeds nothing: Xavier-uniform, limit √(6 / 266).
    const head = byName.get('onet/conv6-3/weights/read/transpose')!.data;
    const limit = Math.sqrt(6 / 266);
    expect(Math.max(...head.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...head.map(Math.abs))).toBeGreaterThan(limit * 0.9);
    for (const i of w) {
      if (i.name.includes('bias')) expect(i.data.every((v) => v === 0)).toBe(true);
      if (i.name.includes('alpha')) expect(i.data.every((v) => v === Math.fround(PRELU_INIT))).toBe(true);
    }
    expect(initialWeights(graph, 'scratch', 4)).toEqual(w);
    expect(Array.from(initialWeights(graph, 'scratch', 5)[0]!.data)).not.toEqual(Array.from(w[0]!.data));
  });
});
