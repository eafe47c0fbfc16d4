import { MtcnnError } from './errors.js';

/**
 * True when `error` is the module loader saying that `packageName` itself is not installed: Node's
 * ERR_MODULE_NOT_FOUND (or CommonJS's MODULE_NOT_FOUND) naming that package. A package that is installed but
 * fails to load (a native binding for another platform, a missing dependency of its own) is not.
 */
export function isMissingPackage(error: unknown, packageName: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  // Node names the package (ESM) or the specifier (CommonJS) in quotes; a file inside it is another failure.
  return (
    error.message.includes(`package '${packageName}'`) || error.message.includes(`module '${packageName}'`)
  );
}

/**
 * The MISSING_DEPENDENCY error for an optional package that is not installed: one line naming the package,
 * what needs it, how to install it, and what works without it.
 */
export function missingDependency(
  packageName: string,
  neededFor: string,
  withoutIt: string,
  cause?: unknown,
): MtcnnError {
  return new MtcnnError(
    'MISSING_DEPENDENCY',
    `${packageName} is not installed (needed for ${neededFor}): npm i ${packageName}; ${withoutIt}`,
    cause === undefined ? undefined : { cause },
  );
}
