import { createDetector } from '../../detector.js';
import { isMtcnnError } from '../../errors.js';
import { ensure } from './failure.js';
import type { ConformanceReference } from './reference.js';
import { type ConformanceSubject, stagesOf, withBackend } from './subject.js';
import { type TrackedSession, trackingBackend } from './tracking-backend.js';

export interface DisposeResult {
  readonly sessions: number;
  /** Calls refused with DETECTOR_DISPOSED after dispose (detect, detectWithDetails, warmup). */
  readonly refusedCalls: number;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/**
 * (c) `dispose()` lets a call in flight finish, then releases every session exactly once; the released sessions
 * refuse to run, and every later call on the detector fails with DETECTOR_DISPOSED.
 */
export async function checkDispose(
  subject: ConformanceSubject,
  reference: ConformanceReference,
): Promise<DisposeResult> {
  const small = reference.small[0];
  ensure(small !== undefined, () => 'the reference has no small image');
  const sessions: TrackedSession[] = [];
  const stages = stagesOf(subject).map((stage) =>
    withBackend(stage, trackingBackend(stage.backend!, sessions)),
  );
  const detector = await createDetector({ stages });
  ensure(
    sessions.length === stages.length,
    () => `${stages.length} stages created ${sessions.length} sessions`,
  );

  const before = JSON.stringify(await detector.detect(small.image, reference.smallOptions));
  const inFlight = detector.detect(small.image, reference.smallOptions);
  const disposing = detector.dispose();
  const refused = [
    await failure(detector.detect(small.image)),
    await failure(detector.detectWithDetails(small.image)),
    await failure(detector.warmup()),
  ];
  refused.forEach((error, i) => {
    ensure(
      isMtcnnError(error, 'DETECTOR_DISPOSED'),
      () => `call ${i + 1} after dispose gave ${String(error)}, not MtcnnError DETECTOR_DISPOSED`,
    );
  });
  const finished = JSON.stringify(await inFlight);
  ensure(finished === before, () => 'the call in flight during dispose returned other faces than before');
  await disposing;
  await detector.dispose();

  sessions.forEach((record, i) => {
    ensure(
      record.disposeCalls === 1 && record.disposed === 1,
      () =>
        `session ${i} (${record.backend}) was disposed ${record.disposed} times of ${record.disposeCalls} calls`,
    );
  });
  for (const [i, record] of sessions.entries()) {
    const feeds = reference.runs[stages[i]!.name]?.[0]?.feeds;
    ensure(feeds !== undefined, () => `no recorded input for ${stages[i]!.name}`);
    // The session itself, not the tracking wrapper, must refuse.
    const refusal = await failure(record.session.run(feeds));
    ensure(refusal instanceof Error, () => `session ${i} (${record.backend}) still runs after dispose`);
  }
  return { sessions: sessions.length, refusedCalls: refused.length };
}
