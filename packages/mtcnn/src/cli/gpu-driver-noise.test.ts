import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quietGpuDrivers, usesWebGpu } from './gpu-driver-noise.js';

const OWNER_ONLY = 0o700;
const PERMISSION_BITS = 0o777;

describe('quietGpuDrivers', () => {
  it('points an unset, relative or missing XDG_RUNTIME_DIR at a private directory of its own', () => {
    for (const value of [undefined, '', 'relative/dir', '/no/such/runtime/dir']) {
      const env: NodeJS.ProcessEnv = value === undefined ? {} : { XDG_RUNTIME_DIR: value };
      expect(quietGpuDrivers(env)).toContain('XDG_RUNTIME_DIR');
      const dir = env.XDG_RUNTIME_DIR!;
      expect(dir.startsWith(join(tmpdir(), 'mtcnn-xdg-runtime-'))).toBe(true);
      const stat = statSync(dir);
      expect(stat.isDirectory()).toBe(true);
      expect(stat.mode & PERMISSION_BITS).toBe(OWNER_ONLY);
      rmSync(dir, { recursive: true });
    }
  });

  it('leaves a valid XDG_RUNTIME_DIR and a user’s own Mesa setting alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runtime-'));
    try {
      const env: NodeJS.ProcessEnv = { XDG_RUNTIME_DIR: dir, MESA_VK_IGNORE_CONFORMANCE_WARNING: '0' };
      expect(quietGpuDrivers(env)).toEqual([]);
      expect(env).toEqual({ XDG_RUNTIME_DIR: dir, MESA_VK_IGNORE_CONFORMANCE_WARNING: '0' });
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('turns off Mesa’s conformance warning unless set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runtime-'));
    try {
      const env: NodeJS.ProcessEnv = { XDG_RUNTIME_DIR: dir };
      expect(quietGpuDrivers(env)).toEqual(['MESA_VK_IGNORE_CONFORMANCE_WARNING']);
      expect(env.MESA_VK_IGNORE_CONFORMANCE_WARNING).toBe('1');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

// libwayland-client itself (Chromium's dependencies install it) asked to connect, as Mesa's Vulkan drivers do when
// Dawn loads them; Python's ctypes is the smallest way to call it from a test.
const CONNECT = ['-c', "import ctypes; ctypes.CDLL('libwayland-client.so.0').wl_display_connect(None)"];
const WAYLAND_NOISE = 'XDG_RUNTIME_DIR is invalid or not set in the environment';
const haveWayland = spawnSync('python3', CONNECT, { env: { PATH: process.env.PATH } }).status === 0;

describe.skipIf(!haveWayland)('libwayland-client, when python3 and the library are installed', () => {
  it('complains without XDG_RUNTIME_DIR, and is silent with the environment quietGpuDrivers sets', () => {
    const bare: NodeJS.ProcessEnv = { PATH: process.env.PATH };
    const noisy = spawnSync('python3', CONNECT, { env: bare, encoding: 'utf8' });
    expect(noisy.stderr).toContain(WAYLAND_NOISE);
    const quiet: NodeJS.ProcessEnv = { PATH: process.env.PATH };
    quietGpuDrivers(quiet);
    try {
      const run = spawnSync('python3', CONNECT, { env: quiet, encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('');
    } finally {
      rmSync(quiet.XDG_RUNTIME_DIR!, { recursive: true });
    }
  });
});

describe('usesWebGpu', () => {
  it('is true when any stage runs on webgpu', () => {
    expect(usesWebGpu('webgpu')).toBe(true);
    expect(usesWebGpu({ pnet: 'webgpu', onet: 'cpu' })).toBe(true);
    expect(usesWebGpu('auto')).toBe(false);
    expect(usesWebGpu({ rnet: 'cpu' })).toBe(false);
    expect(usesWebGpu(undefined)).toBe(false);
  });
});
