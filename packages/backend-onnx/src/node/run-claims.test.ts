// The shared claim table: one taker per run, also when two threads race for every run, and who took it.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { RunClaims } from './run-claims.js';

describe('RunClaims', () => {
  it('lets exactly one claim of an open run succeed, and none once its slot has moved on', () => {
    const claims = new RunClaims(2);
    const slot = claims.open(7)!;
    expect(claims.isOpen(slot, 7)).toBe(true);
    expect(claims.claimer(slot)).toBeUndefined();
    expect(claims.claim(slot, 7, 2)).toBe(true);
    expect(claims.claim(slot, 7, 0)).toBe(false);
    expect(claims.isOpen(slot, 7)).toBe(false);
    expect(claims.claimer(slot)).toBe(2);
    claims.close(slot);
    expect(claims.claimer(slot)).toBeUndefined();
    // The slot goes to a later run: a late claim of the old one fails, the new one's succeeds.
    const again = claims.open(8)!;
    const other = claims.open(9)!;
    expect(new Set([slot, again, other]).size).toBe(2);
    expect(claims.claim(again, 7, 1)).toBe(false);
    expect(claims.claim(again, 8, 0)).toBe(true);
    expect(claims.claimer(again)).toBe(0);
    // Every slot in use: the next run gets none.
    expect(claims.open(10)).toBeUndefined();
  });

  it('folds ids past the int32 range into tokens that still tell runs apart', () => {
    const claims = new RunClaims(1);
    const big = 2 ** 40 + 5;
    const slot = claims.open(big)!;
    expect(claims.claim(slot, big + 1, 0)).toBe(false);
    expect(claims.claim(slot, big, 0)).toBe(true);
  });

  it('gives each run to one thread when a worker thread and this one race for all of them', async () => {
    const runs = 20_000;
    const claims = new RunClaims(runs);
    for (let id = 0; id < runs; id++) expect(claims.open(id)).toBe(id);
    // Both claim from the first slot up, starting together: the worker says it is ready, then waits for go.
    const gate = new Int32Array(new SharedArrayBuffer(8));
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const words = new Int32Array(workerData.buffer);
      const gate = new Int32Array(workerData.gate);
      Atomics.store(gate, 0, 1);
      while (Atomics.load(gate, 1) === 0);
      const won = [];
      // Slots are handed out in order: the run in slot s is run s.
      for (let slot = 0; slot < workerData.runs; slot++) {
        if (Atomics.compareExchange(words, slot, slot, workerData.mark) === slot) won.push(slot);
      }
      parentPort.postMessage(won);`;
    const worker = new Worker(source, {
      eval: true,
      workerData: { buffer: claims.buffer, gate: gate.buffer, runs, mark: RunClaims.markOf(1) },
    });
    const theirs = new Promise<number[]>((resolve) => worker.once('message', resolve));
    while (Atomics.load(gate, 0) === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    Atomics.store(gate, 1, 1);
    const mine: number[] = [];
    for (let slot = 0; slot < runs; slot++) if (claims.claim(slot, slot, 0)) mine.push(slot);
    const won = await theirs;
    await worker.terminate();
    expect(won.length + mine.length).toBe(runs);
    expect(new Set([...won, ...mine]).size).toBe(runs);
    // The table says who took each.
    for (const slot of won) expect(claims.claimer(slot)).toBe(1);
    for (const slot of mine) expect(claims.claimer(slot)).toBe(0);
  });
});
