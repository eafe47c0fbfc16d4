// The models the stage packages actually ship (packages/<stage>/model, written by their build):
// model-info.json must describe the file, match a fresh build, and the model must run in
// onnxruntime-node with dynamic shapes. Turbo builds the stage packages before this test
// (see turbo.json here); run `pnpm build` first when running vitest by hand.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildModel, type ModelInfo } from './build.js';
import { buildEmbedderModel, type EmbedderModelInfo, embedderSpecs } from './embedders.js';
import { embedders, loadSource, type Stage, sha256, stages } from './source.js';

const packageDir = (stage: Stage) => fileURLToPath(new URL(`../../../packages/${stage}/`, import.meta.url));

function shipped(stage: Stage): { info: ModelInfo; bytes: Uint8Array; modelPath: string } {
  const dir = `${packageDir(stage)}model/`;
  const infoPath = `${dir}model-info.json`;
  if (!existsSync(infoPath))
    throw new Error(`${infoPath} is missing: build @mtcnn/${stage} first (pnpm build)`);
  const info = JSON.parse(readFileSync(infoPath, 'utf8')) as ModelInfo;
  const modelPath = `${dir}${info.file}`;
  return { info, bytes: new Uint8Array(readFileSync(modelPath)), modelPath };
}

async function run(path: string, n: number, h: number, w: number) {
  const s = await ort.InferenceSession.create(path, { executionProviders: ['cpu'] });
  const input = new ort.Tensor('float32', new Float32Array(n * 3 * h * w).fill(0.25), [n, 3, h, w]);
  const out = await s.run({ input });
  return { session: s, dims: Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v.dims]])) };
}

describe.each(stages)('%s model-info.json', (stage) => {
  it('describes the shipped file and matches a fresh build', () => {
    const { info, bytes } = shipped(stage);
    expect(info.stage).toBe(stage);
    expect(info.file).toBe(`${stage}.onnx`);
    expect(info.bytes).toBe(bytes.length);
    expect(info.sha256).toBe(sha256(bytes));
    expect(info.opset).toBe(17);
    expect(info.source.file).toBe(`${stage}.tflite`);
    expect(info.source.sha256).toBe(loadSource(stage).sha256);
    for (const form of Object.values(info.forms)) {
      const formBytes = readFileSync(`${packageDir(stage)}model/${form.file}`);
      expect(form.bytes).toBe(formBytes.length);
      expect(form.sha256).toBe(sha256(formBytes));
    }
    // A stale model (built by an older converter) would differ from what the build makes now.
    expect(info).toEqual(buildModel(stage).info);
  });

  it('is exported by the stage package', () => {
    const pkg = JSON.parse(readFileSync(`${packageDir(stage)}package.json`, 'utf8'));
    expect(pkg.exports[`./model/${stage}.onnx`]).toBe(`./model/${stage}.onnx`);
    for (const form of Object.values(shipped(stage).info.forms)) {
      expect(pkg.exports[`./model/${form.file}`]).toBe(`./model/${form.file}`);
    }
    expect(pkg.exports['./model-info']).toBe('./model/model-info.json');
    expect(pkg.files).toContain('model');
  });

  it.each(['portable', 'nchwc'] as const)(
    'loads in onnxruntime-node and runs with dynamic shapes (%s form)',
    async (form) => {
      const { info, modelPath: portablePath } = shipped(stage);
      const modelPath =
        form === 'portable' ? portablePath : `${packageDir(stage)}model/${info.forms[form].file}`;
      const cases: [number, number, number][] =
        stage === 'pnet'
          ? [
              [1, 12, 12],
              [3, 57, 40],
            ]
          : [
              [1, info.inputs[0]!.shape[2] as number, info.inputs[0]!.shape[3] as number],
              [5, info.inputs[0]!.shape[2] as number, info.inputs[0]!.shape[3] as number],
            ];
      for (const [n, h, w] of cases) {
        const { session, dims } = await run(modelPath, n, h, w);
        expect(session.inputNames).toEqual(info.inputs.map((i) => i.name));
        expect(session.outputNames).toEqual(info.outputs.map((o) => o.name));
        // Symbolic dims: N is the batch; P-Net's h and w follow the documented formula.
        const oh = Math.ceil((h - 2) / 2) - 4;
        const ow = Math.ceil((w - 2) / 2) - 4;
        for (const o of info.outputs) {
          const expected = o.shape.map((d) => (d === 'N' ? n : d === 'h' ? oh : d === 'w' ? ow : d));
          expect(dims[o.name], `${stage} ${o.name} at ${n}x${h}x${w}`).toEqual(expected);
        }
      }
    },
  );
});

// The embedder packages (packages/<embedder>, built by turbo before this test like the stages).
describe.each(embedders)('%s model-info.json', (embedder) => {
  const dir = fileURLToPath(new URL(`../../../packages/${embedder}/`, import.meta.url));
  const read = () => {
    const infoPath = `${dir}model/model-info.json`;
    if (!existsSync(infoPath))
      throw new Error(`${infoPath} is missing: build @mtcnn/${embedder} first (pnpm build)`);
    const info = JSON.parse(readFileSync(infoPath, 'utf8')) as EmbedderModelInfo;
    return { info, bytes: new Uint8Array(readFileSync(`${dir}model/${info.file}`)) };
  };

  it('describes the shipped file and matches a fresh build', () => {
    const { info, bytes } = read();
    expect(info.model).toBe(embedder);
    expect(info.file).toBe(`${embedder}.onnx`);
    expect(info.bytes).toBe(bytes.length);
    expect(info.sha256).toBe(sha256(bytes));
    expect(info.opset).toBe(17);
    expect(info.source.sha256).toBe(loadSource(embedder).sha256);
    expect(info.id.endsWith(info.source.sha256.slice(0, 12))).toBe(true);
    expect(info.threshold).toBe(embedderSpecs[embedder].threshold);
    for (const form of Object.values(info.forms)) {
      const formBytes = readFileSync(`${dir}model/${form.file}`);
      expect(form.bytes).toBe(formBytes.length);
      expect(form.sha256).toBe(sha256(formBytes));
    }
    expect(info).toEqual(buildEmbedderModel(embedder).info);
  });

  it('is exported by its package', () => {
    const pkg = JSON.parse(readFileSync(`${dir}package.json`, 'utf8'));
    expect(pkg.exports[`./model/${embedder}.onnx`]).toBe(`./model/${embedder}.onnx`);
    for (const form of Object.values(read().info.forms)) {
      expect(pkg.exports[`./model/${form.file}`]).toBe(`./model/${form.file}`);
    }
    expect(pkg.exports['./model-info']).toBe('./model/model-info.json');
    expect(pkg.files).toContain('model');
  });
});
