import { describe, expect, it } from 'vitest';
import type { Backend, Session } from './backend.js';
import { firstAvailableBackend } from './backend-fallback.js';
import { isMtcnnError, MtcnnError } from './errors.js';

// The candidates here are in-memory backends: the fallback logic is what is under test, and real
// runtimes are exercised by the conformance suite in tools/conformance.
function workingBackend(name: string, log: string[]): Backend {
  return {
    name,
    async createSession() {
      log.push(name);
      const session: Session = {
        inputNames: ['input'],
        outputNames: [name],
        run: async () => ({}),
        dispose: async () => {},
      };
      return session;
    },
  };
}

function failingBackend(
  name: string,
  message: string,
  code?: 'BACKEND_UNAVAILABLE' | 'MISSING_DEPENDENCY',
): Backend {
  return {
    name,
    createSession: async () => {
      throw code ? new MtcnnError(code, message) : new Error(message);
    },
  };
}

describe('firstAvailableBackend', () => {
  it('uses the first candidate that loads the model', async () => {
    const log: string[] = [];
    const backend = firstAvailableBackend([
      { name: 'gpu', create: () => failingBackend('gpu', 'no adapter') },
      { name: 'cpu', create: () => workingBackend('cpu', log) },
      { name: 'never', create: () => workingBackend('never', log) },
    ]);
    const session = await backend.createSession(new Uint8Array([1]));
    expect(session.outputNames).toEqual(['cpu']);
    expect(log).toEqual(['cpu']);
  });

  it('names every candidate and its reason when none works', async () => {
    const backend = firstAvailableBackend([
      { name: 'webgpu', create: () => failingBackend('webgpu', 'no adapter found', 'BACKEND_UNAVAILABLE') },
      {
        name: 'wasm',
        create: () => {
          throw new Error('onnxruntime-web is not installed');
        },
      },
    ]);
    const error = await backend.createSession('model.onnx').catch((e: unknown) => e);
    expect(isMtcnnError(error, 'BACKEND_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toBe(
      'no backend could run the model; tried webgpu: no adapter found; wasm: onnxruntime-web is not installed',
    );
  });

  it('falls through a missing runtime package; MISSING_DEPENDENCY only when every one is missing', async () => {
    const missing = (name: string) => ({
      name,
      create: () => failingBackend(name, `npm i ${name}-runtime`, 'MISSING_DEPENDENCY'),
    });
    const log: string[] = [];
    const works = firstAvailableBackend([
      missing('cpu'),
      { name: 'wasm', create: () => workingBackend('wasm', log) },
    ]);
    expect((await works.createSession('m.onnx')).outputNames).toEqual(['wasm']);

    const none = firstAvailableBackend([missing('cpu'), missing('wasm')]);
    const error = await none.createSession('m.onnx').catch((e: unknown) => e);
    expect(isMtcnnError(error, 'MISSING_DEPENDENCY')).toBe(true);
    expect((error as Error).message).toBe(
      'no backend could run the model; tried cpu: npm i cpu-runtime; wasm: npm i wasm-runtime',
    );

    const mixed = firstAvailableBackend([
      missing('cpu'),
      { name: 'gpu', create: () => failingBackend('gpu', 'no adapter', 'BACKEND_UNAVAILABLE') },
    ]);
    expect(
      isMtcnnError(await mixed.createSession('m.onnx').catch((e: unknown) => e), 'BACKEND_UNAVAILABLE'),
    ).toBe(true);
  });

  it('says MODEL_LOAD_FAILED when every backend started but rejected the model', async () => {
    const backend = firstAvailableBackend([
      { name: 'cpu', create: () => failingBackend('cpu', 'protobuf parsing failed') },
      { name: 'wasm', create: () => failingBackend('wasm', 'wasm: invalid model') },
    ]);
    const error = await backend.createSession(new Uint8Array([1, 2, 3])).catch((e: unknown) => e);
    expect(isMtcnnError(error, 'MODEL_LOAD_FAILED')).toBe(true);
    // A message that already names its backend is not prefixed twice.
    expect((error as Error).message).toBe(
      'no backend could run the model; tried cpu: protobuf parsing failed; wasm: invalid model',
    );
  });

  it('creates each candidate backend once across models', async () => {
    let creations = 0;
    const log: string[] = [];
    const backend = firstAvailableBackend([
      {
        name: 'cpu',
        create: () => {
          creations++;
          return workingBackend('cpu', log);
        },
      },
    ]);
    await backend.createSession('a');
    await backend.createSession('b');
    expect(creations).toBe(1);
    expect(log).toEqual(['cpu', 'cpu']);
  });

  it('refuses an empty list', () => {
    expect(() => firstAvailableBackend([])).toThrow(/at least one/);
  });
});
