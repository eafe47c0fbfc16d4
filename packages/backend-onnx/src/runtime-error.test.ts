// A runtime package that is not installed, for real: a child Node process whose module resolution looks for the
// hidden packages from the filesystem root, where nothing is installed, so Node itself fails with
// ERR_MODULE_NOT_FOUND exactly as in a project without them.
import { describe, expect, it } from 'vitest';
import { devicesInChild } from './test-support.js';

/** Each device's session dims, or `CODE: message`, in a child where `hidden` packages are not installed. */
async function devicesWithout(hidden: readonly string[], devices: readonly string[]) {
  const hooks = `const hidden = new Set(${JSON.stringify(hidden)});
    export async function resolve(specifier, context, next) {
      return next(specifier, hidden.has(specifier) ? { ...context, parentURL: 'file:///' } : context);
    }`;
  return devicesInChild(hooks, devices);
}

describe('a runtime package that is not installed', () => {
  it('onnxruntime-web missing: wasm is MISSING_DEPENDENCY with the npm line; cpu and auto run', async () => {
    const report = await devicesWithout(['onnxruntime-web'], ['wasm', 'cpu', 'auto']);
    expect(report.wasm).toBe(
      "MISSING_DEPENDENCY: onnxruntime-web is not installed (needed for device 'wasm', and the browser's " +
        "'webgpu'): npm i onnxruntime-web; in Node, device 'cpu' runs on onnxruntime-node without it",
    );
    expect(report.cpu).toBe('1x2x1x1');
    expect(report.auto).toBe('1x2x1x1');
  });

  it('onnxruntime-node missing: cpu is MISSING_DEPENDENCY; auto falls through to wasm', async () => {
    const report = await devicesWithout(['onnxruntime-node'], ['cpu', 'auto']);
    expect(report.cpu).toMatch(
      /^MISSING_DEPENDENCY: onnxruntime-node is not installed \(needed for devices 'cpu' and 'webgpu' in Node\): npm i onnxruntime-node; device 'wasm' runs on onnxruntime-web without it$/,
    );
    expect(report.auto).toBe('1x2x1x1');
  });

  it('both missing: auto is one MISSING_DEPENDENCY naming every backend and its npm line', async () => {
    const report = await devicesWithout(['onnxruntime-node', 'onnxruntime-web'], ['auto']);
    expect(report.auto).toMatch(/^MISSING_DEPENDENCY: no backend could run the model; tried onnx-node:cpu: /);
    expect(report.auto).toContain('npm i onnxruntime-node');
    expect(report.auto).toContain('onnx-web:wasm: ');
    expect(report.auto).toContain('npm i onnxruntime-web');
  });
});
