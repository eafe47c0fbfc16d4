// loadLabelledDataset on a folder-per-person tree made from the sample photos: portraits cut around real faces, a
// group photo, an image without a face, a broken file, and files that are not in a person's folder or not images.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onnxNodeBackend } from '@mtcnn/backend-onnx/node';
import { createDetector, isMtcnnError, type NodeDetector } from '@mtcnn/core/node';
import { samplePath } from '@mtcnn/fixtures';
import { mobilefacenet } from '@mtcnn/mobilefacenet';
import { onet } from '@mtcnn/onet';
import { pnet } from '@mtcnn/pnet';
import { rnet } from '@mtcnn/rnet';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaceGallery } from '../gallery.js';
import { SAMPLE_FACES } from '../test-support.js';
import { createRecognizer, loadLabelledDataset, type NodeRecognizer } from './index.js';

/** Side of the portraits cut around a face centre: about twice a face of the 1920 px photos. */
const PORTRAIT = 480;

let root: string;
let detector: NodeDetector;
let recognizer: NodeRecognizer;

async function portrait(photo: string, x: number, y: number, out: string): Promise<void> {
  await sharp(samplePath(photo))
    .extract({
      left: Math.round(x - PORTRAIT / 2),
      top: Math.max(0, Math.round(y - PORTRAIT / 2)),
      width: PORTRAIT,
      height: PORTRAIT,
    })
    .jpeg({ quality: 90 })
    .toFile(out);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'mtcnn-dataset-'));
  const face = (identity: string, photo: string) =>
    SAMPLE_FACES.find((f) => f.identity === identity && f.photo === photo)!;
  for (const dir of ['carol', 'anna', 'group', 'nobody', 'broken']) mkdirSync(join(root, dir));
  // carol: the one person of the sample photos who is in two of them.
  const c1 = face('C', 'sample1.jpg');
  const c3 = face('C', 'sample3.jpg');
  await portrait('sample1.jpg', c1.x, c1.y, join(root, 'carol', 'one.jpg'));
  mkdirSync(join(root, 'carol', 'more'));
  await portrait('sample3.jpg', c3.x, c3.y, join(root, 'carol', 'more', 'two.JPG'));
  const a = face('A', 'sample1.jpg');
  await portrait('sample1.jpg', a.x, a.y, join(root, 'anna', 'only.jpg'));
  writeFileSync(join(root, 'anna', 'notes.txt'), 'not an image');
  copyFileSync(samplePath('sample6.jpg'), join(root, 'group', 'four.jpg'));
  await sharp({ create: { width: 200, height: 150, channels: 3, background: '#808080' } })
    .png()
    .toFile(join(root, 'nobody', 'grey.png'));
  writeFileSync(join(root, 'broken', 'bad.jpg'), 'this is not a JPEG');
  writeFileSync(join(root, 'loose.jpg'), 'at the top level');
  const backend = onnxNodeBackend();
  detector = await createDetector({ backend, stages: [pnet(), rnet(), onet()] });
  recognizer = await createRecognizer({ embedder: mobilefacenet(), backend, detector });
});

afterAll(async () => {
  await recognizer?.dispose();
  await detector?.dispose();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('loadLabelledDataset', () => {
  it('embeds one face per image and reports what it could not use', async () => {
    const progress: number[] = [];
    const { samples, report } = await loadLabelledDataset(root, {
      recognizer,
      onImage: ({ done }) => progress.push(done),
    });
    console.log(`dataset report: ${JSON.stringify({ ...report, root: '…' })}`);
    expect(samples.map((s) => [s.label, s.file])).toEqual([
      ['anna', join('anna', 'only.jpg')],
      ['carol', join('carol', 'more', 'two.JPG')],
      ['carol', join('carol', 'one.jpg')],
      ['group', join('group', 'four.jpg')],
    ]);
    expect(report.people).toEqual([
      { label: 'anna', images: 1, used: 1 },
      { label: 'broken', images: 1, used: 0 },
      { label: 'carol', images: 2, used: 2 },
      { label: 'group', images: 1, used: 1 },
      { label: 'nobody', images: 1, used: 0 },
    ]);
    expect(report.images).toBe(6);
    expect(report.used).toBe(4);
    expect(report.noFace).toEqual([join('nobody', 'grey.png')]);
    expect(report.multipleFaces).toEqual([{ file: join('group', 'four.jpg'), faces: 4, action: 'largest' }]);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]).toMatchObject({ file: join('broken', 'bad.jpg'), code: 'INVALID_IMAGE' });
    expect(report.singleImage).toEqual(['anna', 'group']);
    expect(report.noUsableImage).toEqual(['broken', 'nobody']);
    expect(report.ignored).toEqual([join('anna', 'notes.txt'), 'loose.jpg']);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    // The group photo's largest face is taken.
    const group = samples.find((s) => s.label === 'group')!;
    expect(group.facesFound).toBe(4);
    // Both photos of carol are one person; a gallery of them finds her and nobody else.
    const [two, one] = samples.filter((s) => s.label === 'carol');
    expect(recognizer.verify(one!.embedding, two!.embedding).same).toBe(true);
    const gallery = new FaceGallery(recognizer.embedder);
    gallery.enrollAll(samples);
    expect(gallery.match(one!.embedding).label).toBe('carol');
    expect(gallery.identities).toEqual(['anna', 'carol', 'group']);
  });

  it('skips images with several faces when asked to', async () => {
    const { samples, report } = await loadLabelledDataset(root, {
      recognizer,
      multipleFaces: 'skip',
      concurrency: 1,
    });
    expect(samples.some((s) => s.label === 'group')).toBe(false);
    expect(report.multipleFaces).toEqual([{ file: join('group', 'four.jpg'), faces: 4, action: 'skipped' }]);
    expect(report.noUsableImage).toEqual(['broken', 'group', 'nobody']);
  });

  it('refuses a missing folder and bad options', async () => {
    for (const [dir, options, pattern] of [
      [join(root, 'missing'), { recognizer }, /cannot read the dataset folder/],
      [root, {}, /needs options.recognizer/],
      [root, { recognizer, multipleFaces: 'all' }, /multipleFaces/],
      [root, { recognizer, concurrency: 0 }, /concurrency/],
    ] as const) {
      let error: unknown;
      try {
        await loadLabelledDataset(dir, options as never);
      } catch (e) {
        error = e;
      }
      expect(isMtcnnError(error, 'INVALID_OPTION'), String(error)).toBe(true);
      expect((error as Error).message).toMatch(pattern);
    }
  });
});
