import { SampleLabel } from './sample-set.js';

/** The recipe's IoU thresholds (Zhang et al. 2016): negatives below 0.3, part faces 0.4–0.65, positives above. */
export const IOU_RULE = { negativeBelow: 0.3, partFrom: 0.4, positiveAbove: 0.65 } as const;

/** A crop's label from its best IoU with the faces; undefined in the gaps (0.3–0.4), where a crop is not used. */
export function labelForIou(iou: number): SampleLabel | undefined {
  if (iou < IOU_RULE.negativeBelow) return SampleLabel.negative;
  if (iou > IOU_RULE.positiveAbove) return SampleLabel.positive;
  if (iou >= IOU_RULE.partFrom) return SampleLabel.part;
  return undefined;
}
