// The built playground in headless Chromium: detection on WASM and WebGPU, the Compare view, the webcam mode,
// desktop and phone screenshots, and a console without errors. `pnpm test:e2e` at the root builds first.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANDMARK_COLORS, LANDMARK_NAMES } from '@mtcnn/core';
import { loadGolden, samplePath } from '@mtcnn/fixtures';
import { skipForEnvironment } from '@mtcnn/fixtures/environment';
import { type StaticServer, serveStatic } from '@mtcnn/fixtures/static-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from './chromium.js';
import { ConsoleWatch } from './console-watch.js';
import { type Corners, iou, PlaygroundPage } from './playground-page.js';

const APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(APP_ROOT, 'dist');
const ARTIFACTS = join(APP_ROOT, 'test-artifacts');

const SAMPLE = 'sample1.jpg';
const SAMPLE_BUTTON = 'Sample 1 · three faces';
/** Photos loaded the other two ways: with the file picker (five faces) and by drag and drop (four). */
const PICKED = 'sample4.jpg';
const DROPPED = 'sample6.jpg';
/** An O-Net threshold between the sample's face scores (0.99958 < 0.9999 < 0.99998): it keeps some faces. */
const STRICT_ONET_THRESHOLD = 0.9999;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/** SwiftShader runs WebGPU on the CPU, slowly: WebGPU runs use a photo scaled to this longer side. */
const SMALL_SIDE = 320;
/** Runs per backend in the Compare view: enough for a first run and a steady median/p90, and quick. */
const COMPARE_RUNS = 3;
/** A full-size detection on WASM and a small one on software WebGPU, with its first-run shader compiles. */
const WASM_DETECT_TIMEOUT_MS = 60_000;
const WEBGPU_DETECT_TIMEOUT_MS = 120_000;
const COMPARE_TIMEOUT_MS = 200_000;

/** The playground must find the reference faces: same boxes at full size, same places when scaled down. */
const FULL_SIZE_MIN_IOU = 0.9;
const SCALED_MIN_IOU = 0.7;
/** What Chromium logs when WebGPU has no adapter. */
const NO_ADAPTER_WARNING = 'console.warning: No available adapters.';
/** The Compare view's "full agreement" bound, checked here on the numbers it reports. */
const AGREEMENT_PX = 0.5;

const golden = loadGolden().results[SAMPLE]!;
const goldenBoxes = golden.faces.map((f) => f.box);

function expectReferenceFaces(listed: Corners[], scale: number, minIou: number): void {
  expect(listed).toHaveLength(goldenBoxes.length);
  for (const box of goldenBoxes) {
    const scaled = box.map((v) => v * scale) as Corners;
    const best = Math.max(...listed.map((l) => iou(l, scaled)));
    expect(best, `reference face ${box.map(Math.round).join(',')}`).toBeGreaterThanOrEqual(minIou);
  }
}

