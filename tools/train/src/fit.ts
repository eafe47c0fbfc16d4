// fitStage: trains one stage on a sample set — the network is the shipped graph, the loss the paper's, the
// optimiser SGD with momentum; validation, a checkpoint and the curves after every epoch; resumable.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphSpec, Initializer } from '@mtcnn/weights';
import type * as T from '@tensorflow/tfjs';
import { type Batch, epochBatches, holdOut, indicesByKind, makeBatch } from './batches.js';
import { type Checkpoint, latestCheckpoint, saveCheckpoint } from './checkpoint.js';
import { type Curves, emptyCurves, type LossPoint, type StepPoint, writeCurves } from './curves-data.js';
import { GraphNet } from './graph-net.js';
import { type InitMode, initialWeights } from './init.js';
import { type LossValues, multiTaskLoss, STAGE_LOSS_WEIGHTS } from './loss.js';
import { Random } from './random.js';
import { readSampleSet, type SampleSet } from './sample-set.js';
import { MomentumSgd } from './sgd.js';
import { STAGE_INPUT_SIZE, type Stage, stageGraph } from './stage-graph.js';
import { loadTf, type Tf } from './tf.js';
import { TrainError } from './train-error.js';
import { writeWeights } from './weights-file.js';

export interface FitOptions {
  stage: Stage;
  /** A sample-set folder (sample-set.ts) of the stage's crop size. */
  samples: string;
  /** The run's own folder: checkpoints/, curves.json, and the final weights.json + weights.f32 (weights-file.ts). */
  work: string;
  init: InitMode;
  epochs: number;
  /** 384 by default. */
  batchSize?: number;
  /** 0.01 from scratch, 0.001 when fine-tuning by default. */
  learningRate?: number;
  /** Epochs (0-based) from which the learning rate is divided by 10 again; by default at 60 % and 85 % of the run. */
  learningRateDrops?: number[];
  /** 0.9 by default. */
  momentum?: number;
  /** Share held back for validation, 0.05 by default. */
  validationShare?: number;
  /** Random horizontal flips, on by default. */
  flip?: boolean;
  /** Continue from the last checkpoint in `work`, if there is one. */
  resume?: boolean;
  seed?: number;
  onProgress?: (p: FitProgress) => void;
  /** Stops between steps; the last checkpoint stays for a resume. */
  signal?: AbortSignal;
}

export interface FitProgress {
  stage: Stage;
  /** 'step' after each training step, 'epoch' after each epoch's validation and checkpoint. */
  phase: 'step' | 'epoch';
  /** 1-based. */
  epoch: number;
  epochs: number;
  /** Steps done in the whole run, and how many it will have. */
  step: number;
  steps: number;
  learningRate: number;
  /** The step's loss (phase 'step') or the epoch's validation loss (phase 'epoch'). */
  loss: LossPoint;
  samplesPerSecond: number;
}

export interface FitResult {
  initializers: Initializer[];
  graph: GraphSpec;
  curves: Curves;
  /** Training samples per second over all steps (forward, loss, backward, update), across resumes. */
  samplesPerSecond: number;
  /** Wall-clock seconds of the run, across resumes. */
  seconds: number;
  /** The epoch the run resumed after, when it did. */
  resumedFrom?: number;
}

export const DEFAULT_BATCH_SIZE = 384;

/** The learning rate of a 0-based epoch. */
export function learningRateAt(epoch: number, base: number, drops: readonly number[]): number {
  return base * 0.1 ** drops.filter((d) => epoch >= d).length;
}

function defaultDrops(epochs: number): number[] {
  return [...new Set([Math.round(epochs * 0.6), Math.round(epochs * 0.85)])].filter(
    (e) => e > 0 && e < epochs,
  );
}

function lossPoint(v: LossValues): LossPoint {
  return { total: v.total, face: v.face, box: v.box, landmarks: v.landmarks, faceAccuracy: v.faceAccuracy };
}

