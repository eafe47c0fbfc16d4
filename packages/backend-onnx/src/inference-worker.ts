// An inference worker thread of the Node entry (see inference-workers.ts): it holds its own onnxruntime-node
// sessions and runs them on request, so that several runs of one model make progress at once while the calling
// thread goes on with the JavaScript between them.
import { parentPort } from 'node:worker_threads';
import { SessionHost } from './session-host.js';
import type { WorkerRequest } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('inference-worker.js runs as a worker thread of @mtcnn/backend-onnx/node');
const host = new SessionHost();

port.on('message', (request: WorkerRequest) => {
  // Lent input buffers go back with the reply, whatever happened.
  const returned = request.kind === 'run' ? request.inputs.map((i) => i.buffer) : [];
  void host.answer(request).then((reply) => {
    const outputs = reply.outputs?.map((o) => o.data.buffer as ArrayBuffer) ?? [];
    port.postMessage({ ...reply, returned }, [...returned, ...outputs]);
  });
});
