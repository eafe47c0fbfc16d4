// Images too large for a whole summed-area table are resampled by one pass down the image per stage
// (core's ResampleStream): the cascade must give exactly the same candidates after every stage either way.
// Runs the real models on onnxruntime-node's CPU backend (with its worker lanes, so P-Net's bands run in the
// order the stream completes them), both ways on the same images.
import { onnxNodeBackend } from '@mtcnn/backend-onnx/node';
import type { Session } from '@mtcnn/core';
import {
  type Candidates,
  EMPTY_CANDIDATES,
  resolveDetectOptions,
  ScratchMemory,
  type Stage,
} from '@mtcnn/core/stage-kit';
import { sampleNames, samplePath } from '@mtcnn/fixtures';
import { onet } from '@mtcnn/onet';
import { pnet } from '@mtcnn/pnet';
import { rnet } from '@mtcnn/rnet';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const stages: Stage[] = [pnet(), rnet(), onet()];
const backend = onnxNodeBackend();
let sessions: Session[] = [];

beforeAll(async () => {
  sessions = await Promise.all(stages.map((stage) => backend.createSession(stage.model)));
});

afterAll(async () => {
  await Promise.all(sessions.map((session) => session.dispose()));
});

interface Rgb {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

async function decode(name: string, width?: number): Promise<Rgb> {
  let pipeline = sharp(samplePath(name)).autoOrient();
  if (width) pipeline = pipeline.resize({ width });
  const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

/** Each stage's candidates, running the cascade as the detector does, with the given scratch memory. */
async function cascade(image: Rgb, memory: ScratchMemory, minFaceSize: number): Promise<Candidates[]> {
  const options = resolveDetectOptions(
    stages.map((s) => s.name),
    { thresholds: Object.fromEntries(stages.map((s) => [s.name, s.threshold])), minFaceSize },
  );
  const scratch = memory.call(image);
  const after: Candidates[] = [];
  let candidates: Candidates = EMPTY_CANDIDATES;
  try {
    for (const [i, stage] of stages.entries()) {
      if (i > 0 && candidates.count === 0) break;
      const context = { image, session: sessions[i]!, options, threshold: stage.threshold, scratch };
      candidates = await stage.run(context, candidates);
      after.push(candidates);
    }
  } finally {
    scratch.end();
  }
  return after;
}

const whole = new ScratchMemory({ maxSummedAreaBytes: Number.POSITIVE_INFINITY });
const streamed = new ScratchMemory({ maxSummedAreaBytes: 0 });

function expectSameCandidates(actual: Candidates[], expected: Candidates[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  expected.forEach((e, k) => {
    const a = actual[k]!;
    const at = `${what}, ${stages[k]!.name}`;
    expect(a.count, at).toBe(e.count);
    expect(Array.from(a.boxes), at).toEqual(Array.from(e.boxes));
    expect(Array.from(a.scores), at).toEqual(Array.from(e.scores));
    expect(a.points && Array.from(a.points.data), at).toEqual(e.points && Array.from(e.points.data));
  });
}

describe('streamed resampling (images too large for a whole summed-area table)', () => {
  it('is chosen by the table size: whole below the limit, streamed above', () => {
    const image = { data: new Uint8Array(3 * 100 * 100), width: 100, height: 100 };
    expect(new ScratchMemory().call(image).streamed).toBe(false);
    expect(new ScratchMemory({ maxSummedAreaBytes: 12 * 101 * 101 }).call(image).streamed).toBe(false);
    expect(new ScratchMemory({ maxSummedAreaBytes: 12 * 101 * 101 - 1 }).call(image).streamed).toBe(true);
  });

  it.each(sampleNames)('gives the same candidates after every stage on %s', async (name) => {
    const image = await decode(name);
    const expected = await cascade(image, whole, 20);
    expect(expected.at(-1)!.count).toBeGreaterThan(0);
    expectSameCandidates(await cascade(image, streamed, 20), expected, name);
  });

  it('gives the same candidates on a large photo at min face 12 (its large levels cut into many bands)', async () => {
    // sample2 enlarged to 3600 px wide: 3600 × 2400, whose whole table would be over 100 MB.
    const image = await decode('sample2.jpg', 3600);
    expect(image.width * image.height).toBeGreaterThan(8_000_000);
    const expected = await cascade(image, whole, 12);
    expect(expected.at(-1)!.count).toBeGreaterThan(0);
    expectSameCandidates(await cascade(image, streamed, 12), expected, 'sample2.jpg at 3600 px');
  });
});
