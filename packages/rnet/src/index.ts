import { type RefineStageOptions, refineStage, type Stage } from '@mtcnn/core/stage-kit';
import { RNET_MODEL } from './model.js';

/** R-Net's input size in pixels. */
export const RNET_INPUT_SIZE = 24;
/** The reference's NMS threshold after R-Net. */
export const RNET_NMS_THRESHOLD = 0.7;
/** Default face-probability threshold of R-Net. */
export const RNET_THRESHOLD = 0.7;

/** R-Net's options: name, threshold (default 0.7), nmsThreshold (IoU, default 0.7), model, backend. */
export type RNetOptions = RefineStageOptions;

export { RNET_MODEL, RNET_MODEL_URL, RNET_NCHWC_MODEL_URL } from './model.js';

/**
 * R-Net, the refine network: scores each P-Net candidate on a 24 × 24 crop, rejects most false positives and
 * calibrates the boxes (NMS on the cropped boxes, then the regression, squared for O-Net). As the last stage it
 * returns square boxes without landmarks.
 */
export function rnet(options: RNetOptions = {}): Stage {
  return refineStage({
    name: options.name ?? 'rnet',
    model: options.model ?? RNET_MODEL,
    backend: options.backend,
    threshold: options.threshold ?? RNET_THRESHOLD,
    inputSize: RNET_INPUT_SIZE,
    nms: { threshold: options.nmsThreshold ?? RNET_NMS_THRESHOLD, mode: 'union', on: 'crops' },
    square: true,
  });
}
