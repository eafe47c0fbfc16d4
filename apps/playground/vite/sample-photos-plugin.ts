import { readFileSync } from 'node:fs';
import { samplePath } from '@mtcnn/fixtures';
import type { Plugin } from 'vite';
import { SAMPLE_PHOTOS, SAMPLES_FOLDER } from '../src/images/samples.js';

const JPEG = 'image/jpeg';

/**
 * Makes the bundled sample photos available under `samples/`: served from `@mtcnn/fixtures` by the dev server
 * and written into the build output, so the repository holds no copies of the photos.
 */
export function samplePhotosPlugin(): Plugin {
  const files = new Map(SAMPLE_PHOTOS.map((s) => [`${SAMPLES_FOLDER}/${s.file}`, samplePath(s.file)]));
  return {
    name: 'mtcnn-sample-photos',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '').replace(/^\/+/, '');
        const file = files.get(path);
        if (!file) return next();
        res.setHeader('Content-Type', JPEG);
        res.end(readFileSync(file));
      });
    },
    generateBundle() {
      for (const [fileName, file] of files)
        this.emitFile({ type: 'asset', fileName, source: readFileSync(file) });
    },
  };
}
