import { MtcnnError, type Session, type Tensor } from '@mtcnn/core/backend-kit';
import type { OrtSessionLike, OrtTensorFactory, OrtTensorLike } from './ort-types.js';
import type { RunQueue } from './run-queue.js';
import { SessionRuns } from './session-runs.js';

/** How one adapted session behaves. */
export interface OnnxSessionSettings {
  /** The backend's name, for error messages. */
  readonly backendName: string;
  /**
   * Where runs wait for their turn, when the runtime cannot overlap them: onnxruntime-web needs one queue for
   * all its sessions. Without one, runs start at once.
   */
  readonly queue?: RunQueue;
  readonly tensor: OrtTensorFactory;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * An output as plain data owned by the caller. CPU outputs are copied because the runtime may hand out views
 * of memory it reuses; device outputs ('gpu-buffer') are downloaded into a fresh array and their GPU buffer
 * released.
 */
async function copyOut(name: string, tensor: OrtTensorLike): Promise<Tensor> {
  if (tensor.type !== 'float32') {
    throw new MtcnnError('INFERENCE_FAILED', `output ${name} is ${tensor.type}, expected float32`);
  }
  const dims = [...tensor.dims];
  if (tensor.location === 'cpu' || tensor.location === 'cpu-pinned') {
    return { data: new Float32Array(tensor.data as Float32Array), dims };
  }
  return { data: (await tensor.getData(true)) as Float32Array, dims };
}

/** The core's Session contract over an onnxruntime (Node or web) inference session. */
export class OnnxSession implements Session {
  private readonly runs: SessionRuns;

  constructor(
    private readonly session: OrtSessionLike,
    private readonly settings: OnnxSessionSettings,
  ) {
    this.runs = new SessionRuns(settings.backendName);
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  run(feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>> {
    return this.runs.start(() => {
      const work = () => this.runNow(feeds);
      return this.settings.queue ? this.settings.queue.enqueue(work) : work();
    });
  }

  private async runNow(feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>> {
    const ortFeeds: Record<string, OrtTensorLike> = {};
    for (const [name, tensor] of Object.entries(feeds))
      ortFeeds[name] = this.settings.tensor(tensor.data, tensor.dims);
    let results: Record<string, OrtTensorLike>;
    try {
      results = await this.session.run(ortFeeds);
    } catch (cause) {
      throw new MtcnnError('INFERENCE_FAILED', `${this.settings.backendName}: ${message(cause)}`, { cause });
    } finally {
      for (const tensor of Object.values(ortFeeds)) tensor.dispose();
    }
    try {
      const out: Record<string, Tensor> = {};
      for (const [name, tensor] of Object.entries(results)) out[name] = await copyOut(name, tensor);
      return out;
    } finally {
      for (const tensor of Object.values(results)) tensor.dispose();
    }
  }

  /** Lets runs already started finish, then releases the runtime's session. Calling it again is harmless. */
  dispose(): Promise<void> {
    return this.runs.release(() => this.session.release());
  }
}
