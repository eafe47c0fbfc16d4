// Shared by the tests that load this package's built Node entry in a child process with module-resolution hooks.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PNET_MODEL_URL } from '@mtcnn/pnet';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/**
 * Each device's P-Net output dims, or `CODE: message`, from dist/node.js in a child Node process whose module
 * resolution goes through `hooks` (the source of a `module.register` hooks module).
 */
export async function devicesInChild(
  hooks: string,
  devices: readonly string[],
): Promise<Record<string, string>> {
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
