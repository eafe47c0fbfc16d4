import { AUTO_ORDER } from '@mtcnn/backend-onnx/web';
import type { BackendId, BackendOption } from './backends.js';
import { STANDARD_STAGES, type StandardStage } from './standard-stages.js';
import type { DetectorConfig } from './worker/protocol.js';

/** The backend picked for each stage of the cascade. */
export type StageChoices = Readonly<Record<StandardStage, BackendId>>;

export const STAGE_LABELS: Readonly<Record<StandardStage, string>> = {
  pnet: 'P-Net',
  rnet: 'R-Net',
  onet: 'O-Net',
};

function optionOf(options: readonly BackendOption[], id: BackendId): BackendOption {
  const option = options.find((o) => o.id === id);
  if (!option) throw new Error(`unknown backend ${id}`);
  return option;
}

/** The same backend for every stage. */
export function uniformChoices(id: BackendId): StageChoices {
  return { pnet: id, rnet: id, onet: id };
}

/**
 * The default for every stage: the first device of the library's own `auto` (AUTO_ORDER.browser) that this page
 * offers, not emulated in software, on its most threads (one thread on a machine with too few cores for more).
 */
export function defaultChoices(options: readonly BackendOption[]): StageChoices {
  for (const device of AUTO_ORDER.browser) {
    const offered = options.filter((o) => o.device === device && o.available && !o.emulated && !o.notDefault);
    const best = offered.sort((a, b) => b.threads - a.threads)[0];
    if (best) return uniformChoices(best.id);
  }
  return uniformChoices('wasm-1');
}

/**
 * Picks a backend for one stage. A detector's WebAssembly stages share one onnxruntime-web runtime, whose
 * thread count is fixed when it starts; so picking a WASM backend moves the other WASM stages to the same
 * thread count. Returns the new choices and the stages that moved.
 */
export function chooseStageBackend(
  current: StageChoices,
  stage: StandardStage,
  id: BackendId,
  options: readonly BackendOption[],
): { choices: StageChoices; moved: StandardStage[] } {
  const picked = optionOf(options, id);
  const next = { ...current, [stage]: id };
  const moved: StandardStage[] = [];
  if (picked.device === 'wasm') {
    for (const other of STANDARD_STAGES) {
      if (other === stage) continue;
      const was = optionOf(options, current[other]);
      if (was.device === 'wasm' && was.id !== id) {
        next[other] = id;
        moved.push(other);
      }
    }
  }
  return { choices: next, moved };
}

/** The worker configuration for a set of choices. */
export function detectorConfig(choices: StageChoices, options: readonly BackendOption[]): DetectorConfig {
  const picked = STANDARD_STAGES.map((s) => optionOf(options, choices[s]));
  const wasm = picked.find((o) => o.device === 'wasm');
  return {
    stages: { pnet: picked[0]!.device, rnet: picked[1]!.device, onet: picked[2]!.device },
    wasmThreads: wasm?.threads ?? 1,
  };
}

/** A short description such as "WASM · 2 threads" or "P-Net WebGPU, R-Net/O-Net WASM · 1 thread". */
export function describeChoices(choices: StageChoices, options: readonly BackendOption[]): string {
  const ids = new Set(STANDARD_STAGES.map((s) => choices[s]));
  if (ids.size === 1) return optionOf(options, choices.pnet).label;
  return STANDARD_STAGES.map((s) => `${STAGE_LABELS[s]} ${optionOf(options, choices[s]).label}`).join(', ');
}
