// One stage's sample set from a dataset: the photos' crops planned (mine-pnet.ts, mine-cascade.ts), cut with the
// detector's resampling (crops.ts), O-Net's given distilled landmarks (landmark-targets.ts), written as they come.

import { backendForDevice } from '@mtcnn/backend-onnx/node';
import type { Backend, Detector, RgbImage } from '@mtcnn/core';
import { createDetector, readImage } from '@mtcnn/core/node';
import { MAX_SUMMED_AREA_BYTES, type SummedArea, summedArea, summedAreaBytes } from '@mtcnn/core/stage-kit';
import { boxTargets, cropInput, inputToBytes } from './crops.js';
import { type DatasetPhoto, loadDataset } from './dataset.js';
import { createLandmarkTeacher, isLandmarkSample, type LandmarkTeacher } from './landmark-targets.js';
import { detectionsOf, NEGATIVES_PER_PHOTO, planDetectionCrops } from './mine-cascade.js';
import { type PlannedCrop, PNET_MINING_RATES, planPnetCrops, planShiftedCrops } from './mine-pnet.js';
import { cascadeFromModels, isTrainedIn } from './models-dir.js';
import { createRandom, type Random } from './random.js';
import { SAMPLE_KINDS, SampleLabel, type SampleSetInfo, SampleSetWriter } from './sample-set.js';
import { STAGE_INPUT_SIZE, type Stage } from './stage-graph.js';
import { TrainError } from './train-error.js';

/** Each stage's input size in pixels. */
/** Every k-th photo is held out for evaluation unless told otherwise. */
export const DEFAULT_HOLDOUT_EVERY = 10;

export interface MineStageOptions {
  readonly stage: Stage;
  /** The dataset folder (tools/train/README.md). */
  readonly dataset: string;
  /** The sample-set folder to write. */
  readonly out: string;
  /** A trained model folder for the earlier stages (models-dir.ts); absent stages use the released models. */
  readonly models?: string;
  /** Hold out every k-th photo (default 10; 0 holds none out). */
  readonly holdoutEvery?: number;
  /**
   * Mine only `limit` training photos, spread evenly over them (datasets list their photos event by event, so the
   * first few would be one kind of scene).
   */
  readonly limit?: number;
  readonly seed?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** A photo that cannot be read or whose size disagrees with the ground truth is skipped and reported here. */
  readonly onSkip?: (file: string, reason: string) => void;
  /** The runtime for the earlier stages and the landmark teacher (default: onnxruntime-node on the CPU). */
  readonly backend?: Backend;
}

function describeSource(stage: Stage, models: string | undefined): string {
  const model = (s: Stage) => (isTrainedIn(models, s) ? `trained ${s} from ${models}` : `released ${s}`);
  if (stage === 'pnet')
    return 'random and face-shifted crops (gen_12net_data recipe: 50 negatives per photo, 5 near and 20 shifted per face)';
  const earlier = stage === 'rnet' ? model('pnet') : `${model('pnet')} + ${model('rnet')}`;
  return `detections of ${earlier} at default options (at most ${NEGATIVES_PER_PHOTO} negatives per photo, highest scores first) plus ${PNET_MINING_RATES.shiftedPerFace} face-shifted crops per face`;
}

/** The crops of one photo for the stage. */
async function planPhoto(
  stage: Stage,
  photo: DatasetPhoto,
  image: RgbImage,
  random: Random,
  detector: Detector | undefined,
): Promise<PlannedCrop[]> {
  if (stage === 'pnet') return planPnetCrops(photo, random);
  const detections = await detectionsOf(detector!, image);
  return [
    ...planDetectionCrops(detections, photo.faces),
    ...planShiftedCrops(photo, random, PNET_MINING_RATES.shiftedPerFace),
  ];
}

/** Cuts and writes one photo's crops; O-Net's positives and parts get distilled landmarks. */
async function writePhoto(
  writer: SampleSetWriter,
  photo: DatasetPhoto,
  image: RgbImage,
  plans: readonly PlannedCrop[],
  teacher: LandmarkTeacher | undefined,
): Promise<void> {
  const size = writer.size;
  const per = 3 * size * size;
  // One table for all crops of the photo, as the detector does, unless the photo is too large for one.
  const sums: SummedArea | undefined =
    summedAreaBytes(image.width, image.height) <= MAX_SUMMED_AREA_BYTES ? summedArea(image) : undefined;
  const inputs = new Float32Array(plans.length * per);
  plans.forEach((plan, i) => {
    cropInput(image, plan.crop, size, sums, inputs, i * per);
  });
  const faceIndices = plans.flatMap((plan, i) => (plan.label === SampleLabel.negative ? [] : [i]));
  const predictions = new Map<number, { score: number; landmarks: Float32Array }>();
  if (teacher && faceIndices.length > 0) {
    const faceInputs = new Float32Array(faceIndices.length * per);
    faceIndices.forEach((i, k) => {
      faceInputs.set(inputs.subarray(i * per, (i + 1) * per), k * per);
    });
    const results = await teacher.predict(faceInputs, faceIndices.length);
    faceIndices.forEach((i, k) => {
      predictions.set(i, results[k]!);
    });
  }
  plans.forEach((plan, i) => {
    const image = inputToBytes(inputs, size, i * per);
    const box = plan.face >= 0 ? boxTargets(plan.crop, photo.faces[plan.face]!.box) : undefined;
    const prediction = predictions.get(i);
    writer.add({ image, label: plan.label, box, landmarks: prediction?.landmarks });
    if (prediction && isLandmarkSample(plan.label, prediction.score)) {
      writer.add({ image, label: SampleLabel.landmark, box, landmarks: prediction.landmarks });
    }
  });
}

