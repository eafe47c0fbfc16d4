import { describe, expect, it } from 'vitest';
import type { Backend } from './backend.js';
import { EMPTY_CANDIDATES } from './candidates.js';
import { createDetector } from './detector.js';
import { isMtcnnError } from './errors.js';
import type { Stage } from './stage.js';

const backend: Backend = {
  name: 'fake',
  async createSession() {
    return { inputNames: [], outputNames: [], run: async () => ({}), dispose: async () => {} };
  },
};

/** A P-Net stand-in that records the size and thresholds of every image it is run on. */
function recordingStage(seen: string[]): Stage {
  return {
    name: 'pnet',
    kind: 'proposal',
    threshold: 0.6,
    model: 'fake.onnx',
    async run(context) {
      seen.push(`${context.image.width}x${context.image.height}@${context.threshold}`);
      return EMPTY_CANDIDATES;
    },
  };
}

describe('detector.warmup', () => {
  it('runs the models once on a small grey image with every threshold at 0', async () => {
    const seen: string[] = [];
    const detector = await createDetector({ backend, stages: [recordingStage(seen)] });
    await detector.warmup();
    expect(seen).toEqual(['48x48@0']);
  });

  it('given a size, also runs P-Net over that size with the default thresholds', async () => {
    const seen: string[] = [];
    const detector = await createDetector({ backend, stages: [recordingStage(seen)] });
    await detector.warmup({ width: 640, height: 480 });
    expect(seen).toEqual(['48x48@0', '640x480@0.6']);
  });

  it('rejects a size that is not positive integers', async () => {
    const detector = await createDetector({ backend, stages: [recordingStage([])] });
    for (const size of [
      { width: 0, height: 10 },
      { width: 10.5, height: 10 },
      { width: 10, height: Number.NaN },
    ]) {
      const error = await detector.warmup(size).catch((e: unknown) => e);
      expect(isMtcnnError(error, 'INVALID_OPTION')).toBe(true);
    }
  });
});
