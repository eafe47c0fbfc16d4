import type { Backend, Session } from '../../backend.js';
import type { Tensor } from '../../tensor.js';

/** One model run: what went in and what came out. */
export interface RecordedRun {
  readonly feeds: Readonly<Record<string, Tensor>>;
  readonly outputs: Readonly<Record<string, Tensor>>;
}

function copy(tensors: Readonly<Record<string, Tensor>>): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(tensors)) out[name] = { data: t.data.slice(), dims: [...t.dims] };
  return out;
}

/**
 * A backend that records every run of its sessions into `runs`, with copies of the feeds and outputs (the
 * cascade may reuse its buffers). Used to capture real model inputs, met while detecting real images, and the
 * reference backend's outputs for them.
 */
export function recordingBackend(backend: Backend, runs: RecordedRun[]): Backend {
  return {
    name: `${backend.name} (recorded)`,
    async createSession(model) {
      const session = await backend.createSession(model);
      const recorded: Session = {
        inputNames: session.inputNames,
        outputNames: session.outputNames,
        async run(feeds) {
          const outputs = await session.run(feeds);
          runs.push({ feeds: copy(feeds), outputs: copy(outputs) });
          return outputs;
        },
        dispose: () => session.dispose(),
      };
      return recorded;
    },
  };
}
