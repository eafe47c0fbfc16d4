import { createDetector } from '../../detector.js';
import { ensure } from './failure.js';
import type { ConformanceReference } from './reference.js';
import { type ConformanceSubject, stagesOf } from './subject.js';

/** How an environment measures memory, and how much growth it allows. */
export interface MemoryProbe {
  /** What is measured, for reports (for example `RSS and V8 heap after gc()`). */
  readonly description: string;
  /** Current usage in bytes, per measure, after a garbage collection where the environment allows one. */
  measure(): Promise<Readonly<Record<string, number>>>;
  /** Largest growth allowed per measure over the measured runs, in bytes. */
  readonly bounds: Readonly<Record<string, number>>;
}

export interface MemoryResult {
  readonly runs: number;
  readonly warmupRuns: number;
  /** Growth per measure from after warm-up to the end, in bytes (negative when it shrank). */
  readonly growth: Record<string, number>;
  /** Growth over the second half alone: a leak grows there too, a cache filling up does not. */
  readonly secondHalfGrowth: Record<string, number>;
  readonly baseline: Record<string, number>;
}

/**
 * (e) `runs` detections of one small image in a row keep memory flat: after `warmupRuns` (sessions, shader
 * caches and allocator pools fill up then), each measure may grow by at most its bound.
 */
export async function checkMemoryFlat(
  subject: ConformanceSubject,
  reference: ConformanceReference,
  probe: MemoryProbe,
  runs = 200,
  warmupRuns = 20,
): Promise<MemoryResult> {
  const small = reference.small[0];
  ensure(small !== undefined, () => 'the reference has no small image');
  const detector = await createDetector({ stages: stagesOf(subject) });
  try {
    const detect = async () => {
      const faces = await detector.detect(small.image, reference.smallOptions);
      ensure(
        faces.length === small.faces.length,
        () => `found ${faces.length} faces, expected ${small.faces.length}`,
      );
    };
    for (let i = 0; i < warmupRuns; i++) await detect();
    const baseline = { ...(await probe.measure()) };
    for (let i = 0; i < runs / 2; i++) await detect();
    const middle = await probe.measure();
    for (let i = runs / 2; i < runs; i++) await detect();
    const end = await probe.measure();
    const growth: Record<string, number> = {};
    const secondHalfGrowth: Record<string, number> = {};
    for (const [name, bound] of Object.entries(probe.bounds)) {
      growth[name] = end[name]! - baseline[name]!;
      secondHalfGrowth[name] = end[name]! - middle[name]!;
      ensure(
        growth[name]! <= bound,
        () =>
          `${name} grew by ${(growth[name]! / 2 ** 20).toFixed(2)} MiB over ${runs} detections, ` +
          `over the bound of ${(bound / 2 ** 20).toFixed(2)} MiB (${probe.description})`,
      );
    }
    return { runs, warmupRuns, growth, secondHalfGrowth, baseline };
  } finally {
    await detector.dispose();
  }
}
