import { fitStage, SampleSetWriter, Random } from './dist/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const root = mkdtempSync(join(tmpdir(), 'measure-'));
const stages = process.argv.slice(2);
for (const [stage, size] of [['pnet', 12], ['rnet', 24], ['onet', 48]]) {
  if (stages.length && !stages.includes(stage)) continue;
  const steps = stage === 'onet' ? 3 : stage === 'rnet' ? 6 : 20;
  const dir = join(root, stage);
  const w = new SampleSetWriter(dir, size, 'random');
  const rng = new Random(1);
  const labels = [0, 0, 0, 1, -1, -2, -2];
  for (let i = 0; i < 384 * steps + 40; i++) {
    const image = Uint8Array.from({ length: size * size * 3 }, () => rng.int(256));
    const label = labels[i % 7];
    w.add({ image, label, box: [0.1, 0, -0.1, 0], landmarks: label === -2 ? Array(10).fill(0.5) : undefined });
  }
  w.close();
  const r = await fitStage({ stage, samples: dir, work: join(root, stage + '-work'), init: 'released', epochs: 1, batchSize: 384, validationShare: 0.01 });
  const per = r.curves.steps.length;
  console.log(stage, 'steps', per, 'samples/s', r.samplesPerSecond.toFixed(0), 'wall', r.seconds.toFixed(1));
}
rmSync(root, { recursive: true, force: true });
