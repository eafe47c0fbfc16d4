// The CLI's steps (mine, fit, export, plot) on a work folder, and `all`: the cascade in order, each stage mined
// with the stages trained before it, every finished step skipped on a rerun.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { epochsFor, type TrainConfig } from './cli-options.js';
import { type Curves, readCurves } from './curves-data.js';
import { plotCurves } from './curves-plot.js';
import { type ExportedModel, exportStage, type TrainingInfo } from './export.js';
import { finalLosses } from './final-losses.js';
import { type FitResult, fitStage } from './fit.js';
import { mineStage } from './mine-stage.js';
import { Progress, type ProgressStream } from './progress.js';
import type { SampleSetInfo } from './sample-set.js';
import type { Stage } from './stage-graph.js';
import { TrainError } from './train-error.js';
import { workLayout } from './work-layout.js';

export interface StepContext {
  config: TrainConfig;
  /** Progress lines and step messages (stderr). */
  log: ProgressStream;
  /** Ctrl-C: a fit stops after its step and keeps its checkpoint. */
  signal?: AbortSignal;
}

const TRAINING_INFO = 'training.json';

function say(context: StepContext, text: string): void {
  context.log.write(`${text}\n`);
}

function samplesInfo(dir: string): SampleSetInfo | undefined {
  const path = join(dir, 'samples.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as SampleSetInfo) : undefined;
}

/** Mines a stage's samples; with --resume, a finished sample set is kept. */
export async function mineStep(context: StepContext, stage: Stage): Promise<SampleSetInfo> {
  const { config } = context;
  const layout = workLayout(config.work);
  const out = layout.samples(stage);
  const finished = samplesInfo(out);
  if (config.resume && finished) {
    say(context, `${stage} mine: done before (${finished.count} samples in ${out}), skipped`);
    return finished;
  }
  const models = config.models ?? layout.models;
  const progress = new Progress(context.log, `${stage} mine`);
  let info: SampleSetInfo;
  try {
    info = await mineStage({
      stage,
      dataset: config.data!,
      out,
      models: existsSync(models) ? models : undefined,
      holdoutEvery: config.holdoutEvery,
      limit: config.limit,
      seed: config.seed,
      onProgress: (done, total) => progress.update({ done, total, unit: 'photos/s' }),
      onSkip: (file, reason) => progress.log(`skipped ${file}: ${reason}`),
    });
  } finally {
    progress.finish();
  }
  const counts = Object.entries(info.counts)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  say(context, `${stage} mine: ${info.count} samples (${counts}) in ${out}`);
  return info;
}

/** How a stage was fitted, saved beside its checkpoints so that export can describe it. */
function trainingInfo(context: StepContext, stage: Stage, result: FitResult): TrainingInfo {
  const { config } = context;
  const samples = samplesInfo(workLayout(config.work).samples(stage));
  return {
    dataset: config.data ? resolve(config.data) : (samples?.provenance.split('\n')[0] ?? 'unknown'),
    init: config.scratch.has(stage) ? 'scratch' : 'released',
    epochs: epochsFor(config, stage),
    samples: samples?.count ?? 0,
    finalLosses: finalLosses(result.curves),
    seconds: result.seconds,
    samplesPerSecond: result.samplesPerSecond,
    batchSize: config.batch,
    ...(config.lr === undefined ? {} : { learningRate: config.lr }),
    seed: config.seed,
    ...(samples ? { samplesProvenance: samples.provenance } : {}),
  };
}

/** Fits a stage on its samples (resuming its checkpoints with --resume), then draws its curves. */
export async function fitStep(context: StepContext, stage: Stage): Promise<FitResult> {
  const { config } = context;
  const layout = workLayout(config.work);
  const epochs = epochsFor(config, stage);
  const progress = new Progress(context.log, `${stage} fit`);
  let result: FitResult;
  try {
    result = await fitStage({
      stage,
      samples: layout.samples(stage),
      work: layout.fit(stage),
      init: config.scratch.has(stage) ? 'scratch' : 'released',
      epochs,
      batchSize: config.batch,
      ...(config.lr === undefined ? {} : { learningRate: config.lr }),
      resume: config.resume,
      seed: config.seed,
      signal: context.signal,
      onProgress: (p) => {
        if (p.phase === 'epoch') {
          progress.log(
            `${stage} epoch ${p.epoch}/${p.epochs}: validation loss ${p.loss.total.toFixed(4)}, ` +
              `face accuracy ${p.loss.faceAccuracy.toFixed(3)}, learning rate ${p.learningRate}`,
          );
          return;
        }
        progress.update({
          done: p.step,
          total: p.steps,
          unit: 'steps/s',
          prefix: `epoch ${p.epoch}/${p.epochs}`,
          suffix: `${Math.round(p.samplesPerSecond).toLocaleString('en-US')} samples/s  loss ${p.loss.total.toFixed(4)}`,
        });
      },
    });
  } finally {
    progress.finish();
  }
  mkdirSync(layout.fit(stage), { recursive: true });
  const info = trainingInfo(context, stage, result);
  writeFileSync(join(layout.fit(stage), TRAINING_INFO), `${JSON.stringify(info, null, 2)}\n`);
  say(
    context,
    `${stage} fit: ${epochs} epochs in ${Math.round(result.seconds)} s (${Math.round(result.samplesPerSecond)} samples/s), ` +
      `final loss ${info.finalLosses.total.toFixed(4)}`,
  );
  await plotStep(context, stage, result.curves);
  return result;
}

/**
 * Exports a fitted stage. Without the fit's result at hand, the fit is resumed: a finished fit returns its
 * weights from its last checkpoint without training.
 */
export async function exportStep(
  context: StepContext,
  stage: Stage,
  fitted?: FitResult,
): Promise<ExportedModel> {
  const { config } = context;
  const layout = workLayout(config.work);
  const infoPath = join(layout.fit(stage), TRAINING_INFO);
  if (!existsSync(infoPath)) {
    throw new TrainError(
      'NOT_FITTED',
      `${stage} has not been fitted in ${config.work} (no ${infoPath}): run fit first`,
    );
  }
  const info = JSON.parse(readFileSync(infoPath, 'utf8')) as TrainingInfo;
  const result =
    fitted ??
    (await fitStage({
      stage,
      samples: layout.samples(stage),
      work: layout.fit(stage),
      init: info.init,
      epochs: info.epochs,
      batchSize: info.batchSize ?? config.batch,
      resume: true,
      seed: info.seed ?? config.seed,
      signal: context.signal,
    }));
  const out = config.out ?? layout.models;
  const model = await exportStage({ stage, initializers: result.initializers, out, info });
  say(context, `${stage} export: ${model.portable}, ${model.nchwc}, ${model.infoPath}`);
  return model;
}

/** Draws a stage's curves (from its fit folder when not given) to <work>/curves/<stage>.svg and .png. */
export async function plotStep(context: StepContext, stage: Stage, curves?: Curves): Promise<void> {
  const layout = workLayout(context.config.work);
  let data = curves;
  if (!data) {
    const path = join(layout.fit(stage), 'curves.json');
    if (!existsSync(path))
      throw new TrainError('NO_CURVES', `no curves for ${stage}: ${path} is missing (run fit first)`);
    data = readCurves(path);
  }
  const svg = join(layout.curves, `${stage}.svg`);
  const png = join(layout.curves, `${stage}.png`);
  await plotCurves(data, svg, png);
  say(context, `${stage} curves: ${svg}, ${png}`);
}

/** Whether `all` finished a stage before: its model is exported and says it was fitted as configured now. */
function exportedAsConfigured(context: StepContext, stage: Stage): boolean {
  const { config } = context;
  const path = join(config.out ?? workLayout(config.work).models, `${stage}.json`);
  if (!existsSync(path)) return false;
  const { training } = JSON.parse(readFileSync(path, 'utf8')) as { training?: TrainingInfo };
  return (
    training?.epochs === epochsFor(config, stage) &&
    training.init === (config.scratch.has(stage) ? 'scratch' : 'released')
  );
}

/**
 * The whole cascade: for P-Net, R-Net, O-Net in turn, mine (with the models exported so far), fit, export, plot.
 * With --resume (the default here), a stage exported as configured is skipped, a finished sample set kept and a
 * stopped fit continued, until a stage is (re)trained: every stage after it is mined and fitted afresh, since
 * its samples came from the earlier models.
 */
export async function allSteps(context: StepContext): Promise<void> {
  const { config } = context;
  let earlierRetrained = false;
  for (const stage of config.stages) {
    if (config.resume && !earlierRetrained && exportedAsConfigured(context, stage)) {
      say(context, `${stage}: exported before, skipped`);
      continue;
    }
    const step = earlierRetrained ? { ...context, config: { ...config, resume: false } } : context;
    await mineStep(step, stage);
    const result = await fitStep(step, stage);
    await exportStep(step, stage, result);
    earlierRetrained = true;
  }
}

/** Runs the configured command. */
export async function runCommand(context: StepContext): Promise<void> {
  const { config } = context;
  switch (config.command) {
    case 'all':
      return allSteps(context);
    case 'mine':
      for (const stage of config.stages) await mineStep(context, stage);
      return;
    case 'fit':
      for (const stage of config.stages) await fitStep(context, stage);
      return;
    case 'export':
      for (const stage of config.stages) await exportStep(context, stage);
      return;
    case 'plot': {
      const layout = workLayout(config.work);
      // Without --stage, every stage that has curves.
      const given = config.stages.length === 1;
      const stages = given
        ? config.stages
        : config.stages.filter((s) => existsSync(join(layout.fit(s), 'curves.json')));
      if (stages.length === 0)
        throw new TrainError('NO_CURVES', `no curves in ${join(config.work, 'fit')}: run fit first`);
      for (const stage of stages) await plotStep(context, stage);
      return;
    }
  }
}
