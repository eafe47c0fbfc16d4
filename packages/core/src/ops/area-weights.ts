/**
 * Area resampling along one axis, as PyTorch's `interpolate(mode='area')` (adaptive average pooling), the
 * resampling of the reference implementation we match: output sample `i` is the plain mean of the input
 * samples floor(i·r) … ceil((i+1)·r) - 1, with r = inLength / outLength. For integer ratios this is the
 * exact box filter; otherwise edge samples count fully rather than by their covered fraction (OpenCV's
 * INTER_AREA weighs them by coverage, a sub-pixel difference that nonetheless changes which candidate
 * boxes win NMS, so we follow the reference exactly).
 *
 * For each output index, the contributing input indices are `first[i] ... first[i] + count[i] - 1`, each
 * with weight `weight[i]`.
 */
export interface AreaWeights {
  readonly first: Int32Array;
  readonly count: Int32Array;
  readonly weight: Float64Array;
}

export function areaWeights(inLength: number, outLength: number): AreaWeights {
  const first = new Int32Array(outLength);
  const count = new Int32Array(outLength);
  const weight = new Float64Array(outLength);
  for (let i = 0; i < outLength; i++) {
    // Integer arithmetic, as PyTorch's start/end index computation: exact for any sizes.
    const start = Math.floor((i * inLength) / outLength);
    const end = Math.ceil(((i + 1) * inLength) / outLength);
    first[i] = start;
    count[i] = end - start;
    weight[i] = 1 / (end - start);
  }
  return { first, count, weight };
}
