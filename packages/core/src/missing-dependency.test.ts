import { describe, expect, it } from 'vitest';
import { isMtcnnError } from './errors.js';
import { isMissingPackage, missingDependency } from './missing-dependency.js';

/** What Node's loader throws for a specifier, from a place where nothing is installed. */
async function importError(specifier: string): Promise<unknown> {
  return import(/* @vite-ignore */ specifier).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('isMissingPackage', () => {
  it('is true for the loader’s own error for that package, and only for it', async () => {
    const error = await importError('mtcnn-no-such-package');
    expect((error as { code?: string }).code).toBe('ERR_MODULE_NOT_FOUND');
    expect(isMissingPackage(error, 'mtcnn-no-such-package')).toBe(true);
    expect(isMissingPackage(error, 'mtcnn-no-such')).toBe(false);
    expect(isMissingPackage(error, 'sharp')).toBe(false);
  });

  it('is false for a missing file, and for other errors', async () => {
    const error = await importError('./no-such-file.js');
    expect(isMissingPackage(error, 'no-such-file')).toBe(false);
    expect(isMissingPackage(new Error("Cannot find package 'sharp'"), 'sharp')).toBe(false);
    expect(isMissingPackage(undefined, 'sharp')).toBe(false);
  });
});

describe('missingDependency', () => {
  it('is a MISSING_DEPENDENCY with one line: what needs it, the npm line, what works without it', () => {
    const cause = new Error('not found');
    const error = missingDependency('sharp', 'decoding files', 'raw pixels work without it', cause);
    expect(isMtcnnError(error, 'MISSING_DEPENDENCY')).toBe(true);
    expect(error.message).toBe(
      'sharp is not installed (needed for decoding files): npm i sharp; raw pixels work without it',
    );
    expect(error.cause).toBe(cause);
  });
});
