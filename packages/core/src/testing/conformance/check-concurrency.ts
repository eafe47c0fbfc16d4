import { createDetector } from '../../detector.js';
import { ensure } from './failure.js';
import type { ConformanceReference } from './reference.js';
import { type ConformanceSubject, stagesOf } from './subject.js';

export interface ConcurrencyResult {
  readonly calls: number;
  readonly faces: number;
  readonly sequentialMs: number;
  readonly concurrentMs: number;
}

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}

/**
 * (d) `calls` concurrent detections on one detector, alternating between the small images, return exactly what
 * the same calls return one after another: runs interleaved on shared sessions must not mix up their data.
 * The comparison is exact because the same inputs on the same sessions are computed the same way.
 */
export async function checkConcurrency(
  subject: ConformanceSubject,
  reference: ConformanceReference,
  calls = 10,
): Promise<ConcurrencyResult> {
  const images = reference.small;
  ensure(images.length >= 2, () => 'the concurrency check needs two different small images');
  const detector = await createDetector({ stages: stagesOf(subject) });
  try {
    const imageOf = (i: number) => images[i % images.length]!.image;
    let started = now();
    const sequential: string[] = [];
    for (let i = 0; i < calls; i++) {
      sequential.push(JSON.stringify(await detector.detect(imageOf(i), reference.smallOptions)));
    }
    const sequentialMs = now() - started;
    started = now();
    const concurrent = (
      await Promise.all(
        Array.from({ length: calls }, (_, i) => detector.detect(imageOf(i), reference.smallOptions)),
      )
    ).map((faces) => JSON.stringify(faces));
    const concurrentMs = now() - started;

    let faces = 0;
    for (let i = 0; i < calls; i++) {
      ensure(
        concurrent[i] === sequential[i],
        () => `concurrent call ${i} returned\n${concurrent[i]}\nbut sequentially\n${sequential[i]}`,
      );
      faces += (JSON.parse(sequential[i]!) as unknown[]).length;
    }
    ensure(faces > 0, () => 'the small images gave no faces: the comparison would prove nothing');
    return { calls, faces, sequentialMs, concurrentMs };
  } finally {
    await detector.dispose();
  }
}
