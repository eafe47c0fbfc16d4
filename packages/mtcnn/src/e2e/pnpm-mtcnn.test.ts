// `pnpm mtcnn` in this checkout (tools/cli-launcher): from any directory of the workspace, with paths relative to
// that directory, and nothing on stderr but the command's own messages (no turbo banner, no ELIFECYCLE line).
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { samplePath } from '@mtcnn/fixtures';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCommand } from './support.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

function pnpmMtcnn(args: readonly string[], cwd: string): Promise<CliResult> {
  return runCommand('pnpm', ['mtcnn', ...args], cwd);
}

describe('pnpm mtcnn', () => {
  it.for([
    ['the repository root', ''],
    ['a package', 'packages/core'],
    ['a folder inside a package', 'packages/mtcnn/src/cli'],
  ])('runs from %s with paths relative to it, stderr clean', async ([, dir]) => {
    const cwd = `${root}${dir}`;
    const photo = relative(cwd, samplePath('sample1.jpg'));
    const ok = await pnpmMtcnn(['detect', photo], cwd);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout.split('\n')[1]).toMatch(
      new RegExp(`^${photo.replace(/[.+]/g, '\\$&')}\\s+1\\s+1\\.0000`),
    );

    const failed = await pnpmMtcnn(['detect', 'no-such.jpg'], cwd);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe(
      "mtcnn: cannot read no-such.jpg: ENOENT: no such file or directory, open 'no-such.jpg' [INVALID_IMAGE]\n",
    );
  });
});
