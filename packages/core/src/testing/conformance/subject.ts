import type { Backend } from '../../backend.js';
import type { Stage } from '../../stage.js';

/** How far a backend's model outputs may be from the reference backend's, and why that much. */
export interface OutputTolerance {
  /** Largest absolute difference allowed in any output value (probabilities, offsets, landmarks). */
  readonly maxAbs: number;
  readonly why: string;
}

/** A backend under test: what runs the cascade, and how closely it must agree with the reference. */
export interface ConformanceSubject {
  /** Name used in test titles and reports, for example `onnx-web:webgpu in Chromium`. */
  readonly name: string;
  /** The backend every stage uses unless `stages` gives a stage its own. */
  readonly backend: Backend;
  /** The full cascade, P-Net first. A stage may carry its own backend (a per-stage mix). */
  readonly stages: (backend: Backend) => readonly Stage[];
  readonly tolerance: OutputTolerance;
}

/** A stage with another backend, everything else (model, threshold, run) taken from the original. */
export function withBackend(stage: Stage, backend: Backend): Stage {
  return Object.create(stage, { backend: { value: backend, enumerable: true } }) as Stage;
}

/** The subject's stages, each paired with the backend it actually runs on. */
export function stagesOf(subject: ConformanceSubject): Stage[] {
  return subject.stages(subject.backend).map((stage) => withBackend(stage, stage.backend ?? subject.backend));
}
