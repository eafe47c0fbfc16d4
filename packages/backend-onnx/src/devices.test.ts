// The device vocabulary: every table agrees with the others, as both entries and the apps rely on it.
import { describe, expect, it } from 'vitest';
import { AUTO_ORDER, DEVICES, devicesIn, devicesOf, RUNTIME_OF, runtimeFor } from './devices.js';

describe('devices', () => {
  it('serves in each environment what it tries there with auto, and only known devices', () => {
    for (const environment of ['node', 'browser'] as const) {
      for (const device of AUTO_ORDER[environment]) expect(devicesIn(environment)).toContain(device);
      for (const device of Object.keys(RUNTIME_OF[environment])) expect(DEVICES).toContain(device);
    }
  });

  it('says where each device runs today', () => {
    expect(devicesIn('node')).toEqual(['cpu', 'wasm', 'webgpu']);
    expect(devicesIn('browser')).toEqual(['wasm', 'webgpu']);
    expect(devicesOf('node')).toEqual(['cpu', 'webgpu']);
    expect(devicesOf('web')).toEqual(['wasm', 'webgpu']);
    expect(AUTO_ORDER).toEqual({ node: ['cpu', 'wasm'], browser: ['webgpu', 'wasm'] });
    expect(runtimeFor('node', 'webgpu')).toBe('node');
    expect(runtimeFor('browser', 'webgpu')).toBe('web');
    expect(runtimeFor('browser', 'cpu')).toBeUndefined();
    // Not a device, whatever the object's prototype holds.
    expect(runtimeFor('node', 'constructor')).toBeUndefined();
  });
});
