// The Recognise view in headless Chromium: enrol a face from a sample photo, recognise it live on the fake camera
// showing that photo (the others in it are "unknown"), the gallery kept in IndexedDB across a reload, and a stored
// gallery of another model refused. Its own Chromium: the camera's video is chosen at launch.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type StaticServer, serveStatic } from '@mtcnn/fixtures/static-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from './chromium.js';
import { ConsoleWatch } from './console-watch.js';
import { photoAsFrame, writeY4m } from './fake-camera.js';

const APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(APP_ROOT, 'dist');
const ARTIFACTS = join(APP_ROOT, 'test-artifacts');
const CAMERA_VIDEO = join(ARTIFACTS, 'fake-camera-sample1.y4m');

const NAME = 'Ada';
const SAMPLE_BUTTON = 'Enrol from Sample 1 · three faces';
/** The camera's size: the playground asks for 640 × 480. */
const CAMERA = { width: 640, height: 480 };
/** Model loading (four models on WASM) and the first frames. */
const LIVE_TIMEOUT_MS = 90_000;

describe('Recognise view in headless Chromium (fake camera showing a sample photo)', () => {
  const watch = new ConsoleWatch();
  let server: StaticServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(join(DIST, 'index.html'))) {
      throw new Error(`no build in ${DIST}: run \`pnpm test:e2e\` at the root (it builds first)`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await serveStatic(DIST);
    // A first browser only decodes the photo into the camera's video; the second one shows it as its camera.
    const decoder = await launchChromium();
    try {
      const decodePage = await decoder.newPage();
      await decodePage.goto(server.url);
      writeY4m(
        CAMERA_VIDEO,
        await photoAsFrame(decodePage, 'samples/sample1.jpg', CAMERA.width, CAMERA.height),
      );
    } finally {
      await decoder.close();
    }
    browser = await launchChromium([`--use-file-for-fake-video-capture=${CAMERA_VIDEO}`]);
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      permissions: ['camera'],
    });
    page = await context.newPage();
    watch.watch(page, 'recognise');
    await page.goto(`${server.url}#recognise`);
    await page.waitForSelector('body[data-ready="true"]');
  });

  /** Reloads once the Detect view (started with the page) has finished, so the reload aborts no request. */
  async function reload(): Promise<void> {
    // The Detect view's status is in a hidden panel: attached is what to wait for.
    await page
      .locator('#detect-status[data-state="done"]')
      .waitFor({ state: 'attached', timeout: LIVE_TIMEOUT_MS });
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
  }

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('enrol the largest face of a sample photo under a name', async () => {
    expect(await page.locator('#gallery-status').getAttribute('data-state')).toBe('empty');
    await page.getByRole('button', { name: SAMPLE_BUTTON }).click();
    await page.locator('#enrol-status[data-state="error"]').waitFor();
    expect(await page.textContent('#enrol-status')).toMatch(/name first/);
    await page.getByLabel('Name').fill(NAME);
    await page.getByRole('button', { name: SAMPLE_BUTTON }).click();
    await page
      .locator(`#enrol-status[data-state="done"][data-name="${NAME}"]`)
      .waitFor({ timeout: LIVE_TIMEOUT_MS });
    await page.locator('#gallery-status[data-state="saved"]').waitFor();
    expect(await page.getAttribute(`#gallery-list li[data-label="${NAME}"]`, 'data-count')).toBe('1');
  });

  test('live on the fake camera: the enrolled face is named, the others are unknown; snapshot enrolment', async () => {
    const started = performance.now();
    await page.getByRole('button', { name: 'Start live recognition' }).click();
    await page.waitForFunction(
      () => Number(document.getElementById('recognise-stats')?.dataset.frames ?? 0) >= 2,
      undefined,
      { timeout: LIVE_TIMEOUT_MS },
    );
    const named = await page.$$eval('#recognise-faces li', (items) =>
      items.map((li) => ({ name: li.getAttribute('data-name'), text: li.textContent ?? '' })),
    );
    console.log(`live: ${JSON.stringify(named)} after ${Math.round(performance.now() - started)} ms`);
    expect(named.filter((f) => f.name === NAME)).toHaveLength(1);
    expect(named.filter((f) => f.name === 'unknown').length).toBeGreaterThanOrEqual(1);
    expect(named.find((f) => f.name === NAME)?.text).toMatch(new RegExp(`^${NAME} · 0\\.\\d\\d$`));
    expect(await page.textContent('#recognise-stats')).toMatch(/frames\/s/);
    await page.screenshot({ path: join(ARTIFACTS, 'recognise-live.png') });
    // A snapshot of the camera (the same photo) adds a second picture of the same largest face.
    await page.getByRole('button', { name: 'Enrol a webcam snapshot' }).click();
    await page.locator(`#gallery-list li[data-label="${NAME}"][data-count="2"]`).waitFor();
    expect(await page.textContent('#enrol-status')).toMatch(/webcam snapshot/);
    await page.getByRole('button', { name: 'Stop live recognition' }).click();
  });

  test('the gallery survives a reload (IndexedDB); Remove forgets an identity', async () => {
    await reload();
    expect(await page.locator('#gallery-status').getAttribute('data-state')).toBe('restored');
    expect(await page.getAttribute(`#gallery-list li[data-label="${NAME}"]`, 'data-count')).toBe('2');
    await page.getByRole('button', { name: `Remove ${NAME}` }).click();
    await page.locator('#gallery-status[data-state="saved"]').waitFor();
    expect(await page.locator('#gallery-list li[data-label]').count()).toBe(0);
  });

  test('a stored gallery of another model is refused, visibly, and not used', async () => {
    await page.evaluate(async () => {
      const open = indexedDB.open('mtcnn-playground', 1);
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction('galleries', 'readwrite');
      const stored = {
        format: 'mtcnn-face-gallery',
        version: 1,
        embedderId: 'other-model',
        embeddingSize: 192,
      };
      tx.objectStore('galleries').put(
        {
          modelId: 'other-model',
          gallery: JSON.stringify({ ...stored, metric: 'cosine', scoring: 'centroid', identities: [] }),
          savedAt: new Date().toISOString(),
        },
        'recognise',
      );
      await new Promise((resolve) => {
        tx.oncomplete = resolve;
      });
      db.close();
    });
    await reload();
    expect(await page.locator('#gallery-status').getAttribute('data-state')).toBe('refused');
    expect(await page.textContent('#gallery-status')).toMatch(/other-model.*not used/);
    expect(await page.locator('#gallery-list li[data-label]').count()).toBe(0);
  });

  test('no console errors or warnings, no failed requests', () => {
    // Chromium warns when the backend probe's requestAdapter() finds no adapter (see playground.e2e.ts).
    expect(watch.problems.filter((p) => !p.endsWith('console.warning: No available adapters.'))).toEqual([]);
  });
});
