/**
 * Intersection over union of two boxes given as corners [x1, y1, x2, y2], with continuous areas
 * ((x2 - x1) × (y2 - y1)). Use this to compare detections; the cascade's NMS uses the reference's
 * pixel-inclusive areas instead (see nms.ts). Degenerate boxes have zero area; IoU of two is 0.
 */
export function iou(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ix = Math.min(a[2]!, b[2]!) - Math.max(a[0]!, b[0]!);
  const iy = Math.min(a[3]!, b[3]!) - Math.max(a[1]!, b[1]!);
  if (ix <= 0 || iy <= 0) return 0;
  const inter = ix * iy;
  const areaA = Math.max(0, a[2]! - a[0]!) * Math.max(0, a[3]! - a[1]!);
  const areaB = Math.max(0, b[2]! - b[0]!) * Math.max(0, b[3]! - b[1]!);
  const union = areaA + areaB - inter;
  return union > 0 ? inter / union : 0;
}
