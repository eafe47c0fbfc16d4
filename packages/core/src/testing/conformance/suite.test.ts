// How the suite maps check outcomes onto a test framework. The targets here are in-memory: the mapping is
// what is under test; the checks themselves run on real backends in tools/conformance.
import { describe, expect, it } from 'vitest';
import { type CheckOutcome, type ConformanceTestApi, defineConformanceSuite } from './suite.js';

interface Recorded {
  name: string;
  body: (context: { skip(note?: string): void }) => Promise<void>;
}

function collect(outcome: CheckOutcome, checks?: ('models' | 'memory')[]) {
  const tests: Recorded[] = [];
  const suites: string[] = [];
  const api: ConformanceTestApi = {
    describe: (name, body) => {
      suites.push(name);
      body();
    },
    it: (name, body) => {
      tests.push({ name, body });
    },
  };
  const lines: string[] = [];
  defineConformanceSuite(
    api,
    { name: 'fake', run: async () => outcome },
    { checks, log: (l) => lines.push(l) },
  );
  return { tests, suites, lines };
}

describe('defineConformanceSuite', () => {
  it('declares one test per check, and passes with the summary logged', async () => {
    const { tests, suites, lines } = collect({ status: 'passed', summary: 'fine', metrics: {} });
    expect(suites).toEqual(['conformance: fake']);
    expect(tests.map((t) => t.name)).toHaveLength(5);
    await tests[0]!.body({ skip: () => expect.unreachable() });
    expect(lines).toEqual(['[conformance] fake models: fine']);
  });

  it('skips with the reason, never passes, when the backend cannot start', async () => {
    const { tests, lines } = collect({ status: 'skipped', reason: 'no adapter' }, ['memory']);
    expect(tests).toHaveLength(1);
    const notes: (string | undefined)[] = [];
    await tests[0]!.body({ skip: (note) => notes.push(note) });
    expect(notes).toEqual(['no adapter']);
    expect(lines).toEqual(['[conformance] fake memory: SKIPPED (no adapter)']);
  });

  it('fails with the check message', async () => {
    const { tests } = collect({ status: 'failed', message: 'pnet differs by 1e-2' }, ['models']);
    await expect(tests[0]!.body({ skip: () => expect.unreachable() })).rejects.toThrow(
      'fake models: pnet differs by 1e-2',
    );
  });
});
