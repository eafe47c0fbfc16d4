// Measures WASM on one thread against WASM on every core in the built playground, through its own Compare view,
// in headless Chromium: the numbers behind the default thread count (src/backends.ts). Not part of any test run:
// `pnpm --filter playground measure:threads` after a build. Writes test-artifacts/threads.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type StaticServer, serveStatic } from '@mtcnn/fixtures/static-server';
import type { Browser } from 'playwright-core';
import { afterAll, expect, test } from 'vitest';
import { launchChromium } from './chromium.js';
import { PlaygroundPage } from './playground-page.js';

const APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(APP_ROOT, 'dist');
const ARTIFACTS = join(APP_ROOT, 'test-artifacts');
const RUNS = Number(process.env.MEASURE_RUNS ?? 11);
/** Working sizes measured: the original 1920 px sample and the webcam-like 640 px. */
const SIZES = [0, 640];
const ROUNDS = Number(process.env.MEASURE_ROUNDS ?? 2);

let server: StaticServer | undefined;
let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('WASM: 1 thread against every core, sample1, through the Compare view', async () => {
  if (!existsSync(join(DIST, 'index.html')))
    throw new Error(`no build in ${DIST}: pnpm --filter playground... build`);
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serveStatic(DIST);
  browser = await launchChromium();
  const page = await browser.newPage();
  const app = new PlaygroundPage(page);
  await app.open(server.url);
  await page.locator('#detect-status[data-state="done"]').waitFor({ timeout: 120_000 });
  await app.openTab('Compare backends');
  for (const box of await page.$$('#compare-backends input[type="checkbox"]')) {
    const id = await box.getAttribute('value');
    if ((await box.isEnabled()) && (await box.isChecked()) !== (id === 'wasm-1' || id === 'wasm-n')) {
      await box.click();
    }
  }
  await page.fill('#compare-runs', String(RUNS));
  const results: object[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const size of SIZES) {
      await page.selectOption('#compare-size', String(size));
      await page.getByRole('button', { name: 'Run comparison' }).click();
      await page
        .locator('#compare-status[data-state="busy"]')
        .waitFor({ timeout: 10_000 })
        .catch(() => {});
      await page.locator('#compare-status[data-state="done"]').waitFor({ timeout: 600_000 });
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download JSON' }).click(),
      ]);
      const file = join(ARTIFACTS, 'threads-compare.json');
      await download.saveAs(file);
      const report = JSON.parse(readFileSync(file, 'utf8'));
      for (const b of report.backends) {
        const total = b.summary.total;
        const line = {
          round,
          size: `${report.image.width}x${report.image.height}`,
          backend: b.label,
          medianMs: total.median,
          p90Ms: total.p90,
          loadavg: loadavg()[0],
        };
        console.log(JSON.stringify(line));
        results.push(line);
      }
    }
  }
  const environment = {
    chromium: browser.version(),
    hardwareConcurrency: await page.evaluate(() => navigator.hardwareConcurrency),
    cores: availableParallelism(),
    runsPerBackend: RUNS,
  };
  writeFileSync(join(ARTIFACTS, 'threads.json'), JSON.stringify({ environment, results }, null, 2));
  console.log(JSON.stringify(environment));
  expect(results.length).toBe(ROUNDS * SIZES.length * 2);
});
