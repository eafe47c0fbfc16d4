// The shapes of bench results, as written to JSON.
import type { StageArithmetic } from './cascade-arithmetic.js';
import type { StageOpProfile } from './op-profile.js';
import type { StandardStage } from './standard-stages.js';
import type { Summary } from './stats.js';

/** One stage of one detection: wall time, time inside session.run, and the candidates it saw. */
export interface StageSample {
  readonly ms: number;
  readonly modelMs: number;
  readonly calls: number;
  readonly candidatesIn: number;
  readonly candidatesOut: number;
}

export interface RunSample {
  /** Around detectWithDetails: everything the caller waits for, pixels to faces. */
  readonly wallMs: number;
  readonly faces: number;
  readonly stages: Partial<Record<StandardStage, StageSample>>;
}

/** Medians over the steady-state runs of one stage. */
export interface StageSummary {
  readonly ms: number;
  readonly modelMs: number;
  /** ms - modelMs: crop/resample, decoding, NMS and the other JavaScript of the stage. */
  readonly jsMs: number;
  readonly calls: number;
  readonly candidatesIn: number;
  readonly candidatesOut: number;
}

export interface CaseResult {
  readonly backend: string;
  readonly input: string;
  readonly kind: 'frame' | 'photo';
  readonly width: number;
  readonly height: number;
  readonly faces: number;
  /** createDetector: loading the three sessions. */
  readonly loadMs: number;
  /** The first detection of a freshly created detector, without warm-up. */
  readonly firstColdMs?: number;
  /** detector.warmup({ width, height }) of the input's size on a fresh detector, and the first detection after it. */
  readonly warmupMs: number;
  readonly firstAfterWarmupMs: number;
  readonly wall: Summary;
  readonly stages: Partial<Record<StandardStage, StageSummary>>;
  /** Median of wall time outside the stages: input checks and the result objects. */
  readonly otherJsMs: number;
  readonly arithmetic: StageArithmetic;
  /** 2 × multiply-adds / median time: of the whole call, and of the time inside session.run. */
  readonly gflops: { readonly wall: number; readonly model: number };
  /** Peak resident set size of the measuring process, MiB. */
  readonly peakRssMiB: number;
}

export interface PeakResult {
  readonly backend: string;
  readonly name: string;
  readonly describe: string;
  readonly flop: number;
  readonly ms: Summary;
  readonly gflops: number;
}

/** Peak memory of one detection of a large photo (memory.ts). */
export interface MemoryResult {
  readonly backend: string;
  readonly input: string;
  readonly width: number;
  readonly height: number;
  readonly minFaceSize: number;
  readonly faces: number;
  /** The detection's wall time (one run, no warm-up). */
  readonly ms: number;
  /** Resident set size before the detection: the process, the models and the pixels, MiB. */
  readonly beforeMiB: number;
  /** Peak resident set size of the process, MiB. */
  readonly peakMiB: number;
  /** (peak - before) / megapixels: the detection's working memory per megapixel of the photo, MiB. */
  readonly perMegapixelMiB: number;
}

export interface SkippedBackend {
  readonly backend: string;
  readonly reason: string;
}

export interface ThroughputResult {
  readonly backend: string;
  readonly mode: string;
  readonly images: number;
  readonly ms: number;
  readonly imagesPerSecond: number;
}

/** MobileFaceNet speed on one backend: aligned crops at several batch sizes, and a frame end to end. */
export interface RecognitionResult {
  readonly backend: string;
  readonly embedder: string;
  /** createRecognizer: loading the embedder's session. */
  readonly loadMs: number;
  /** Multiply-adds of one embedding (Conv and Gemm of the portable model at its input size). */
  readonly macsPerEmbedding: number;
  /** Per batch size: time per embedAligned call of that many crops, and embeddings per second at the median. */
  readonly batches: readonly {
    readonly size: number;
    readonly ms: Summary;
    readonly embeddingsPerSecond: number;
  }[];
  /** A frame with one face: detect, then align + embed (embedFaces), and the whole. */
  readonly frame: {
    readonly input: string;
    readonly width: number;
    readonly height: number;
    readonly wall: Summary;
    readonly detect: Summary;
    readonly alignAndEmbed: Summary;
  };
  readonly peakRssMiB: number;
}

/** The queue section (queue-bench.ts). */
export interface QueueBenchResult {
  /** Inputs per chunk in the image runs. */
  readonly chunkSize: number;
  /** Wall time of each command on the same photos, process start (models loading) included. */
  readonly modes: readonly { readonly mode: string; readonly images: number; readonly ms: number }[];
  /** Enqueue and work with a processor that does nothing: what Redis spends per chunk. */
  readonly redis: {
    readonly inputs: number;
    readonly chunkSize: number;
    readonly chunks: number;
    /** The worker's time: from its start until it found the queue empty (checked once a second). */
    readonly ms: number;
    /** Every command Redis ran (INFO commandstats), per chunk: adding, taking, progress, completing, counting. */
    readonly commandsPerChunk: number;
    /** Their execution time inside Redis, in µs per chunk. */
    readonly commandUsPerChunk: number;
    /** The Redis process's CPU time (user + system, I/O included) per chunk, in ms. */
    readonly redisCpuMsPerChunk: number;
    readonly chunksPerSecond: number;
  };
}

export interface BenchReport {
  readonly version: 1;
  readonly date: string;
  readonly quick: boolean;
  readonly machine: {
    readonly cpu: string;
    readonly cores: number;
    readonly memoryGiB: number;
    readonly node: string;
    readonly onnxruntime: string;
    readonly commit?: string;
  };
  readonly runs: number;
  /** Runs discarded before the measured ones: at least `runs` of them, for at least `ms`. */
  readonly warm: { readonly runs: number; readonly ms: number };
  readonly cases: CaseResult[];
  readonly peaks: PeakResult[];
  readonly throughput: ThroughputResult[];
  /** Face recognition (MobileFaceNet) per backend. */
  readonly recognition: RecognitionResult[];
  /** Peak memory of one detection on large photos, per backend (absent in reports from before it was measured). */
  readonly memory?: MemoryResult[];
  /** onnxruntime-node CPU's own profile of each model on one input, by operator kind. */
  readonly opProfile?: { readonly input: string; readonly stages: StageOpProfile[] };
  readonly skipped: SkippedBackend[];
  /** Scale-out on Redis: absent when skipped (--no-queue) or without redis-server. */
  readonly queue?: QueueBenchResult;
}
