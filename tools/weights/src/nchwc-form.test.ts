// The nchwc form's structure, and what onnxruntime makes of it. (Its values are tested against the TFLite
// graphs in parity.test.ts, like the portable model's.)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { convertGraph } from './convert.js';
import { NCHWC_CHANNEL_ALIGNMENT, toNchwcForm } from './nchwc-form.js';
import { encodeModel } from './onnx-writer.js';
import { loadSource, stages } from './source.js';
import { stageSpecs } from './stages.js';

const { onnx } = onnxProto;

function graphs(stage: (typeof stages)[number]) {
  const portable = convertGraph(loadSource(stage).model, { ...stageSpecs[stage], docString: '' });
  return { portable, nchwc: toNchwcForm(portable) };
}

/** The op types of the graph onnxruntime-node's CPU provider actually runs, after all its optimisations. */
async function optimisedOps(bytes: Uint8Array): Promise<{ op: string; domain: string }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mtcnn-nchwc-'));
  try {
    const path = join(dir, 'optimised.onnx');
    const s = await ort.InferenceSession.create(bytes, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      // Quiet: onnxruntime warns that a saved NCHWc graph is machine specific (we only read it).
      logSeverityLevel: 3,
      optimizedModelFilePath: path,
    });
    await s.release();
    const model = onnx.ModelProto.decode(readFileSync(path));
    return (model.graph?.node ?? []).map((n) => ({ op: n.opType ?? '', domain: n.domain ?? '' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(stages)('%s nchwc form', (stage) => {
  it('has the same inputs and outputs as the portable model and leaves it untouched', () => {
    const before = convertGraph(loadSource(stage).model, { ...stageSpecs[stage], docString: '' });
    const { portable, nchwc } = graphs(stage);
    expect(nchwc.inputs).toEqual(portable.inputs);
    expect(nchwc.outputs).toEqual(portable.outputs);
    expect(portable).toEqual(before);
  });

  it('keeps no PRelu on a map, no Softmax on a map, and convolutions read whole blocks', () => {
    const { nchwc } = graphs(stage);
    const init = new Map(nchwc.initializers.map((i) => [i.name, i]));
    for (const n of nchwc.nodes) {
      if (n.opType === 'PRelu') {
        expect(init.get(n.inputs[1]!)!.dims, `${n.name} slope (on [N, C] vectors only)`).toHaveLength(1);
      }
      if (n.opType === 'Conv') {
        const inputChannels = init.get(n.inputs[1]!)!.dims[1]!;
        const ok = inputChannels < NCHWC_CHANNEL_ALIGNMENT || inputChannels % NCHWC_CHANNEL_ALIGNMENT === 0;
        expect(ok, `${n.name} reads ${inputChannels} channels`).toBe(true);
      }
    }
    if (stage === 'pnet') {
      const ops = new Set(nchwc.nodes.map((n) => n.opType));
      for (const op of ['PRelu', 'Max', 'Softmax']) expect(ops.has(op), op).toBe(false);
      expect(nchwc.nodes.filter((n) => n.opType === 'Sigmoid')).toHaveLength(1);
    }
  });

  it('runs in onnxruntime-node CPU in NCHWc, with fewer layout changes than the portable model', async (ctx) => {
    const { portable, nchwc } = graphs(stage);
    const ops = await optimisedOps(encodeModel(nchwc, 'test'));
    const blocked = ops.filter((o) => o.domain === 'com.microsoft.nchwc');
    if (blocked.length === 0) {
      // onnxruntime has NCHWc kernels on x86-64 only; elsewhere the backend uses the portable model.
      ctx.skip(`onnxruntime uses no NCHWc kernels on this machine (${process.arch})`);
      return;
    }
    const count = (list: readonly { op: string }[], op: string) => list.filter((o) => o.op === op).length;
    const convs = count(blocked, 'Conv');
    // Every original convolution and every per-channel scale runs blocked.
    expect(convs).toBeGreaterThanOrEqual(portable.nodes.filter((n) => n.opType === 'Conv').length);
    // Only the PRelus our graph keeps remain (on [N, C] vectors; none in P-Net).
    expect(count(ops, 'PRelu')).toBe(
      count(
        nchwc.nodes.map((n) => ({ op: n.opType })),
        'PRelu',
      ),
    );
    // Maps leave NCHWc once, for NCHW consumers: P-Net's two outputs, R-Net's and O-Net's Flatten. Nothing
    // enters it (the first convolution reads the 3-channel input as it is), so P-Net runs blocked throughout.
    expect(count(ops, 'ReorderInput')).toBe(0);
    expect(count(ops, 'ReorderOutput')).toBe(stage === 'pnet' ? 2 : 1);
    if (stage === 'pnet') expect(ops.filter((o) => o.domain !== 'com.microsoft.nchwc')).toEqual([]);
    const reorders = count(ops, 'ReorderInput') + count(ops, 'ReorderOutput');
    const portableOps = await optimisedOps(encodeModel(portable, 'test'));
    const portableReorders = count(portableOps, 'ReorderInput') + count(portableOps, 'ReorderOutput');
    expect(reorders).toBeLessThan(portableReorders);
    console.log(
      `${stage}: layout changes (ReorderInput + ReorderOutput) portable ${portableReorders}, nchwc ${reorders}; blocked convolutions ${convs}`,
    );
  });
});
