import type { CheckOutcome, ConformanceTarget } from '@mtcnn/core/testing';
import { describe, expect, it } from 'vitest';
import { requiredWhereDemanded } from './required-target.js';

const target = (outcome: CheckOutcome): ConformanceTarget => ({
  name: 'onnx-node:webgpu',
  run: async () => outcome,
});
const skipped: CheckOutcome = { status: 'skipped', reason: 'no WebGPU adapter' };

describe('requiredWhereDemanded', () => {
  it('turns a skip into a failure naming the target and what was missing, where every backend is required', async () => {
    const outcome = await requiredWhereDemanded(target(skipped), true).run('models');
    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.message).toMatch(
      /^onnx-node:webgpu did not run: no WebGPU adapter; skipping is not allowed here .*MTCNN_REQUIRE_ALL_BACKENDS=0/,
    );
  });

  it('leaves skips alone elsewhere, and passes and failures everywhere', async () => {
    expect(await requiredWhereDemanded(target(skipped), false).run('models')).toEqual(skipped);
    const passed: CheckOutcome = { status: 'passed', summary: 'ok', metrics: {} };
    expect(await requiredWhereDemanded(target(passed), true).run('models')).toEqual(passed);
  });
});
