// A fake detector factory for the pool's unit tests: no models, just enough behaviour to observe the pool.
import { threadId } from 'node:worker_threads';
import { MtcnnError } from '@mtcnn/core';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export default async function createFakeDetector(options = {}) {
  if (options.fail) throw new MtcnnError('MODEL_LOAD_FAILED', options.fail);
  let warmups = 0;
  return {
    stages: ['pnet'],
    async detect(image) {
      if (!(image.width > 0)) throw new MtcnnError('INVALID_IMAGE', 'width must be positive');
      // Wall-clock start and end (shared across threads) let a test see which calls overlapped.
      const startedAt = performance.timeOrigin + performance.now();
      await sleep(options.delayMs ?? 0);
      const endedAt = performance.timeOrigin + performance.now();
      return [
        {
          box: { x: 0, y: 0, width: image.width, height: image.height },
          score: threadId,
          warmups,
          startedAt,
          endedAt,
        },
      ];
    },
    async detectWithDetails(image) {
      return { width: image.width, height: image.height, faces: await this.detect(image), timing: {} };
    },
    async warmup() {
      warmups++;
    },
    async dispose() {},
  };
}
