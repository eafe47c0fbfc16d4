// The script of a worker lane (worker-lane.ts, lanes.ts): a worker thread that holds its own onnxruntime-node
// sessions and runs the runs it claims, so that several runs of one model make progress at once while the
// calling thread goes on with the JavaScript between them.
import { parentPort, workerData } from 'node:worker_threads';
import type { RunRequest, WorkerReply, WorkerRequest, WorkerStart } from './lane-protocol.js';
import { RunClaims } from './run-claims.js';
import { SessionHost } from './session-host.js';

const port = parentPort;
if (!port) throw new Error('lane-worker.js runs as a worker thread of @mtcnn/backend-onnx/node');
const claims = new RunClaims((workerData as WorkerStart).claims);
const host = new SessionHost();

/** Runs offered here, oldest first: each is claimed only when this thread is free to start it. */
const offered: RunRequest[] = [];
let draining = false;

function reply(answer: WorkerReply, returned: ArrayBuffer[] = []): void {
  const outputs = answer.outputs?.map((o) => o.data.buffer as ArrayBuffer) ?? [];
  port!.postMessage({ ...answer, returned }, [...returned, ...outputs]);
}

async function drain(): Promise<void> {
  draining = true;
  for (let request = offered.shift(); request; request = offered.shift()) {
    // Lent input buffers go back with the reply, whatever happened.
    const returned = request.inputs.map((i) => i.buffer);
    if (request.claim !== undefined && !claims.claim(request.claim, request.id)) {
      reply({ id: request.id, taken: true }, returned);
      continue;
    }
    reply(await host.answer(request), returned);
  }
  draining = false;
}

port.on('message', (request: WorkerRequest) => {
  if (request.kind !== 'run') {
    void host.answer(request).then((answer) => reply(answer));
    return;
  }
  offered.push(request);
  if (!draining) void drain();
});