function mean(points: LossPoint[]): LossPoint {
  const m = (k: keyof LossPoint) => points.reduce((a, p) => a + p[k], 0) / Math.max(1, points.length);
  return {
    total: m('total'),
    face: m('face'),
    box: m('box'),
    landmarks: m('landmarks'),
    faceAccuracy: m('faceAccuracy'),
  };
}

function input(tf: Tf, batch: Batch): T.Tensor4D {
  return tf.tensor4d(batch.images, [batch.count, batch.size, batch.size, 3]);
}

/** The loss on held-back samples, without hard example mining: each term averaged over all its samples. */
function validate(tf: Tf, net: GraphNet, set: SampleSet, indices: number[], stage: Stage, batchSize: number) {
  const sums = { face: 0, box: 0, landmarks: 0, right: 0 };
  const counts = { face: 0, box: 0, landmarks: 0 };
  const weights = STAGE_LOSS_WEIGHTS[stage];
  for (let at = 0; at < indices.length; at += batchSize) {
    const batch = makeBatch(set, indices.slice(at, at + batchSize), undefined, false);
    let v: LossValues | undefined;
    tf.tidy(() => {
      v = multiTaskLoss(tf, net.heads(input(tf, batch)), batch, weights, 1).values;
    });
    const { counts: c, ...l } = v!;
    sums.face += l.face * c.face;
    sums.box += l.box * c.box;
    sums.landmarks += l.landmarks * c.landmarks;
    if (c.face) sums.right += l.faceAccuracy * c.face;
    counts.face += c.face;
    counts.box += c.box;
    counts.landmarks += c.landmarks;
  }
  const face = sums.face / Math.max(1, counts.face);
  const box = sums.box / Math.max(1, counts.box);
  const landmarks = sums.landmarks / Math.max(1, counts.landmarks);
  return {
    total: weights.face * face + weights.box * box + weights.landmarks * landmarks,
    face,
    box,
    landmarks,
    faceAccuracy: counts.face ? sums.right / counts.face : Number.NaN,
    samples: indices.length,
  };
}

