// Measures whether onnxruntime-web's WebGPU outputs are better kept in GPU buffers ('gpu-buffer', downloaded by
// the adapter after the run) or read back inside the run ('cpu'), in headless Chromium. Not part of `pnpm test`:
// run `pnpm --filter @mtcnn/conformance measure:residency`. Without a GPU, Chromium's WebGPU runs on
// SwiftShader, a CPU emulation: the numbers say little about a real GPU, where readback costs a PCIe transfer.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { type BrowserHarness, startBrowserHarness } from '../browser/harness.js';
import type { ConformancePage } from '../browser/protocol.js';

const REPEATS = Number(process.env.RESIDENCY_REPEATS ?? 5);
const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-artifacts', 'residency.json');
let harness: BrowserHarness | { skip: string } | undefined;

afterAll(async () => {
  if (harness && !('skip' in harness)) await harness.close();
});

it('times WebGPU outputs read back in the run against kept on the GPU', async (context) => {
  harness = await startBrowserHarness();
  if ('skip' in harness) return context.skip(harness.skip);
  const result = await harness.page.evaluate(
    async (repeats) => (await (window.conformance as Promise<ConformancePage>)).measureResidency(repeats),
    REPEATS,
  );
  const report = { adapter: harness.info.webgpu, ...(result as object) };
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `[residency] median ms over ${REPEATS} repeats (written to ${out}):\n${JSON.stringify(report, null, 2)}`,
  );
  expect(report.adapter).not.toMatch(/^none/);
});
