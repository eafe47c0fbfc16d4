// onnxNodeBackend: onnxruntime-node with its CPU or WebGPU (Dawn) execution provider, on the calling thread
// alone or on worker-thread lanes beside it (lanes.ts).
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type Backend, type Model, MtcnnError, type Session } from '@mtcnn/core/backend-kit';
import type * as OrtNode from 'onnxruntime-node';
import { createOnnxSession, locateModel, runtimeLoader } from '../create-session.js';
import { backendName, runtimeDevice } from '../device-backends.js';
import type { DeviceOf } from '../devices.js';
import type { ProviderTable } from '../ort-types.js';
import { RunQueue } from '../run-queue.js';
import { sessionCreationError } from '../runtime-error.js';
import { LaneSession } from './lane-session.js';
import { Lanes } from './lanes.js';

type OrtNodeModule = typeof OrtNode;

/** The devices onnxruntime-node serves (devices.ts). */
export type NodeDevice = DeviceOf<'node'>;

/** Options of the WebGPU execution provider (layout, validation…), as onnxruntime-node takes them. */
export type NodeWebGpuOptions = Omit<OrtNode.InferenceSession.WebGpuExecutionProviderOption, 'name'>;

export interface OnnxNodeBackendOptions {
  /** Execution provider. Default 'cpu'. */
  readonly device?: NodeDevice;
  /**
   * Worker threads that run models beside the calling thread (device 'cpu' only): each thread, the caller
   * included, holds its own onnxruntime session of every model, and the stages split their work among them
   * (P-Net's pyramid in bands, R-Net's and O-Net's crops in parts), so that one core runs a model while the other
   * also resamples and decodes. 0 runs onnxruntime in the calling thread alone, with its own intra-op threads.
   * Default: one fewer than the cores, up to 3, for the CPU device when neither thread count below is given,
   * else 0 (tools/bench compares both). The workers start with the first session and stop when the last one is
   * disposed; idle, they do not keep the process alive.
   */
  readonly workerThreads?: number;
  /**
   * Threads used within one operator (onnxruntime's intra-op threads), per model-running thread when there are
   * worker threads. Default: with worker threads, the cores shared out among them and the caller; without,
   * onnxruntime's choice.
   */
  readonly intraOpNumThreads?: number;
  /** Threads used across independent operators (only with executionMode 'parallel'). */
  readonly interOpNumThreads?: number;
  /** Graph optimisation level. Default 'all'. */
  readonly graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  /**
   * Let onnxruntime's intra-op threads spin after a run, waiting for the next. Default false: the cascade runs
   * three sessions in turn, each with its own pool, and a pool still spinning takes the cores the next stage
   * needs.
   */
  readonly allowSpinning?: boolean;
  /** WebGPU execution provider options (device 'webgpu' only). */
  readonly webgpu?: NodeWebGpuOptions;
  /**
   * Forms of a stage's model to load when it ships several, best first (see `ModelForms`). Default: `['nchwc']`
   * for the CPU device on x86-64 with graph optimisation 'all', where onnxruntime's NCHWc kernels run that form
   * faster (tools/bench); otherwise none, so the portable model. `[]` always loads the portable one.
   */
  readonly modelForms?: readonly string[];
  /** Any other onnxruntime session options, passed through last (they win over the options above). */
  readonly sessionOptions?: OrtNode.InferenceSession.SessionOptions;
}

/**
 * The model forms this backend prefers by default: onnxruntime has NCHWc kernels on x86-64 only, and applies
 * them at optimisation level 'all'.
 */
function defaultModelForms(options: OnnxNodeBackendOptions, device: NodeDevice): readonly string[] {
  const level = options.graphOptimizationLevel ?? 'all';
  return device === 'cpu' && process.arch === 'x64' && level === 'all' ? ['nchwc'] : [];
}

/** Most worker threads by default: beyond this, each thread gets several of onnxruntime's intra-op threads. */
export const MAX_DEFAULT_WORKER_THREADS = 3;

function defaultWorkerThreads(options: OnnxNodeBackendOptions, device: NodeDevice, cores: number): number {
  const threadsGiven = options.intraOpNumThreads !== undefined || options.interOpNumThreads !== undefined;
  if (device !== 'cpu' || threadsGiven || cores < 2) return 0;
  return Math.min(cores - 1, MAX_DEFAULT_WORKER_THREADS);
}

