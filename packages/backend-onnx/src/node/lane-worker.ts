// The script of a worker lane (worker-lane.ts, lanes.ts): a worker thread that holds its own onnxruntime-node
// sessions and runs the runs it claims, so that several runs of one model make progress at once while the
// calling thread goes on with the JavaScript between them.
import { parentPort, workerData } from 'node:worker_threads';
import type { ExitRequest, RunRequest, WorkerReply, WorkerRequest, WorkerStart } from './lane-protocol.js';
import { RunClaims } from './run-claims.js';
import { SessionHost } from './session-host.js';

const port = parentPort;
if (!port) throw new Error('lane-worker.js runs as a worker thread of @mtcnn/backend-onnx/node');
const { claims: table, lane } = workerData as WorkerStart;
const claims = new RunClaims(table);
const host = new SessionHost();

/** Runs offered here, oldest first: each is claimed only when this thread is free to start it. */
const offered: RunRequest[] = [];
let draining = false;
/** Asked to end: it finishes the run in hand and claims no other. */
let exiting = false;

function reply(answer: WorkerReply): void {
  // Outputs are on buffers of their own (session-host.ts): moved, not copied.
  port!.postMessage(
    answer,
    answer.outputs?.map((o) => o.data.buffer as ArrayBuffer),
  );
}

async function drain(): Promise<void> {
  draining = true;
  for (let request = offered.shift(); request && !exiting; request = offered.shift()) {
    // Claim before reading: a run another lane has taken, its input perhaps reused by now, is not touched.
    if (request.claim !== undefined && !claims.claim(request.claim, request.id, lane)) {
      reply({ id: request.id, taken: true });
      continue;
    }
    reply(await host.answer(request));
  }
  draining = false;
  if (exiting) process.exit(0);
}

port.on('message', (request: WorkerRequest | ExitRequest) => {
  if (request.kind === 'exit') {
    // The offers not claimed yet stay open to the other lanes.
    exiting = true;
    if (!draining) process.exit(0);
    return;
  }
  if (request.kind !== 'run') {
    void host.answer(request).then(reply);
    return;
  }
  offered.push(request);
  if (!draining) void drain();
});
