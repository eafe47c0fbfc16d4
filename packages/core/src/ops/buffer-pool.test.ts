import { describe, expect, it } from 'vitest';
import { TypedArrayPool } from './buffer-pool.js';

describe('TypedArrayPool', () => {
  it('lends arrays of the asked length and reuses given-back memory for smaller ones', () => {
    const pool = new TypedArrayPool<Float32Array>((n) => new Float32Array(n));
    const a = pool.acquire(100);
    expect(a).toHaveLength(100);
    a.fill(7);
    pool.release(a);
    const b = pool.acquire(60);
    expect(b).toHaveLength(60);
    expect(b.buffer).toBe(a.buffer);
    // Not cleared: the borrower writes what it reads.
    expect(b[0]).toBe(7);
  });

  it('never lends the same memory twice at once', () => {
    const pool = new TypedArrayPool<Uint32Array>((n) => new Uint32Array(n));
    const a = pool.acquire(10);
    const b = pool.acquire(10);
    expect(b.buffer).not.toBe(a.buffer);
    pool.release(a);
    pool.release(b);
    const c = pool.acquire(10);
    const d = pool.acquire(10);
    expect(new Set([c.buffer, d.buffer]).size).toBe(2);
  });

  it('picks the smallest free buffer that fits, and allocates when none does', () => {
    const pool = new TypedArrayPool<Float32Array>((n) => new Float32Array(n));
    const big = pool.acquire(1000);
    const small = pool.acquire(10);
    pool.release(big);
    pool.release(small);
    expect(pool.acquire(8).buffer).toBe(small.buffer);
    expect(pool.acquire(2000).buffer).not.toBe(big.buffer);
  });

  it('ignores arrays it did not lend and double releases', () => {
    const pool = new TypedArrayPool<Float32Array>((n) => new Float32Array(n));
    pool.release(new Float32Array(5));
    const a = pool.acquire(5);
    pool.release(a);
    pool.release(a);
    const b = pool.acquire(5);
    const c = pool.acquire(5);
    expect(b.buffer).not.toBe(c.buffer);
  });

  it('keeps at most maxKeptBytes, dropping the smallest buffers first', () => {
    const pool = new TypedArrayPool<Float32Array>((n) => new Float32Array(n), 1000);
    const large = pool.acquire(200); // 800 bytes
    const small = pool.acquire(100); // 400 bytes
    pool.release(large);
    pool.release(small);
    expect(pool.acquire(50).buffer).toBe(large.buffer);
  });

  it('adopts memory that comes back as another object, and lends it again', () => {
    const pool = new TypedArrayPool<Float32Array>((n) => new Float32Array(n));
    const lent = pool.acquire(50);
    // As a transfer to a worker and back does: the same memory under a new object.
    const returned = new Float32Array(structuredClone(lent.buffer, { transfer: [lent.buffer] }));
    expect(lent).toHaveLength(0);
    pool.adopt(returned);
    expect(pool.acquire(40).buffer).toBe(returned.buffer);
    pool.adopt(new Float32Array(0));
    expect(pool.acquire(10).buffer).not.toBe(returned.buffer);
  });
});