function workerThreadsOf(options: OnnxNodeBackendOptions, device: NodeDevice, cores: number): number {
  const count = options.workerThreads ?? defaultWorkerThreads(options, device, cores);
  if (!Number.isInteger(count) || count < 0) {
    throw new MtcnnError('INVALID_OPTION', `workerThreads must be a whole number ≥ 0, got ${String(count)}`);
  }
  if (count > 0 && device !== 'cpu') {
    throw new MtcnnError('INVALID_OPTION', `workerThreads is for the cpu device, not ${device}`);
  }
  return count;
}

/**
 * The lanes (worker threads and the calling thread) shared by one backend's sessions: started with its first
 * session, stopped when the last one is released (a later session starts them again).
 */
function sharedLanes(workerThreads: number, backendName: string) {
  let lanes: Lanes | undefined;
  let users = 0;
  return {
    acquire(): Lanes {
      lanes ??= new Lanes(workerThreads, backendName);
      users++;
      return lanes;
    },
    async release(): Promise<void> {
      users--;
      if (users > 0 || !lanes) return;
      const stopping = lanes;
      lanes = undefined;
      await stopping.terminate();
    },
  };
}

const loadRuntime = runtimeLoader<OrtNodeModule>('onnxruntime-node', () => import('onnxruntime-node'));

type Provider = OrtNode.InferenceSession.ExecutionProviderConfig;

const PROVIDERS: ProviderTable<NodeDevice, OnnxNodeBackendOptions, Provider> = {
  cpu: () => 'cpu',
  webgpu: (options) => ({ name: 'webgpu', ...options.webgpu }),
};

function sessionOptionsOf(options: OnnxNodeBackendOptions, device: NodeDevice) {
  const sessionOptions: OrtNode.InferenceSession.SessionOptions = {
    executionProviders: [PROVIDERS[device](options)],
    graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
    ...(options.intraOpNumThreads !== undefined ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
    ...(options.interOpNumThreads !== undefined ? { interOpNumThreads: options.interOpNumThreads } : {}),
    extra: { session: { intra_op: { allow_spinning: options.allowSpinning ? '1' : '0' } } },
    ...options.sessionOptions,
  };
  return sessionOptions;
}

/** A backend on onnxruntime-node: the CPU execution provider, or WebGPU (Dawn) where an adapter exists. */
export function onnxNodeBackend(options: OnnxNodeBackendOptions = {}): Backend {
  const device = runtimeDevice('node', options.device ?? 'cpu');
  const name = backendName('node', device);
  const sessionOptions = sessionOptionsOf(options, device);
  const forms = options.modelForms ?? defaultModelForms(options, device);
  const cores = availableParallelism();
  const threads = workerThreadsOf(options, device, cores);
  const lanes = sharedLanes(threads, name);
  const laneSessionOptions = {
    ...sessionOptions,
    // The cores shared out among the workers and the calling thread.
    intraOpNumThreads: options.intraOpNumThreads ?? Math.max(1, Math.floor(cores / (threads + 1))),
    ...options.sessionOptions,
  };
  async function createLaneSession(location: string | Uint8Array): Promise<Session> {
    const shared = lanes.acquire();
    try {
      const loaded = await shared.load(location, laneSessionOptions);
      return new LaneSession(shared, loaded, name, () => lanes.release());
    } catch (error) {
      await lanes.release();
      throw sessionCreationError(name, error);
    }
  }
  return {
    name,
    async createSession(model: Model) {
      if (threads === 0) {
        return createOnnxSession(model, {
          backendName: name,
          runtime: loadRuntime,
          sessionOptions,
          forms,
          fileUrlToPath: fileURLToPath,
          // The CPU provider runs overlapping calls safely on its thread pool. The WebGPU provider's sessions
          // share one device, and nothing promises that overlapping runs of one session are safe there: queue them.
          ...(device === 'webgpu' ? { queue: new RunQueue() } : {}),
        });
      }
      // The lanes load the runtime in their own threads; a missing one is BACKEND_UNAVAILABLE, said once, here.
      await loadRuntime();
      return createLaneSession(locateModel(model, forms, fileURLToPath));
    },
  };
}
