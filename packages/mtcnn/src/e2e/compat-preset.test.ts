// `mtcnn detect --compat facenet-pytorch` and `--preset high-recall` end to end: the built bin gives what the
// library gives with the same options.
import { DETECT_PRESETS, type Face } from '@mtcnn/core';
import { samplePath } from '@mtcnn/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDetector } from '../detector.js';
import { runCli } from './support.js';

const photo = samplePath('sample2.jpg');
let detector: Awaited<ReturnType<typeof createDetector>>;

beforeAll(async () => {
  detector = await createDetector({ device: 'cpu' });
});

afterAll(async () => {
  await detector?.dispose();
});

async function cliFaces(flags: string[]): Promise<Face[]> {
  const run = await runCli(['detect', ...flags, '--backend', 'cpu', '--json', '-', photo]);
  expect(run.code).toBe(0);
  const [record] = JSON.parse(run.stdout) as { faces: Face[] }[];
  return record!.faces;
}

const boxes = (faces: readonly Face[]) => faces.map((f) => f.box);

describe('mtcnn detect --compat and --preset', () => {
  it('--compat facenet-pytorch finds the faces createDetector finds with compat facenet-pytorch', async () => {
    const faces = await cliFaces(['--compat', 'facenet-pytorch']);
    const library = await detector.detect(photo, { compat: 'facenet-pytorch' });
    expect(boxes(faces)).toEqual(boxes(library));
  });

  it("--preset high-recall finds the faces of the library's DETECT_PRESETS.highRecall", async () => {
    const faces = await cliFaces(['--preset', 'high-recall']);
    const library = await detector.detect(photo, DETECT_PRESETS.highRecall);
    expect(boxes(faces)).toEqual(boxes(library));
    expect(boxes(faces)).not.toEqual(boxes(await detector.detect(photo)));
  });
});