describe('playground in headless Chromium (built app, static server with COOP/COEP)', () => {
  const watch = new ConsoleWatch();
  let server: StaticServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let app: PlaygroundPage;
  let backends: Record<string, { available: boolean; note: string }>;

  beforeAll(async () => {
    if (!existsSync(join(DIST, 'index.html'))) {
      throw new Error(`no build in ${DIST}: run \`pnpm test:e2e\` at the root (it builds first)`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await serveStatic(DIST);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP });
    page = await context.newPage();
    watch.watch(page, 'main');
    app = new PlaygroundPage(page);
    await app.open(server.url);
    backends = await app.backends();
    console.log(`browser ${browser.version()}; backends ${JSON.stringify(backends)}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the page is cross-origin isolated, so WASM can use threads', async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(backends['wasm-1']?.available).toBe(true);
    expect(backends['wasm-n']?.available).toBe(true);
  });

  test('the default backend: WASM on one thread with two cores or fewer (measured faster), else on every core', async () => {
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    // A GPU that is not emulated in software would be the default; SwiftShader's fallback adapter is not.
    const realGpu = backends.webgpu?.available && !/software fallback/.test(backends.webgpu.note);
    const expected = realGpu ? 'webgpu' : cores <= 2 ? 'wasm-1' : 'wasm-n';
    console.log(`${cores} logical cores: default ${expected}; wasm-n: ${backends['wasm-n']?.note}`);
    for (const stage of ['pnet', 'rnet', 'onet']) {
      expect(await page.inputValue(`#backend-${stage}`), stage).toBe(expected);
    }
    if (cores <= 2) expect(backends['wasm-n']?.note).toMatch(/not the default: slower than 1 thread/);
  });

  test(`WASM: ${SAMPLE} at full size shows the reference faces`, async () => {
    await app.chooseBackendForAllStages('wasm-1');
    const done = await app.waitForDetection(
      'WASM · 1 thread',
      `${golden.width}x${golden.height}`,
      WASM_DETECT_TIMEOUT_MS,
    );
    const { drawn, listed } = await app.shownFaces();
    expect(done.faces).toBe(goldenBoxes.length);
    expect(drawn).toBe(goldenBoxes.length);
    expectReferenceFaces(listed, 1, FULL_SIZE_MIN_IOU);
    await page.screenshot({ path: join(ARTIFACTS, 'detect-desktop-wasm.png'), fullPage: true });
  });

  test('faces are numbered from 1; landmark dots are drawn in the library colours the legend names', async () => {
    const numbers = await page.$$eval('#faces-list li[data-box] strong', (items) =>
      items.map((i) => i.textContent),
    );
    expect(numbers).toEqual(goldenBoxes.map((_, i) => `Face ${i + 1}`));
    const legend = await page.$$eval('#landmark-legend .legend-item', (items) =>
      items.map((i) => [
        (i as HTMLElement).dataset.landmark,
        (i as HTMLElement).dataset.color,
        i.textContent,
      ]),
    );
    expect(legend).toEqual(LANDMARK_NAMES.map((n) => [n, LANDMARK_COLORS[n], expect.any(String)]));
    // The centre pixel of each dot of the first face, read back from the canvas (drawn at the image's scale: 1).
    const points = (await page.getAttribute('#faces-list li[data-box]', 'data-landmarks'))!
      .split(';')
      .map((p) => p.split(',').map(Number) as [number, number]);
    const drawn = await page.evaluate((points) => {
      const canvas = document.getElementById('picture-canvas') as HTMLCanvasElement;
      // One readback of the whole canvas: several small ones make Chromium warn.
      const { data, width } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      return points.map(([x, y]) => {
        const at = (Math.floor(y) * width + Math.floor(x)) * 4;
        return `#${[data[at], data[at + 1], data[at + 2]].map((v) => v!.toString(16).padStart(2, '0')).join('')}`;
      });
    }, points);
    expect(drawn).toEqual(LANDMARK_NAMES.map((n) => LANDMARK_COLORS[n]));
  });

  test('options re-run the detection: a strict O-Net threshold drops faces, reset brings them back', async () => {
    const size = `${golden.width}x${golden.height}`;
    const kept = golden.faces.filter((f) => f.score >= STRICT_ONET_THRESHOLD).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(goldenBoxes.length);
    await page.fill('#opt-threshold-onet', String(STRICT_ONET_THRESHOLD));
    await app.waitForDetection('WASM · 1 thread', size, WASM_DETECT_TIMEOUT_MS, { faces: kept });
    expect((await app.shownFaces()).drawn).toBe(kept);
    await page.getByRole('button', { name: 'Reset options' }).click();
    await app.waitForDetection('WASM · 1 thread', size, WASM_DETECT_TIMEOUT_MS, {
      faces: goldenBoxes.length,
    });
  });

  test('every invalid option is flagged and named at once, and the detection waits for them', async () => {
    const invalidFields = () =>
      page.$$eval('#view-detect input[aria-invalid="true"]', (inputs) => inputs.map((i) => i.id));
    const messages = () =>
      page.$$eval('#options-error span', (spans) =>
        spans.map((s) => [s.getAttribute('data-field'), s.textContent]),
      );
    await page.fill('#opt-min-face', '5');
    await page.fill('#opt-threshold-pnet', '2');
    await page.fill('#opt-threshold-onet', '');
    expect(await invalidFields()).toEqual(['opt-min-face', 'opt-threshold-pnet', 'opt-threshold-onet']);
    expect(await messages()).toEqual([
      ['opt-min-face', 'Min face (px): enter a number from 12 to 2000.'],
      ['opt-threshold-pnet', 'P-Net threshold: enter a number from 0 to 1.'],
      ['opt-threshold-onet', 'O-Net threshold: enter a number from 0 to 1.'],
    ]);
    await page.fill('#opt-threshold-pnet', '0.6');
    expect(await invalidFields()).toEqual(['opt-min-face', 'opt-threshold-onet']);
    expect((await messages()).map(([field]) => field)).toEqual(['opt-min-face', 'opt-threshold-onet']);
    await page.getByRole('button', { name: 'Reset options' }).click();
    expect(await invalidFields()).toEqual([]);
    expect(await page.textContent('#options-error')).toBe('');
    await app.waitForDetection(
      'WASM · 1 thread',
      `${golden.width}x${golden.height}`,
      WASM_DETECT_TIMEOUT_MS,
      {
        faces: goldenBoxes.length,
      },
    );
  });

  test('a photo from the file picker and one dropped on the picture are detected', async () => {
    for (const [sample, load] of [
      [PICKED, () => page.setInputFiles('#file-input', samplePath(PICKED))],
      [
        DROPPED,
        () => app.dropFile('#picture-area', DROPPED, readFileSync(samplePath(DROPPED)), 'image/jpeg'),
      ],
    ] as const) {
      const reference = loadGolden().results[sample]!;
      await load();
      const done = await app.waitForDetection(
        'WASM · 1 thread',
        `${reference.width}x${reference.height}`,
        WASM_DETECT_TIMEOUT_MS,
        { image: sample },
      );
      expect(done.faces, sample).toBe(reference.faces.length);
      expect((await app.shownFaces()).drawn, sample).toBe(reference.faces.length);
    }
  });

  test('an upload that cannot be decoded clears the previous photo and its results, and says why', async () => {
    expect((await app.shownFaces()).listed.length).toBeGreaterThan(0);
    await page.setInputFiles('#file-input', {
      name: 'broken.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('these bytes are not a JPEG'),
    });
    await page.locator('#detect-status[data-state="error"]').waitFor();
    expect(await page.textContent('#detect-status')).toBe('broken.jpg could not be decoded as an image');
    expect(await app.shownFaces()).toEqual({ drawn: 0, listed: [] });
    expect(await page.$$eval('#faces-list li', (items) => items.length)).toBe(0);
    expect(await page.$$eval('#timings-table tbody tr', (rows) => rows.length)).toBe(0);
    const canvas = await page.$eval('#picture-canvas', (c) => {
      const e = c as HTMLCanvasElement;
      return { width: e.width, height: e.height, label: e.getAttribute('aria-label') };
    });
    expect(canvas).toEqual({ width: 0, height: 0, label: 'No image' });
    await app.openTab('Compare backends');
    expect(await page.textContent('#compare-image')).toBe('Pick an image in the Detect view first.');
    await app.openTab('Detect');
    // The next photo works as before.
    await app.pickSample(SAMPLE_BUTTON);
    await app.waitForDetection(
      'WASM · 1 thread',
      `${golden.width}x${golden.height}`,
      WASM_DETECT_TIMEOUT_MS,
      {
        image: SAMPLE,
        faces: goldenBoxes.length,
      },
    );
  });

  test(`WebGPU: ${SAMPLE} scaled to ${SMALL_SIDE} px shows the same faces`, async (ctx) => {
    const webgpu = backends.webgpu;
    if (!webgpu?.available)
      return skipForEnvironment(ctx, 'WebGPU in Chromium', webgpu?.note ?? 'not offered');
    await app.pickSample(SAMPLE_BUTTON);
    await app.setWorkingSize(SMALL_SIDE);
    await app.chooseBackendForAllStages('webgpu');
    const scale = SMALL_SIDE / Math.max(golden.width, golden.height);
    const size = `${Math.round(golden.width * scale)}x${Math.round(golden.height * scale)}`;
    const done = await app.waitForDetection('WebGPU', size, WEBGPU_DETECT_TIMEOUT_MS);
    const { drawn, listed } = await app.shownFaces();
    expect(done.faces).toBe(goldenBoxes.length);
    expect(drawn).toBe(goldenBoxes.length);
    expectReferenceFaces(listed, scale, SCALED_MIN_IOU);
    await page.screenshot({ path: join(ARTIFACTS, 'detect-desktop-webgpu.png'), fullPage: true });
  });

  test('Compare: every available backend, all agreeing with the reference backend', async () => {
    // The Compare view takes the Detect view's photo (the WebGPU test leaves sample1 there, unless skipped);
    // the Detect view's own detection must be over, not competing with the measurements.
    if ((await page.getByRole('button', { name: SAMPLE_BUTTON }).getAttribute('aria-pressed')) !== 'true') {
      await app.pickSample(SAMPLE_BUTTON);
    }
    await page.locator(`#detect-status[data-state="done"][data-image="${SAMPLE}"]`).waitFor({
      timeout: WEBGPU_DETECT_TIMEOUT_MS,
    });
    await app.openTab('Compare backends');
    await page.locator('#compare-image', { hasText: `Image: ${SAMPLE}` }).waitFor();
    await page.fill('#compare-runs', String(COMPARE_RUNS));
    await page.selectOption('#compare-size', String(SMALL_SIDE));
    await page.getByRole('button', { name: 'Run comparison' }).click();
    await page.locator('#compare-status[data-state="done"]').waitFor({ timeout: COMPARE_TIMEOUT_MS });

    const expected = Object.entries(backends)
      .filter(([, b]) => b.available)
      .map(([id]) => id);
    const tableBackends = await page.$$eval('#compare-table tr[data-part="total"]', (rows) =>
      rows.map((r) => r.getAttribute('data-backend')),
    );
    expect(tableBackends).toEqual(expected);
    expect(tableBackends).toContain('wasm-1');
    if (backends.webgpu?.available) expect(tableBackends).toContain('webgpu');

    const agreement = await page.$$eval('#agreement-table tbody tr', (rows) =>
      rows.map((r) => ({ ...(r as HTMLElement).dataset })),
    );
    console.log(`agreement: ${JSON.stringify(agreement)}`);
    expect(agreement[0]).toMatchObject({
      backend: 'wasm-1',
      verdict: 'reference',
      faces: String(goldenBoxes.length),
    });
    for (const row of agreement.slice(1)) {
      expect(row.verdict, row.backend).toBe('full agreement');
      expect(row.matched).toBe(row.referenceFaces);
      expect(row.faces).toBe(String(goldenBoxes.length));
      expect(row.extra).toBe('0');
      expect(Number(row.boxDeviation)).toBeLessThan(AGREEMENT_PX);
      expect(Number(row.landmarkDeviation)).toBeLessThan(AGREEMENT_PX);
    }

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download JSON' }).click(),
    ]);
    const saved = join(ARTIFACTS, 'compare-report.json');
    await download.saveAs(saved);
    const report = JSON.parse(readFileSync(saved, 'utf8'));
    expect(report.kind).toBe('mtcnn-playground-compare');
    expect(report.runsPerBackend).toBe(COMPARE_RUNS);
    expect(report.backends.map((b: { id: string }) => b.id)).toEqual(expected);
    for (const b of report.backends) {
      expect(b.error).toBeUndefined();
      expect(b.runs).toHaveLength(COMPARE_RUNS);
      console.log(
        `${b.label}: load ${b.loadMs.toFixed(0)} ms; ` +
          ['pre', 'pnet', 'rnet', 'onet', 'post', 'total']
            .map((p) => {
              const s = b.summary[p];
              return `${p} ${s.first.toFixed(1)}/${s.median.toFixed(1)}/${s.p90.toFixed(1)}`;
            })
            .join(', ') +
          ' (first/median/p90 ms)',
      );
    }
    await page.screenshot({ path: join(ARTIFACTS, 'compare-desktop.png'), fullPage: true });
  });

  test('phone-sized viewport: both views fit the width', async () => {
    await page.setViewportSize(PHONE);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(ARTIFACTS, 'compare-phone.png'), fullPage: true });
    await app.openTab('Detect');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(ARTIFACTS, 'detect-phone.png'), fullPage: true });
    await page.setViewportSize(DESKTOP);
  });

  test('keyboard: tabs switch with the arrow keys and controls show a focus ring', async () => {
    await page.getByRole('tab', { name: 'Detect' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('#tab-compare', 'aria-selected')).toBe('true');
    expect(await page.isVisible('#view-compare')).toBe(true);
    await page.keyboard.press('ArrowLeft');
    expect(await page.isVisible('#view-detect')).toBe(true);
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
  });

  test('webcam: a (fake) camera is detected frame by frame; a denied camera is explained', async () => {
    const camera = await browser.newContext({ viewport: DESKTOP, permissions: ['camera'] });
    const camPage = await camera.newPage();
    watch.watch(camPage, 'webcam');
    const cam = new PlaygroundPage(camPage);
    await cam.open(server.url);
    await cam.chooseBackendForAllStages('wasm-1');
    await camPage.getByRole('button', { name: 'Start webcam' }).click();
    await camPage.waitForFunction(
      () => Number(document.getElementById('webcam-stats')?.dataset.frames ?? 0) >= 3,
    );
    expect(await camPage.isVisible('#webcam-video')).toBe(true);
    await camPage.screenshot({ path: join(ARTIFACTS, 'webcam-desktop.png') });
    await camPage.getByRole('button', { name: 'Stop webcam' }).click();
    await camera.close();

    const denied = await browser.newContext({ viewport: DESKTOP });
    const deniedPage = await denied.newPage();
    watch.watch(deniedPage, 'webcam-denied');
    await new PlaygroundPage(deniedPage).open(server.url);
    await deniedPage.getByRole('button', { name: 'Start webcam' }).click();
    await deniedPage.locator('#detect-status[data-state="error"]').waitFor();
    expect(await deniedPage.textContent('#detect-status')).toMatch(/denied/i);
    await denied.close();
  });

  test('no console errors or warnings, no failed requests', () => {
    // Chromium itself warns when requestAdapter() finds no adapter: the probe that says "WebGPU unavailable"
    // cannot avoid it, so only there it is expected.
    const expected = backends.webgpu?.available ? [] : [NO_ADAPTER_WARNING];
    expect(watch.problems.filter((p) => !expected.some((e) => p.endsWith(e)))).toEqual([]);
  });
});
