import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useSwiftShader } from './swiftshader-env.js';

const dir = mkdtempSync(join(tmpdir(), 'swiftshader-env-'));
const icd = join(dir, 'vk_swiftshader_icd.json');
writeFileSync(icd, '{}');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('useSwiftShader', () => {
  it('points Vulkan at SwiftShader whenever it is there, whatever drivers the system has', () => {
    const env: NodeJS.ProcessEnv = { LD_LIBRARY_PATH: '/opt/lib' };
    expect(useSwiftShader(env, icd)).toBe(icd);
    expect(env.VK_ICD_FILENAMES).toBe(icd);
    expect(env.LD_LIBRARY_PATH).toBe('/opt/lib:/usr/lib/chromium');
  });

  it('keeps a driver the environment names, and leaves the loader alone without SwiftShader', () => {
    const nvidia = '/usr/share/vulkan/icd.d/nvidia_icd.json';
    const chosen: NodeJS.ProcessEnv = { VK_ICD_FILENAMES: nvidia };
    expect(useSwiftShader(chosen, icd)).toBe(nvidia);
    expect(chosen).toEqual({ VK_ICD_FILENAMES: nvidia });
    const none: NodeJS.ProcessEnv = {};
    expect(useSwiftShader(none, join(dir, 'missing.json'))).toBeUndefined();
    expect(none).toEqual({});
  });
});
