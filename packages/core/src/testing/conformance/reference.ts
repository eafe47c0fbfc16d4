import type { Backend } from '../../backend.js';
import { createDetector } from '../../detector.js';
import type { Face } from '../../geometry.js';
import type { RawImage } from '../../image.js';
import type { DetectOptions } from '../../options.js';
import type { Stage } from '../../stage.js';
import { type RecordedRun, recordingBackend } from './recording-backend.js';
import { withBackend } from './subject.js';

/** An image and the faces the reference backend finds in it. */
export interface ReferenceImage {
  /** Name in reports, for example `sample1.jpg` or `sample1.jpg@640`. */
  readonly label: string;
  readonly image: RawImage;
  readonly faces: readonly Face[];
}

/** What every backend is compared with: the reference backend's model outputs and detections. */
export interface ConformanceReference {
  /** The reference backend's name (onnxruntime-node CPU). */
  readonly backend: string;
  /** Every model run made while detecting the recording images, by stage: real inputs and their outputs. */
  readonly runs: Readonly<Record<string, readonly RecordedRun[]>>;
  /** Photos for the full-detection check. */
  readonly photos: readonly ReferenceImage[];
  /** Small images for the repeated checks (concurrency, memory), detected with `smallOptions`. */
  readonly small: readonly ReferenceImage[];
  readonly smallOptions: DetectOptions;
}

export interface ReferenceInputs {
  /** Images whose detection provides the model inputs of the output-agreement check. */
  readonly recordImages: readonly RawImage[];
  readonly photos: readonly { label: string; image: RawImage }[];
  readonly small: readonly { label: string; image: RawImage }[];
  readonly smallOptions?: DetectOptions;
}

/** Runs the reference backend over the inputs and keeps everything the checks compare with. */
export async function buildConformanceReference(
  backend: Backend,
  stages: (backend: Backend) => readonly Stage[],
  inputs: ReferenceInputs,
): Promise<ConformanceReference> {
  const runs: Record<string, RecordedRun[]> = {};
  const recorded = stages(backend).map((stage) => {
    const log: RecordedRun[] = [];
    runs[stage.name] = log;
    return withBackend(stage, recordingBackend(stage.backend ?? backend, log));
  });
  const recorder = await createDetector({ stages: recorded });
  try {
    for (const image of inputs.recordImages) await recorder.detect(image);
  } finally {
    await recorder.dispose();
  }

  const smallOptions = inputs.smallOptions ?? {};
  const detector = await createDetector({ backend, stages: stages(backend) });
  try {
    const photos: ReferenceImage[] = [];
    for (const { label, image } of inputs.photos)
      photos.push({ label, image, faces: await detector.detect(image) });
    const small: ReferenceImage[] = [];
    for (const { label, image } of inputs.small) {
      small.push({ label, image, faces: await detector.detect(image, smallOptions) });
    }
    return { backend: backend.name, runs, photos, small, smallOptions };
  } finally {
    await detector.dispose();
  }
}
