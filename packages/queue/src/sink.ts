/** The inputs of one chunk and where they sit in the order they were added. */
export interface ChunkManifest {
  /** The chunk's job id. */
  readonly id: string;
  /** [when its `enqueue` call started (ms since the epoch), the chunk's index in that call]. */
  readonly order: readonly [number, number];
  readonly inputs: readonly string[];
  /** The result key of each input. */
  readonly keys: readonly string[];
}

/**
 * Where results go: one record per input under its result key. Writes must be atomic and idempotent (a chunk
 * redone after a worker died writes the same keys again), and `has` true only for complete records. Implement
 * it for object storage (a PUT is atomic; `has` is a HEAD) and pass it to the worker.
 */
export interface ResultSink {
  has(key: string): Promise<boolean>;
  put(key: string, record: unknown): Promise<void>;
  /** Records a finished chunk, for gathering the results in the order they were added. */
  putChunk(manifest: ChunkManifest): Promise<void>;
}
