import type { Face } from '@mtcnn/core';
import { describe, expect, test } from 'vitest';
import type { BackendOption } from '../backends.js';
import { type BackendRuns, buildCompareReport } from './compare-report.js';

const option = (id: BackendOption['id'], label: string): BackendOption => ({
  id,
  label,
  device: id === 'webgpu' ? 'webgpu' : 'wasm',
  threads: 1,
  available: true,
  note: '',
});
const face = (x: number): Face => ({ box: { x, y: 0, width: 50, height: 50 }, score: 0.99 });

function runs(backend: BackendOption, faces: Face[], totals: number[], error?: string): BackendRuns {
  return {
    backend,
    loadMs: 10,
    runs: totals.map((total) => ({ pnet: total / 2, total })),
    candidates: { pnet: 4, rnet: 2, onet: 1 },
    faces: totals.map(() => faces),
    ...(error ? { error } : {}),
  };
}

describe('buildCompareReport', () => {
  const input = {
    createdAt: new Date('2026-01-01T00:00:00Z'),
    environment: { userAgent: 'test', crossOriginIsolated: true, hardwareConcurrency: 2 },
    image: { name: 'a.jpg', width: 320, height: 213 },
    options: {},
    runsPerBackend: 3,
  };

  test('summarises each backend and compares every other one with the first', () => {
    const report = buildCompareReport({
      ...input,
      results: [
        runs(option('wasm-1', 'W1'), [face(10)], [90, 30, 10]),
        runs(option('webgpu', 'GPU'), [face(10.1)], [900, 300, 100]),
      ],
    });
    expect(report.referenceBackend).toBe('wasm-1');
    expect(report.backends[0]!.agreement).toBeUndefined();
    expect(report.backends[0]!.summary.total).toEqual({ first: 90, median: 20, p90: 28, steadyRuns: 2 });
    expect(report.backends[1]!.agreement).toMatchObject({ matched: 1, full: true });
    expect(report.backends[1]!.stableAcrossRuns).toBe(true);
    expect(JSON.parse(JSON.stringify(report)).createdAt).toBe('2026-01-01T00:00:00.000Z');
  });

  test('a failed backend is reported, not compared, and not the reference', () => {
    const report = buildCompareReport({
      ...input,
      results: [
        runs(option('webgpu', 'GPU'), [], [], 'no adapter'),
        runs(option('wasm-1', 'W1'), [face(1)], [5, 4]),
      ],
    });
    expect(report.referenceBackend).toBe('wasm-1');
    expect(report.backends[0]).toMatchObject({ error: 'no adapter' });
    expect(report.backends[0]!.agreement).toBeUndefined();
  });
});
