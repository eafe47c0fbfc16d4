// Bundles the test page with Vite, as an application would bundle mtcnn: the stage packages' models become
// assets and onnxruntime-web is bundled from npm (its .wasm files are served separately, see ROUTES.ort).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
export const PAGE_SOURCE = join(here, 'page');

/** Builds the page into `outDir` and returns it. */
export async function buildPage(outDir: string): Promise<string> {
  await build({
    configFile: false,
    root: PAGE_SOURCE,
    base: '/',
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'esnext',
      minify: false,
      reportCompressedSize: false,
      // onnxruntime-web's bundle alone is ~400 kB.
      chunkSizeWarningLimit: 4096,
    },
  });
  return outDir;
}
