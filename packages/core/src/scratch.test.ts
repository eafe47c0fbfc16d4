import { describe, expect, it } from 'vitest';
import type { Session } from './backend.js';
import type { RgbImage } from './image.js';
import { summedArea } from './ops/summed-area.js';
import { ScratchMemory } from './scratch.js';

const image: RgbImage = {
  data: Uint8Array.from({ length: 3 * 7 * 6 }, (_, k) => (k * 53) % 256),
  width: 7,
  height: 6,
};
const sharedSession = { inputMemory: 'shared' } as Session;

describe('CallScratch', () => {
  it('sums the image once per call, as far down as asked, equal to the whole table', () => {
    const call = new ScratchMemory().call(image);
    const top = call.summedArea(2);
    expect(top.height).toBe(2);
    expect(call.summedArea(1)).toBe(top);
    const all = call.summedArea();
    expect(all.height).toBe(6);
    expect(all.data).toBe(top.data);
    expect(Array.from(all.data)).toEqual(Array.from(summedArea(image).data));
    call.end();
  });

  it("hands a call's memory to the detector's next call, which still gets exact sums", () => {
    const memory = new ScratchMemory();
    const first = memory.call({ ...image });
    const sums = first.summedArea();
    sums.data.fill(999);
    first.end();
    first.end();
    const next = memory.call({ ...image });
    const reused = next.summedArea();
    expect(reused.data.buffer).toBe(sums.data.buffer);
    expect(Array.from(reused.data)).toEqual(Array.from(summedArea(image).data));
    next.end();
  });

  it('lends inputs in shared memory to a session that takes them there, and ordinary memory otherwise', () => {
    const call = new ScratchMemory().call(image);
    const shared = call.input(100, sharedSession);
    const plain = call.input(100, {} as Session);
    expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(plain.buffer).toBeInstanceOf(ArrayBuffer);
    expect(shared.length).toBe(100);
    call.end();
  });

  it('takes back at the end what a stage did not release, and reuses it', () => {
    const memory = new ScratchMemory();
    const first = memory.call(image);
    const kept = first.input(64);
    const released = first.input(32);
    first.release(released);
    first.end();
    const next = memory.call(image);
    expect(next.input(64).buffer).toBe(kept.buffer);
    expect(next.input(32).buffer).toBe(released.buffer);
    next.end();
  });

  it('refuses to lend after the call ended', () => {
    const call = new ScratchMemory().call(image);
    call.end();
    expect(() => call.input(4)).toThrow(/has ended/);
    expect(() => call.summedArea()).toThrow(/has ended/);
  });

  it('marks an image whose whole table would pass the limit as streamed, and still makes the table if asked', () => {
    // 7 × 6 pixels: a table of 3 × 8 × 7 int32, 672 bytes.
    expect(new ScratchMemory({ maxSummedAreaBytes: 672 }).call(image).streamed).toBe(false);
    const call = new ScratchMemory({ maxSummedAreaBytes: 671 }).call(image);
    expect(call.streamed).toBe(true);
    expect(Array.from(call.summedArea().data)).toEqual(Array.from(summedArea(image).data));
    call.end();
  });
});
