// A runtime package that is not installed, for real: a child Node process whose module resolution looks for the
// hidden packages from the filesystem root, where nothing is installed, so Node itself fails with
// ERR_MODULE_NOT_FOUND exactly as in a project without them.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PNET_MODEL_URL } from '@mtcnn/pnet';
import { describe, expect, it } from 'vitest';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/** Each device's session dims, or `CODE: message`, in a child where `hidden` packages are not installed. */
async function devicesWithout(hidden: readonly string[], devices: readonly string[]) {
  const hooks = `const hidden = new Set(${JSON.stringify(hidden)});
    export async function resolve(specifier, context, next) {
      return next(specifier, hidden.has(specifier) ? { ...context, parentURL: 'file:///' } : context);
    }`;
  const script = `
    const { register } = await import('node:module');
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}));
    const { backendForDevice } = await import(${JSON.stringify(join(dist, 'node.js'))});
    const model = new URL(${JSON.stringify(PNET_MODEL_URL.href)});
    const input = { input: { data: new Float32Array(3 * 12 * 12), dims: [1, 3, 12, 12] } };
    const report = {};
    for (const device of ${JSON.stringify(devices)}) {
      try {
        const session = await backendForDevice(device, { node: { workerThreads: 1 } }).createSession(model);
        report[device] = (await session.run(input)).prob.dims.join('x');
        await session.dispose();
      } catch (error) {
        report[device] = error.code + ': ' + error.message;
      }
    }
    console.log(JSON.stringify(report));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, string>;
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
