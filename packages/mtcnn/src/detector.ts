import { backendForDevice, DEVICE_CHOICES, type DeviceChoice } from '@mtcnn/backend-onnx/node';
import { type Backend, type DetectOptions, type Model, MtcnnError, type Stage } from '@mtcnn/core';
import { createDetector as createNodeDetector, type NodeDetector } from '@mtcnn/core/node';
import { resolveDetectOptions } from '@mtcnn/core/stage-kit';
import { onet } from '@mtcnn/onet';
import { pnet } from '@mtcnn/pnet';
import { rnet } from '@mtcnn/rnet';
import { type StageModels, stageModels } from './model-folder.js';
import { STANDARD_STAGES, type StandardStage } from './standard-stages.js';

export { STANDARD_STAGES, type StandardStage };

/** A device per stage; stages not named run on `auto`. */
export type StageDevices = Partial<Record<StandardStage, DeviceChoice>>;

export interface MtcnnOptions extends DetectOptions {
  /**
   * Where the models run: one device for all stages, or one per standard stage. Default 'auto'. The umbrella
   * takes devices (a small vocabulary); `@mtcnn/core`'s createDetector takes `backend` objects instead.
   */
  readonly device?: DeviceChoice | StageDevices;
  /** The last standard stage to run: 'pnet', 'rnet' or 'onet' (default). Only O-Net gives landmarks. */
  readonly lastStage?: StandardStage;
  /**
   * Stages as `@mtcnn/core`'s createDetector takes them (`[pnet(), rnet(), onet({ name: 'onet2' })]`, or a
   * stage of your own); those without a backend of their own run on `device`. A stage name here means
   * `lastStage` (the form this option had first).
   */
  readonly stages?: readonly Stage[] | StandardStage;
  /**
   * Models of your own for the standard stages: a folder holding `pnet.onnx`, `rnet.onnx` and/or `onet.onnx`
   * (as `pnpm train` exports them, each with its `.nchwc.onnx` form), or `{ onet: 'my-onet.onnx' }`. Stages
   * without one keep their bundled model.
   */
  readonly models?: StageModels;
}

const STAGE_FACTORIES: Record<StandardStage, (options: { backend?: Backend; model?: Model }) => Stage> = {
  pnet,
  rnet,
  onet,
};

/**
 * Checks detection options as a detector of the standard cascade would (the stages' own rules included, such as
 * P-Net's smallest face), throwing INVALID_OPTION naming the problem.
 */
export function checkDetectOptions(options: DetectOptions): void {
  const resolved = resolveDetectOptions(STANDARD_STAGES, options);
  for (const name of STANDARD_STAGES) STAGE_FACTORIES[name]({}).checkOptions?.(resolved);
}

function isStageList(stages: MtcnnOptions['stages']): stages is readonly Stage[] {
  return Array.isArray(stages);
}

function checkDevice(device: unknown, where: string): DeviceChoice {
  if (!DEVICE_CHOICES.includes(device as DeviceChoice)) {
    throw new MtcnnError(
      'INVALID_OPTION',
      `${where} must be one of ${DEVICE_CHOICES.join(', ')}, got ${JSON.stringify(device)}`,
    );
  }
  return device as DeviceChoice;
}

function deviceOfEachStage(device: MtcnnOptions['device']): Record<StandardStage, DeviceChoice> {
  if (device === undefined || typeof device === 'string') {
    const all = checkDevice(device ?? 'auto', 'device');
    return { pnet: all, rnet: all, onet: all };
  }
  if (device === null || typeof device !== 'object') checkDevice(device, 'device');
  for (const key of Object.keys(device)) {
    if (!STANDARD_STAGES.includes(key as StandardStage)) {
      throw new MtcnnError('INVALID_OPTION', `device has an unknown stage ${JSON.stringify(key)}`);
    }
  }
  const of = (name: StandardStage) => checkDevice(device[name] ?? 'auto', `device.${name}`);
  return { pnet: of('pnet'), rnet: of('rnet'), onet: of('onet') };
}

/**
 * A ready MTCNN detector: P-Net, R-Net and O-Net with their bundled models, on the `auto` backend by default
 * (the first of AUTO_ORDER.node that loads each model). It takes file paths, encoded image bytes and raw pixels.
 * Dispose it when done.
 */
export async function createDetector(options: MtcnnOptions = {}): Promise<NodeDetector> {
  if (options === null || typeof options !== 'object') {
    throw new MtcnnError('INVALID_OPTION', 'createDetector takes an options object');
  }
  const { device, stages: given, lastStage, models, ...detectOptions } = options;
  if (isStageList(given)) {
    if (models !== undefined) {
      throw new MtcnnError(
        'INVALID_OPTION',
        "models replaces the standard stages' models: give each of your stages its model instead",
      );
    }
    if (lastStage !== undefined) {
      throw new MtcnnError(
        'INVALID_OPTION',
        'lastStage picks among the standard stages: drop it when giving stages',
      );
    }
    if (device !== undefined && typeof device !== 'string') {
      throw new MtcnnError(
        'INVALID_OPTION',
        'device per stage names the standard stages: with stages of your own, give one device, or a backend to each stage',
      );
    }
    const backend = backendForDevice(checkDevice(device ?? 'auto', 'device'));
    return createNodeDetector({ ...detectOptions, backend, stages: given });
  }
  if (given !== undefined && lastStage !== undefined && given !== lastStage) {
    throw new MtcnnError(
      'INVALID_OPTION',
      `stages ${JSON.stringify(given)} and lastStage ${JSON.stringify(lastStage)} disagree`,
    );
  }
  const last = lastStage ?? given ?? 'onet';
  const lastIndex = STANDARD_STAGES.indexOf(last);
  if (lastIndex < 0) {
    throw new MtcnnError(
      'INVALID_OPTION',
      `${lastStage !== undefined ? 'lastStage' : 'stages'} must be one of ${STANDARD_STAGES.join(', ')} (the last stage to run) or, for stages, an array of stages; got ${JSON.stringify(last)}`,
    );
  }
  const devices = deviceOfEachStage(device);
  const own = models === undefined ? {} : stageModels(models);
  // Stages on the same device share one backend, so its runtime is set up once.
  const backends = new Map<DeviceChoice, Backend>();
  const backendOf = (d: DeviceChoice) => {
    let backend = backends.get(d);
    if (!backend) {
      backend = backendForDevice(d);
      backends.set(d, backend);
    }
    return backend;
  };
  const stages = STANDARD_STAGES.slice(0, lastIndex + 1).map((name) =>
    STAGE_FACTORIES[name]({ backend: backendOf(devices[name]), model: own[name] }),
  );
  return createNodeDetector({ ...detectOptions, stages });
}
