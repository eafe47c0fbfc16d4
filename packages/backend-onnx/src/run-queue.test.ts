import { describe, expect, it } from 'vitest';
import { RunQueue } from './run-queue.js';

describe('RunQueue', () => {
  it('runs tasks one at a time, in order, and a failure does not stop the queue', async () => {
    const queue = new RunQueue();
    const log: string[] = [];
    let running = 0;
    const task = (name: string, fail = false) =>
      queue.enqueue(async () => {
        running++;
        expect(running).toBe(1);
        log.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        log.push(`end ${name}`);
        running--;
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([task('a'), task('b', true), task('c')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    await queue.idle();
  });
});
