// The README's Node examples, run as written (the photo path swapped for a sample photo): what a user copies
// must work. Each snippet runs in its own Node process from a file inside this package, so that `mtcnn`
// resolves to this package by its own name, as it would from node_modules.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { alignFace, applyAffine, type Face, LANDMARK_NAMES } from '@mtcnn/core';
import { samplePath } from '@mtcnn/fixtures';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDetector, readImage } from '../../dist/index.js';

const run = promisify(execFile);
const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));
const README = fileURLToPath(new URL('../../../../README.md', import.meta.url));
const photo = samplePath('sample1.jpg');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtcnn-readme-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The first ```ts block after `heading` in the README. */
async function snippetAfter(heading: string): Promise<string> {
  const text = await readFile(README, 'utf8');
  const at = text.indexOf(`\n${heading}\n`);
  expect(at, `README has no heading "${heading}"`).toBeGreaterThan(0);
  const match = /```ts\n([\s\S]*?)```/.exec(text.slice(at));
  if (!match?.[1]) throw new Error(`no ts block after "${heading}"`);
  return match[1];
}

/** Runs `code` as an ES module from this package's folder, with `cwd` as its working directory. */
async function runSnippet(name: string, code: string): Promise<string> {
  const file = join(PACKAGE_DIR, `.readme-${name}-${process.pid}.mjs`);
  await writeFile(file, code);
  try {
    const { stdout } = await run(process.execPath, [file], { cwd: dir, timeout: 100_000 });
    return stdout;
  } finally {
    await unlink(file);
  }
}

describe('README examples', () => {
  it('"In Node": finds the faces the workspace detector finds', async () => {
    const code = (await snippetAfter('### In Node: `mtcnn`')).replaceAll(
      "'photo.jpg'",
      JSON.stringify(photo),
    );
    const stdout = await runSnippet('node', `${code}\nconsole.log(JSON.stringify(faces));\n`);
    const faces = JSON.parse(stdout) as Face[];
    const detector = await createDetector({ device: 'cpu' });
    try {
      // Same models and arithmetic on the default device (cpu here): equal faces, not merely close.
      expect(faces).toEqual(JSON.parse(JSON.stringify(await detector.detect(photo))));
      expect(faces.length).toBe(3);
    } finally {
      await detector.dispose();
    }
  });

  it('"Align faces": writes one ArcFace crop per face, each with its landmarks where the alignment put them', async () => {
    const code = (await snippetAfter('### Align faces')).replaceAll("'photo.jpg'", JSON.stringify(photo));
    await runSnippet('align', code);
    const detector = await createDetector({ device: 'cpu' });
    try {
      const image = await readImage(photo);
      const faces = await detector.detect(image);
      expect(faces.length).toBe(3);
      for (const [index, face] of faces.entries()) {
        const crop = join(dir, `face${index + 1}.png`);
        const meta = await sharp(crop).metadata();
        expect([meta.width, meta.height, meta.channels]).toEqual([112, 112, 3]);
        // Detected again on the crop, the landmarks lie where the alignment moved them: within 6 px each and
        // 3 px on average (5 % and 2.7 % of the crop; O-Net's own landmark error on a face this size is 1–4 px),
        // which a crop of the wrong face, place, scale or rotation would not meet.
        const { matrix } = alignFace(image, face);
        const [again] = await detector.detect(crop, { minFaceSize: 40 });
        expect(again?.landmarks, `no face found again in ${crop}`).toBeDefined();
        const errors = LANDMARK_NAMES.map((name) => {
          const found = again!.landmarks![name];
          const wanted = applyAffine(matrix, face.landmarks![name]);
          return Math.hypot(found.x - wanted.x, found.y - wanted.y);
        });
        expect(Math.max(...errors), `face${index + 1}: ${errors.map((e) => e.toFixed(2))}`).toBeLessThan(6);
        expect(errors.reduce((a, b) => a + b) / errors.length, `face${index + 1}`).toBeLessThan(3);
      }
    } finally {
      await detector.dispose();
    }
  });
});