/** Trains a stage. See FitOptions; the result's initializers drop into the stage's graph for export. */
export async function fitStage(options: FitOptions): Promise<FitResult> {
  const started = performance.now();
  const { stage, work, init, epochs } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const seed = options.seed ?? 1;
  const baseRate = options.learningRate ?? (init === 'scratch' ? 0.01 : 0.001);
  const drops = options.learningRateDrops ?? defaultDrops(epochs);
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new TrainError('INVALID_OPTION', `epochs must be a positive integer, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new TrainError('INVALID_OPTION', `batchSize must be a positive integer`);

  const set = readSampleSet(options.samples);
  if (set.size !== STAGE_INPUT_SIZE[stage])
    throw new TrainError(
      'WRONG_SAMPLES',
      `${options.samples} holds ${set.size}-px crops; ${stage} trains on ${STAGE_INPUT_SIZE[stage]}-px`,
    );
  const graph = stageGraph(stage);
  const { train, validation } = holdOut(set.count, options.validationShare ?? 0.05, seed);
  if (train.length === 0)
    throw new TrainError('WRONG_SAMPLES', `${options.samples} has no samples to train on`);
  const byKind = indicesByKind(set, train);
  const run = { stage, samples: set.count, batchSize, seed, init };
  mkdirSync(work, { recursive: true });
  const curvesPath = join(work, 'curves.json');

  const checkpoint: Checkpoint | undefined = options.resume ? latestCheckpoint(work) : undefined;
  if (checkpoint) {
    const was = checkpoint.state.run;
    if (JSON.stringify(was) !== JSON.stringify(run))
      throw new TrainError(
        'CHECKPOINT_MISMATCH',
        `the checkpoint in ${work} is of another run (${JSON.stringify(was)}); not resuming`,
      );
    if (checkpoint.state.epoch > epochs)
      throw new TrainError(
        'CHECKPOINT_MISMATCH',
        `the checkpoint in ${work} is past epoch ${epochs} already (${checkpoint.state.epoch})`,
      );
  }

  const tf = await loadTf();
  const net = new GraphNet(tf, graph, checkpoint ? checkpoint.weights : initialWeights(graph, init, seed));
  const sgd = new MomentumSgd(tf, net.params, options.momentum ?? 0.9);
  try {
    if (checkpoint) sgd.load(checkpoint.momentum);
    const rng = checkpoint ? new Random(checkpoint.state.random) : new Random(seed + 1);
    const curves = checkpoint ? checkpoint.state.curves : emptyCurves(stage, init, batchSize);
    let step = checkpoint?.state.step ?? 0;
    let stepSeconds = checkpoint?.state.stepSeconds ?? 0;
    let stepSamples = checkpoint?.state.stepSamples ?? 0;
    const previousSeconds = checkpoint?.state.seconds ?? 0;
    const weights = STAGE_LOSS_WEIGHTS[stage];
    const vars = net.params.map((p) => p.variable);
    const stepsPerEpoch = Math.max(1, Math.floor(train.length / batchSize));

    for (let epoch = checkpoint?.state.epoch ?? 0; epoch < epochs; epoch++) {
      const learningRate = learningRateAt(epoch, baseRate, drops);
      const points: StepPoint[] = [];
      let epochSeconds = 0;
      let epochSamples = 0;
      for (const indices of epochBatches(byKind, batchSize, rng)) {
        options.signal?.throwIfAborted();
        const t0 = performance.now();
        const batch = makeBatch(set, indices, rng, options.flip ?? true);
        const x = input(tf, batch);
        let values: LossValues | undefined;
        const { value, grads } = tf.variableGrads(() => {
          const loss = multiTaskLoss(tf, net.heads(x), batch, weights);
          values = loss.values;
          return loss.total;
        }, vars);
        sgd.apply(grads, learningRate);
        tf.dispose([x, value, ...Object.values(grads)]);
        const seconds = (performance.now() - t0) / 1000;
        epochSeconds += seconds;
        epochSamples += batch.count;
        step++;
        const point: StepPoint = { step, epoch: epoch + 1, learningRate, ...lossPoint(values!) };
        points.push(point);
        curves.steps.push(point);
        options.onProgress?.({
          stage,
          phase: 'step',
          epoch: epoch + 1,
          epochs,
          step,
          steps: epochs * stepsPerEpoch,
          learningRate,
          loss: lossPoint(values!),
          samplesPerSecond: batch.count / seconds,
        });
      }
      stepSeconds += epochSeconds;
      stepSamples += epochSamples;
      const v = validate(tf, net, set, validation, stage, batchSize);
      curves.epochs.push({
        epoch: epoch + 1,
        step,
        learningRate,
        train: mean(points),
        validation: v,
        samplesPerSecond: epochSamples / epochSeconds,
      });
      saveCheckpoint(work, {
        state: {
          format: 'mtcnn-checkpoint/1',
          epoch: epoch + 1,
          step,
          random: rng.state,
          run,
          stepSeconds,
          stepSamples,
          seconds: previousSeconds + (performance.now() - started) / 1000,
          curves,
        },
        weights: net.initializers(),
        momentum: sgd.state(),
      });
      writeCurves(curvesPath, curves);
      options.onProgress?.({
        stage,
        phase: 'epoch',
        epoch: epoch + 1,
        epochs,
        step,
        steps: epochs * stepsPerEpoch,
        learningRate,
        loss: v,
        samplesPerSecond: epochSamples / epochSeconds,
      });
    }
    writeCurves(curvesPath, curves);
    const initializers = net.initializers();
    writeWeights(work, stage, initializers);
    return {
      initializers,
      graph,
      curves,
      samplesPerSecond: stepSamples / Math.max(stepSeconds, 1e-9),
      seconds: previousSeconds + (performance.now() - started) / 1000,
      ...(checkpoint ? { resumedFrom: checkpoint.state.epoch } : {}),
    };
  } finally {
    sgd.dispose();
    net.dispose();
  }
}
