import { describe, expect, it } from 'vitest';
import type { Backend } from './backend.js';
import { type Candidates, EMPTY_CANDIDATES } from './candidates.js';
import { createDetector } from './detector.js';
import { isMtcnnError, MtcnnError } from './errors.js';
import type { Stage, StageKind } from './stage.js';

// The detector's own logic, with stages that record what they were given (the real models run in tools/parity).
const backend: Backend = {
  name: 'none',
  async createSession() {
    return { inputNames: [], outputNames: [], run: async () => ({}), dispose: async () => {} };
  },
};
const image = { data: new Uint8Array(3 * 30 * 20).fill(90), width: 30, height: 20, channels: 3 as const };

/** A stage that passes one candidate on (a proposal makes it), with points if asked, recording its threshold. */
function stage(
  name: string,
  kind: StageKind,
  seen: string[],
  points?: { perBox: number; names?: readonly string[] },
): Stage {
  return {
    name,
    kind,
    threshold: 0.5,
    model: `${name}.onnx`,
    checkOptions({ minFaceSize }) {
      if (minFaceSize < 10) throw new MtcnnError('INVALID_OPTION', `${name}: minFaceSize too small`);
    },
    async run(context, candidates): Promise<Candidates> {
      seen.push(`${name}@${context.threshold}`);
      if (context.threshold >= 1) return EMPTY_CANDIDATES;
      const base =
        kind === 'proposal'
          ? { count: 1, boxes: Float64Array.of(1, 2, 11, 14), scores: Float64Array.of(0.9) }
          : candidates;
      if (!points) return { count: base.count, boxes: base.boxes, scores: base.scores };
      const data = Float64Array.from({ length: 2 * points.perBox }, (_, k) => k);
      return {
        ...base,
        points: { perBox: points.perBox, data, ...(points.names ? { names: points.names } : {}) },
      };
    },
  };
}

async function invalid(work: Promise<unknown>, pattern: RegExp) {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isMtcnnError(error, 'INVALID_OPTION'), String(error)).toBe(true);
  expect((error as Error).message).toMatch(pattern);
}

describe('createDetector with open stages', () => {
  it('runs any number of named refine stages after one proposal, thresholds by name or position', async () => {
    const seen: string[] = [];
    const detector = await createDetector({
      backend,
      stages: [
        stage('find', 'proposal', seen),
        stage('a', 'refine', seen),
        stage('b', 'refine', seen),
        stage('c', 'refine', seen),
      ],
      thresholds: { b: 0.25 },
    });
    expect(detector.stages).toEqual(['find', 'a', 'b', 'c']);
    const detection = await detector.detectWithDetails(image, { thresholds: { c: 0.75 } });
    expect(seen).toEqual(['find@0.5', 'a@0.5', 'b@0.25', 'c@0.75']);
    expect(Object.keys(detection.timing.stages)).toEqual(['find', 'a', 'b', 'c']);
    seen.length = 0;
    await detector.detect(image, { thresholds: [0.1, 0.2, 0.3, 0.4] });
    expect(seen).toEqual(['find@0.1', 'a@0.2', 'b@0.3', 'c@0.4']);
    await invalid(
      detector.detect(image, { thresholds: { d: 0.5 } }),
      /unknown stage "d" \(stages: find, a, b, c\)/,
    );
    await invalid(detector.detect(image, { thresholds: [0.1, 0.2] }), /one per stage/);
    await detector.dispose();
  });

  it('asks every stage to check the options, when created and on every call', async () => {
    await invalid(
      createDetector({ backend, stages: [stage('find', 'proposal', [])], minFaceSize: 5 }),
      /find: minFaceSize too small/,
    );
    const detector = await createDetector({ backend, stages: [stage('find', 'proposal', [])] });
    await invalid(detector.detect(image, { minFaceSize: 9 }), /minFaceSize too small/);
    await detector.dispose();
  });

  it('refuses a cascade without one proposal stage first, or with two stages of one name', async () => {
    const seen: string[] = [];
    await invalid(
      createDetector({ backend, stages: [stage('a', 'refine', seen)] }),
      /must start with a proposal/,
    );
    await invalid(
      createDetector({ backend, stages: [stage('p', 'proposal', seen), stage('q', 'proposal', seen)] }),
      /only the first stage may/,
    );
    await invalid(
      createDetector({ backend, stages: [stage('p', 'proposal', seen), stage('p', 'refine', seen)] }),
      /two stages are named p/,
    );
    await invalid(
      createDetector({ backend, stages: [{ ...stage('p', 'proposal', seen), kind: 'other' as StageKind }] }),
      /kind must be/,
    );
  });

  it('gives faces the last stage’s points, named where it names them, and landmarks only for five', async () => {
    const names = ['leftEye', 'rightEye', 'nose', 'mouthLeft', 'mouthRight'];
    for (const [points, landmarks] of [
      [{ perBox: 5, names }, true],
      [{ perBox: 5 }, true],
      [{ perBox: 3, names: ['a', 'b', 'c'] }, false],
      [{ perBox: 5, names: ['a', 'b', 'c', 'd', 'e'] }, false],
    ] as const) {
      const detector = await createDetector({ backend, stages: [stage('p', 'proposal', [], points)] });
      const [face] = await detector.detect(image);
      expect(face!.points).toHaveLength(points.perBox);
      expect(face!.points![1]).toEqual({
        x: 2,
        y: 3,
        ...('names' in points ? { name: points.names[1] } : {}),
      });
      expect(face!.landmarks !== undefined).toBe(landmarks);
      if (landmarks) expect(face!.landmarks!.rightEye).toEqual({ x: 2, y: 3 });
      await detector.dispose();
    }
  });
});
