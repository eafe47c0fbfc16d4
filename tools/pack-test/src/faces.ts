// Comparing detected faces with expected ones: the same count, each matched one to one by IoU.
import type { GoldenFace } from '@mtcnn/fixtures';

export interface BoxLike {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}
export interface FaceLike {
  readonly box: BoxLike;
  readonly score: number;
}

export function iou(a: BoxLike, b: BoxLike): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  const inter = Math.max(0, w) * Math.max(0, h);
  return inter / (a.width * a.height + b.width * b.height - inter);
}

export function goldenBox(face: GoldenFace): BoxLike {
  const [x1, y1, x2, y2] = face.box;
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/** For each expected box, the best IoU among the found ones (each found face used once). */
export function matchedIous(found: readonly FaceLike[], expected: readonly BoxLike[]): number[] {
  const free = [...found];
  return expected.map((box) => {
    let best = -1;
    let bestIou = 0;
    free.forEach((face, k) => {
      const value = iou(face.box, box);
      if (value > bestIou) {
        bestIou = value;
        best = k;
      }
    });
    if (best >= 0) free.splice(best, 1);
    return bestIou;
  });
}
