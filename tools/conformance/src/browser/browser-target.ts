import type { CheckOutcome, ConformanceCheckName, ConformanceTarget } from '@mtcnn/core/testing';
import { requiredWhereDemanded } from '../required-target.js';
import type { BrowserHarness } from './harness.js';
import type { BrowserSubject, ConformancePage } from './protocol.js';

/** A conformance target whose checks run inside the harness's page; in CI a missing Chromium or adapter fails. */
export function browserTarget(
  harness: () => Promise<BrowserHarness | { skip: string }>,
  subject: BrowserSubject,
  name: string,
): ConformanceTarget {
  return requiredWhereDemanded({
    name,
    async run(check: ConformanceCheckName): Promise<CheckOutcome> {
      const started = await harness();
      if ('skip' in started) return { status: 'skipped', reason: started.skip };
      const outcome = await started.page.evaluate(
        async ([s, c]) => (await (window.conformance as Promise<ConformancePage>)).run(s, c),
        [subject, check] as const,
      );
      if (outcome.status === 'failed' && started.pageErrors.length > 0) {
        return {
          status: 'failed',
          message: `${outcome.message}\npage errors:\n${started.pageErrors.join('\n')}`,
        };
      }
      return outcome;
    },
  });
}
