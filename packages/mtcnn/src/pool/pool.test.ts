// The pool runs its workers from the built files (a worker thread cannot load TypeScript), so this test
// imports dist/: the test task builds first.

import { isMtcnnError } from '@mtcnn/core';
import { samplePath } from '@mtcnn/fixtures';
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../dist/detector.js';
import { createDetectorPool } from '../../dist/pool/pool.js';

const factory = new URL('./pool-test-factory.mjs', import.meta.url);
const image = { data: new Uint8Array(12), width: 2, height: 2, channels: 3 as const };

describe('createDetectorPool', () => {
  it('runs calls on every worker at once', async () => {
    const pool = await createDetectorPool({ factory, workers: 2, factoryOptions: { delayMs: 300 } });
    try {
      const results = await Promise.all([1, 2, 3, 4].map(() => pool.detect(image)));
      expect(new Set(results.map((faces) => faces[0]!.score)).size).toBe(2);
      // Which calls overlapped, not how long they took (no timing bound in a unit test): the first call on
      // each worker must run at the same time as the first call on the other.
      type Timed = { score: number; startedAt: number; endedAt: number };
      const calls = results.map((faces) => faces[0] as unknown as Timed);
      const firstOn = (worker: number) =>
        calls.filter((c) => c.score === worker).sort((a, b) => a.startedAt - b.startedAt)[0]!;
      const [a, b] = [...new Set(calls.map((c) => c.score))].map(firstOn);
      expect(a!.startedAt < b!.endedAt && b!.startedAt < a!.endedAt).toBe(true);
      expect(results[0]![0]!.box).toEqual({ x: 0, y: 0, width: 2, height: 2 });
    } finally {
      await pool.dispose();
    }
  });

  it('warms every worker, on creation and on request', async () => {
    const pool = await createDetectorPool({ factory, workers: 2 });
    try {
      await pool.warmup();
      const results = await Promise.all([pool.detect(image), pool.detect(image)]);
      for (const faces of results) expect((faces[0] as unknown as { warmups: number }).warmups).toBe(2);
    } finally {
      await pool.dispose();
    }
  });

  it('keeps the error code of a failed call', async () => {
    const pool = await createDetectorPool({ factory, workers: 1 });
    try {
      const error = await pool.detect({ ...image, width: 0 }).catch((e: unknown) => e);
      expect(isMtcnnError(error, 'INVALID_IMAGE')).toBe(true);
      expect(await pool.detectWithDetails(image)).toMatchObject({ width: 2, height: 2 });
    } finally {
      await pool.dispose();
    }
  });

  it('fails to start when a worker cannot create its detector', async () => {
    const error = await createDetectorPool({
      factory,
      workers: 2,
      factoryOptions: { fail: 'no model' },
    }).catch((e: unknown) => e);
    expect(isMtcnnError(error, 'MODEL_LOAD_FAILED')).toBe(true);
    expect((error as Error).message).toBe('no model');
  });

  it('rejects a factory module without the named export', async () => {
    const error = await createDetectorPool({ factory, workers: 1, exportName: 'missing' }).catch(
      (e: unknown) => e,
    );
    expect(isMtcnnError(error, 'INVALID_OPTION')).toBe(true);
  });

  it('waits for calls in flight on dispose, then refuses new ones', async () => {
    const pool = await createDetectorPool({ factory, workers: 1, factoryOptions: { delayMs: 50 } });
    const inFlight = pool.detect(image);
    await pool.dispose();
    await expect(inFlight).resolves.toHaveLength(1);
    const error = await pool.detect(image).catch((e: unknown) => e);
    expect(isMtcnnError(error, 'DETECTOR_DISPOSED')).toBe(true);
  });

  it('without a factory, runs the umbrella detector in each worker and finds the same faces as one detector', async () => {
    const pool = await createDetectorPool({ workers: 2, factoryOptions: { device: 'cpu' } });
    const single = await createDetector({ device: 'cpu' });
    try {
      const photos = ['sample1.jpg', 'sample2.jpg', 'sample3.jpg'].map((name) => samplePath(name));
      const [pooled, alone] = await Promise.all([
        Promise.all(photos.map((photo) => pool.detect(photo))),
        Promise.all(photos.map((photo) => single.detect(photo))),
      ]);
      // Same models, same backend, same arithmetic: the faces are equal, not just close.
      expect(pooled).toEqual(alone);
      expect(pooled.flat().length).toBeGreaterThan(3);
    } finally {
      await Promise.all([pool.dispose(), single.dispose()]);
    }
  });
});
