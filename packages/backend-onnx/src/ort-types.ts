// The few parts of onnxruntime's API the adapter uses, typed structurally so that code shared by the Node and
// web entries imports neither runtime: onnxruntime-node and onnxruntime-web both satisfy these shapes.

/** Where a runtime keeps a tensor's data. */
export type OrtDataLocation = 'none' | 'cpu' | 'cpu-pinned' | 'texture' | 'gpu-buffer' | 'ml-tensor';

export interface OrtTensorLike {
  readonly type: string;
  readonly dims: readonly number[];
  readonly location: OrtDataLocation;
  /** CPU data; throws for data that lives on a device. */
  readonly data: unknown;
  /** The data on the CPU, downloading it from a device if needed; `releaseData` frees the device copy. */
  getData(releaseData?: boolean): Promise<unknown>;
  dispose(): void;
}

export interface OrtSessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  // biome-ignore lint/suspicious/noExplicitAny: each runtime types its feeds with its own Tensor class.
  run(feeds: any): Promise<Record<string, OrtTensorLike>>;
  release(): Promise<void>;
}

/** Builds a float32 tensor of the runtime in use over the given data (no copy). */
export type OrtTensorFactory = (data: Float32Array, dims: readonly number[]) => OrtTensorLike;

/**
 * The execution provider of each device a backend serves, from the backend's options: a table, so that a device
 * added to devices.ts cannot be left without one.
 */
export type ProviderTable<D extends string, Options, Provider> = {
  readonly [K in D]: (options: Options) => Provider;
};
