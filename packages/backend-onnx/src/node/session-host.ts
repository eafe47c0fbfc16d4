// Runs the requests of the lane protocol against onnxruntime-node sessions it holds: in a worker lane's thread
// (lane-worker.ts), and in the calling thread as one more lane (lanes.ts).
import type * as OrtNode from 'onnxruntime-node';
import { createRuntimeSession, runtimeLoader } from '../create-session.js';
import { InputCopies, privateInputs } from './input-memory.js';
import type { RunInput, WorkerReply, WorkerRequest, WorkerTensor } from './lane-protocol.js';

type OrtNodeModule = typeof OrtNode;

/** An output as data a reply can hand over without a copy (its own buffer). */
function outputOf(name: string, tensor: OrtNode.Tensor): WorkerTensor {
  if (tensor.type !== 'float32') throw new Error(`output ${name} is ${tensor.type}, expected float32`);
  const data = tensor.data as Float32Array;
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  return { name, data: whole ? data : new Float32Array(data), dims: [...tensor.dims] };
}

const loadRuntime = runtimeLoader<OrtNodeModule>('onnxruntime-node', () => import('onnxruntime-node'));

export class SessionHost {
  private readonly sessions = new Map<number, OrtNode.InferenceSession>();
  /** This thread's private copies of shared inputs. */
  private readonly copies = new InputCopies('private');

  private session(id: number): OrtNode.InferenceSession {
    const found = this.sessions.get(id);
    if (!found) throw new Error(`no session ${id} here`);
    return found;
  }

  /** Runs a session; shared inputs are copied into this thread's memory first (see input-memory.ts). */
  private async run(session: number, inputs: readonly RunInput[]): Promise<WorkerTensor[]> {
    const ort = await loadRuntime();
    const own = privateInputs(inputs, this.copies);
    try {
      const feeds: Record<string, OrtNode.Tensor> = {};
      for (const input of own.inputs)
        feeds[input.name] = new ort.Tensor('float32', input.data, [...input.dims]);
      const results = await this.session(session).run(feeds);
      return Object.entries(results).map(([name, tensor]) => outputOf(name, tensor));
    } finally {
      this.copies.release(own.made);
    }
  }

  /** Releases every session (the calling thread's lane, when the backend stops its lanes). */
  async releaseAll(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(all.map((s) => s.release()));
  }

  /** The reply to `request`; a failure is a reply with its message, never a rejection. */
  async answer(request: WorkerRequest): Promise<WorkerReply> {
    try {
      return await this.handle(request);
    } catch (error) {
      return { id: request.id, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private async handle(request: WorkerRequest): Promise<WorkerReply> {
    switch (request.kind) {
      case 'load': {
        const created = await createRuntimeSession(await loadRuntime(), request.model, request.options);
        this.sessions.set(request.session, created);
        return { id: request.id, inputNames: created.inputNames, outputNames: created.outputNames };
      }
      case 'run':
        return { id: request.id, outputs: await this.run(request.session, request.inputs) };
      case 'release': {
        const released = this.sessions.get(request.session);
        this.sessions.delete(request.session);
        await released?.release();
        return { id: request.id };
      }
    }
  }
}
