import type { Tensor } from '../../tensor.js';
import { ensure } from './failure.js';
import type { ConformanceReference } from './reference.js';
import { type ConformanceSubject, stagesOf } from './subject.js';

/** Per model: the largest absolute output difference from the reference, and how many runs were compared. */
export interface ModelAgreement {
  readonly maxAbs: Record<string, number>;
  readonly runs: Record<string, number>;
}

function maxAbsDifference(name: string, actual: Tensor | undefined, expected: Tensor): number {
  ensure(actual !== undefined, () => `output ${name} is missing`);
  ensure(
    actual.dims.join() === expected.dims.join(),
    () => `output ${name} has dims [${actual.dims}], the reference [${expected.dims}]`,
  );
  let max = 0;
  for (let i = 0; i < expected.data.length; i++) {
    const d = Math.abs(actual.data[i]! - expected.data[i]!);
    // NaN compares false with everything: count it as an infinite difference.
    max = Number.isNaN(d) ? Number.POSITIVE_INFINITY : Math.max(max, d);
  }
  return max;
}

/**
 * (a) Each model, loaded on the subject's backend for its stage, replays the reference's recorded inputs (real
 * pyramid levels and crops) and must reproduce every output within the subject's tolerance.
 */
export async function checkModelAgreement(
  subject: ConformanceSubject,
  reference: ConformanceReference,
): Promise<ModelAgreement> {
  const maxAbs: Record<string, number> = {};
  const runs: Record<string, number> = {};
  for (const stage of stagesOf(subject)) {
    const recorded = reference.runs[stage.name] ?? [];
    ensure(recorded.length > 0, () => `the reference has no recorded ${stage.name} runs`);
    const session = await stage.backend!.createSession(stage.model);
    try {
      let worst = 0;
      for (const run of recorded) {
        const outputs = await session.run(run.feeds);
        for (const [name, expected] of Object.entries(run.outputs)) {
          worst = Math.max(worst, maxAbsDifference(`${stage.name}.${name}`, outputs[name], expected));
        }
      }
      maxAbs[stage.name] = worst;
      runs[stage.name] = recorded.length;
    } finally {
      await session.dispose();
    }
  }
  for (const [model, worst] of Object.entries(maxAbs)) {
    ensure(
      worst <= subject.tolerance.maxAbs,
      () =>
        `${model} outputs differ from ${reference.backend} by up to ${worst.toExponential(2)}, ` +
        `over the tolerance ${subject.tolerance.maxAbs} (${subject.tolerance.why})`,
    );
  }
  return { maxAbs, runs };
}
