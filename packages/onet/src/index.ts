import { LANDMARK_NAMES } from '@mtcnn/core';
import { type RefineStageOptions, refineStage, type Stage } from '@mtcnn/core/stage-kit';
import { ONET_MODEL } from './model.js';

/** O-Net's input size in pixels. */
export const ONET_INPUT_SIZE = 48;
/** The reference's NMS threshold after O-Net, measured as intersection over the smaller box ('min'). */
export const ONET_NMS_THRESHOLD = 0.7;
/** Default face-probability threshold of O-Net. */
export const ONET_THRESHOLD = 0.7;

/** O-Net's options: name, threshold (default 0.7), nmsThreshold ('min' overlap, default 0.7), model, backend. */
export type ONetOptions = RefineStageOptions;

export { ONET_MODEL, ONET_MODEL_URL, ONET_NCHWC_MODEL_URL } from './model.js';

/**
 * O-Net, the output network: scores each R-Net candidate on a 48 × 48 crop, gives the final box and the five
 * landmarks (left eye, right eye, nose, mouth left, mouth right); a last NMS on the regressed boxes, measured on
 * the smaller box, removes nested duplicates.
 */
export function onet(options: ONetOptions = {}): Stage {
  return refineStage({
    name: options.name ?? 'onet',
    model: options.model ?? ONET_MODEL,
    backend: options.backend,
    threshold: options.threshold ?? ONET_THRESHOLD,
    inputSize: ONET_INPUT_SIZE,
    outputs: { points: { name: 'landmarks', count: LANDMARK_NAMES.length, names: LANDMARK_NAMES } },
    nms: { threshold: options.nmsThreshold ?? ONET_NMS_THRESHOLD, mode: 'min', on: 'regressed' },
    square: false,
  });
}