/**
 * Mines a stage's samples from a dataset's training photos into a sample-set folder and returns its description
 * (counts per kind). P-Net's come from random and face-shifted crops; R-Net's from the detections of P-Net (the
 * trained one in `models`, else the released one); O-Net's from P-Net + R-Net's, with landmarks distilled from
 * the released O-Net. Photos that cannot be read are skipped and reported (`onSkip`).
 */
export async function mineStage(options: MineStageOptions): Promise<SampleSetInfo> {
  const { stage, models } = options;
  const size = STAGE_INPUT_SIZE[stage];
  if (size === undefined) {
    throw new TrainError(
      'INVALID_OPTION',
      `stage must be one of pnet, rnet, onet; got ${JSON.stringify(stage)}`,
    );
  }
  if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 0)) {
    throw new TrainError('INVALID_OPTION', `limit must be a whole number ≥ 0, got ${String(options.limit)}`);
  }
  const holdoutEvery = options.holdoutEvery ?? DEFAULT_HOLDOUT_EVERY;
  const seed = options.seed ?? 1;
  const dataset = loadDataset(options.dataset, { holdoutEvery });
  const photos = spreadEvenly(dataset.training, options.limit);
  const onSkip =
    options.onSkip ?? ((file: string, reason: string) => console.warn(`skipped ${file}: ${reason}`));
  for (const problem of dataset.problems) onSkip(problem.file, problem.message);

  const backend = options.backend ?? backendForDevice('cpu');
  const cascade = cascadeFromModels(models);
  const detector =
    stage === 'pnet'
      ? undefined
      : await createDetector({ stages: cascade.slice(0, stage === 'rnet' ? 1 : 2), backend });
  let teacher: LandmarkTeacher | undefined;
  try {
    teacher = stage === 'onet' ? await createLandmarkTeacher(backend) : undefined;
    const provenance = [
      `dataset ${dataset.dir}: ${photos.length} training photos of ${dataset.photos.length} (${holdoutEvery ? `index % ${holdoutEvery} = 0 held out` : 'none held out'}${dataset.problems.length ? `, ${dataset.problems.length} missing images skipped` : ''}), seed ${seed}`,
      `crops: ${describeSource(stage, models)}; labels by IoU (negative < 0.3, part 0.4-0.65, positive > 0.65); faces invalid or under 20 px on their longer side give no positives`,
      stage === 'onet'
        ? 'landmarks: distilled from the released O-Net on each positive and part crop; positives it scores >= 0.9 copied as landmark samples'
        : 'landmarks: none',
    ].join('\n');
    const writer = new SampleSetWriter(options.out, size, provenance);
    const random = createRandom(seed);
    let done = 0;
    for (const photo of photos) {
      let image: RgbImage;
      try {
        image = await readImage(photo.path);
      } catch (error) {
        onSkip(photo.file, (error as Error).message);
        options.onProgress?.(++done, photos.length);
        continue;
      }
      if (image.width !== photo.width || image.height !== photo.height) {
        onSkip(
          photo.file,
          `image is ${image.width}×${image.height}, ground truth says ${photo.width}×${photo.height}`,
        );
      } else {
        const plans = await planPhoto(stage, photo, image, random, detector);
        await writePhoto(writer, photo, image, plans, teacher);
      }
      options.onProgress?.(++done, photos.length);
    }
    return writer.close();
  } finally {
    await Promise.allSettled([detector?.dispose(), teacher?.dispose()]);
  }
}

/** One line for a mined set: its size, count and counts per kind (with shares), and the time it took. */
export function miningSummary(info: SampleSetInfo, seconds?: number): string {
  const share = (n: number) => (info.count > 0 ? ` (${((100 * n) / info.count).toFixed(1)} %)` : '');
  const kinds = SAMPLE_KINDS.map((kind) => `${kind} ${info.counts[kind]}${share(info.counts[kind])}`).join(
    ', ',
  );
  const time = seconds === undefined ? '' : ` in ${seconds.toFixed(1)} s`;
  return `${info.size}-px samples: ${info.count}${time}: ${kinds}`;
}

/** `count` items spread evenly over `items` (item ⌊i × n / count⌋ for i < count), in order; all of them without a count. */
export function spreadEvenly<T>(items: readonly T[], count?: number): T[] {
  if (count === undefined || count >= items.length) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}
