// The Node entry without sharp, for real: a child Node process in which `sharp` is resolved from the filesystem
// root, where nothing is installed, so Node itself fails with ERR_MODULE_NOT_FOUND as in a P-Net-only install.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { samplePath } from '@mtcnn/fixtures';
import { describe, expect, it } from 'vitest';

const entry = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'node', 'index.js');

/** decodeImageFile of a sample photo, then of raw pixels through readImage, with `sharp` resolved by `hook`. */
async function decodeWith(hook: string): Promise<{ file: string; raw: string }> {
  const script = `
    const { register } = await import('node:module');
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));
    const { decodeImageFile, readImage } = await import(${JSON.stringify(pathToFileURL(entry).href)});
    const report = {};
    try {
      const image = await decodeImageFile(${JSON.stringify(samplePath('sample1.jpg'))});
      report.file = image.width + 'x' + image.height;
    } catch (error) {
      report.file = error.code + ': ' + error.message;
    }
    const image = await readImage({ data: new Uint8Array(2 * 3 * 4), width: 2, height: 3, channels: 4 });
    report.raw = image.width + 'x' + image.height;
    console.log(JSON.stringify(report));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

describe('decoding without sharp', () => {
  it('is MISSING_DEPENDENCY: one line naming sharp, the npm line and what works without it', async () => {
    const hook = `export async function resolve(specifier, context, next) {
      return next(specifier, specifier === 'sharp' ? { ...context, parentURL: 'file:///' } : context);
    }`;
    const report = await decodeWith(hook);
    expect(report.file).toBe(
      'MISSING_DEPENDENCY: sharp is not installed (needed for decoding image files and encoded bytes): ' +
        'npm i sharp; raw pixels { data, width, height, channels } work without it',
    );
    expect(report.file).not.toContain('\n');
    // Raw pixels never load sharp.
    expect(report.raw).toBe('2x3');
  });

  it('keeps INVALID_IMAGE, with the loader’s message, when sharp is installed but fails to load', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mtcnn-broken-sharp-'));
    try {
      const broken = join(dir, 'sharp.mjs');
      await writeFile(
        broken,
        "throw new Error('Could not load the sharp module using the linux-x64 runtime');\n",
      );
      const hook = `export async function resolve(specifier, context, next) {
        if (specifier === 'sharp') return { url: ${JSON.stringify(pathToFileURL(broken).href)}, shortCircuit: true };
        return next(specifier, context);
      }`;
      const report = await decodeWith(hook);
      expect(report.file).toBe(
        'INVALID_IMAGE: sharp could not be loaded: Could not load the sharp module using the linux-x64 runtime',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
