// Starts everything the browser suite needs: the CPU reference, the bundled page, the server and Chromium.
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeConformanceData } from '@mtcnn/core/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { GPU_PHOTO_WIDTH, GPU_PHOTOS, photos } from '../images.js';
import { cpuReference } from '../reference.js';
import { buildPage } from './build-page.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumMissing } from './chromium.js';
import { type ConformancePage, type PageData, type PageInfo, ROUTES } from './protocol.js';
import { type StaticServer, startServer } from './server.js';

const here = dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = join(here, '..', '..', 'test-artifacts');
const ORT_DIST = dirname(createRequire(import.meta.url).resolve('onnxruntime-web'));

/** Photos the WebAssembly subject detects at full size in the browser. */
const BROWSER_FULL_PHOTOS = GPU_PHOTOS;

export interface BrowserHarness {
  readonly page: Page;
  readonly info: PageInfo;
  /** Errors the page threw or logged, for failure messages. */
  readonly pageErrors: string[];
  close(): Promise<void>;
}

async function pageData(): Promise<Uint8Array> {
  const full = await photos(BROWSER_FULL_PHOTOS);
  const gpu = await photos(GPU_PHOTOS, GPU_PHOTO_WIDTH);
  const data: PageData = {
    reference: await cpuReference([...full, ...gpu]),
    photos: { full: full.map((p) => p.label), gpu: gpu.map((p) => p.label) },
  };
  return encodeConformanceData(data);
}

/** Everything started, or why the browser suite cannot run here. */
export async function startBrowserHarness(): Promise<BrowserHarness | { skip: string }> {
  const missing = chromiumMissing();
  if (missing) return { skip: missing };
  await mkdir(ARTIFACTS, { recursive: true });
  const [outDir, reference] = await Promise.all([buildPage(join(ARTIFACTS, 'conformance-page')), pageData()]);
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startServer({ '/': outDir, [ROUTES.ort]: ORT_DIST }, { [ROUTES.reference]: reference });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => window.conformance !== undefined);
    const info = await page.evaluate(
      async () => (await (window.conformance as Promise<ConformancePage>)).info,
    );
    const opened = { browser, server };
    return {
      page,
      info,
      pageErrors,
      async close() {
        await opened.browser.close();
        await opened.server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server?.close();
    throw error;
  }
}
