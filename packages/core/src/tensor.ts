/** A dense float32 tensor in row-major order, as models consume and produce them. */
export interface Tensor {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

export function tensorSize(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

export function createTensor(data: Float32Array, dims: readonly number[]): Tensor {
  if (data.length !== tensorSize(dims)) {
    throw new RangeError(
      `tensor data has ${data.length} values, dims [${dims.join(', ')}] need ${tensorSize(dims)}`,
    );
  }
  return { data, dims };
}
