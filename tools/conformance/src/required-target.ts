import type { ConformanceTarget } from '@mtcnn/core/testing';
import { allBackendsRequired, missingMessage } from '@mtcnn/fixtures/environment';

/**
 * The target, whose skips (no Chromium, no WebGPU adapter, no gc) become failures naming what was missing where
 * every backend must run (CI): there a backend that cannot start is a broken machine, not a pass.
 */
export function requiredWhereDemanded(
  target: ConformanceTarget,
  required = allBackendsRequired(),
): ConformanceTarget {
  if (!required) return target;
  return {
    name: target.name,
    async run(check) {
      const outcome = await target.run(check);
      return outcome.status === 'skipped'
        ? { status: 'failed', message: missingMessage(target.name, outcome.reason) }
        : outcome;
    },
  };
}
