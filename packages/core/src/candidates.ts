/**
 * Candidate faces between stages, struct-of-arrays so the hot loops stay on typed arrays.
 * Box `i` has corners `boxes[4i .. 4i+3]` = x1, y1, x2, y2 in pixels of the original image.
 */
export interface Candidates {
  readonly count: number;
  readonly boxes: Float64Array;
  readonly scores: Float64Array;
  /** Box regression offsets dx1, dy1, dx2, dy2 per box, when a stage produced them and they are pending. */
  readonly offsets?: Float64Array;
  /** Points per box (O-Net's five landmarks), in pixels of the image, when a stage gave them. */
  readonly points?: CandidatePoints;
}

/** The same number of points for every candidate. */
export interface CandidatePoints {
  readonly perBox: number;
  /** Box `i`'s points, interleaved x, y: `data[2·perBox·i …]`. */
  readonly data: Float64Array;
  /** The points' names in order, where the model gives them (O-Net: leftEye, rightEye, nose, …). */
  readonly names?: readonly string[];
}

export const EMPTY_CANDIDATES: Candidates = {
  count: 0,
  boxes: new Float64Array(0),
  scores: new Float64Array(0),
};

function pick(source: Float64Array, width: number, indices: ArrayLike<number>): Float64Array {
  const out = new Float64Array(indices.length * width);
  for (let k = 0; k < indices.length; k++) {
    const from = indices[k]! * width;
    for (let j = 0; j < width; j++) out[k * width + j] = source[from + j]!;
  }
  return out;
}

/** The candidates at `indices`, in that order. */
export function selectCandidates(candidates: Candidates, indices: ArrayLike<number>): Candidates {
  const selected: {
    count: number;
    boxes: Float64Array;
    scores: Float64Array;
    offsets?: Float64Array;
    points?: CandidatePoints;
  } = {
    count: indices.length,
    boxes: pick(candidates.boxes, 4, indices),
    scores: pick(candidates.scores, 1, indices),
  };
  if (candidates.offsets) selected.offsets = pick(candidates.offsets, 4, indices);
  const points = candidates.points;
  if (points) selected.points = { ...points, data: pick(points.data, 2 * points.perBox, indices) };
  return selected;
}

/** All candidates of several sets, one after the other. Pending offsets are kept only if every set has them. */
export function concatCandidates(sets: readonly Candidates[]): Candidates {
  const count = sets.reduce((n, s) => n + s.count, 0);
  const boxes = new Float64Array(count * 4);
  const scores = new Float64Array(count);
  const withOffsets = sets.every((s) => s.offsets !== undefined);
  const offsets = withOffsets ? new Float64Array(count * 4) : undefined;
  let at = 0;
  for (const s of sets) {
    boxes.set(s.boxes.subarray(0, s.count * 4), at * 4);
    scores.set(s.scores.subarray(0, s.count), at);
    if (offsets) offsets.set(s.offsets!.subarray(0, s.count * 4), at * 4);
    at += s.count;
  }
  return offsets ? { count, boxes, scores, offsets } : { count, boxes, scores };
}
