import type { Backend, Session } from './backend.js';
import { type BrowserImageSource, browserSourceToRaw, isBrowserImageSource } from './browser-image.js';
import { type Candidates, EMPTY_CANDIDATES } from './candidates.js';
import { MtcnnError } from './errors.js';
import { type Face, type FacePoint, LANDMARK_NAMES, type Landmarks } from './geometry.js';
import { DEFAULT_MAX_PIXELS, type RawImage, type RgbImage, rawToRgb, validateRawImage } from './image.js';
import { warmKernels } from './ops/warm-kernels.js';
import { type DetectOptions, type ResolvedDetectOptions, resolveDetectOptions } from './options.js';
import { ScratchMemory } from './scratch.js';
import type { Stage } from './stage.js';

/** Pixels with an explicit or inferable channel count (1, 3 or 4). */
export interface PixelsInput {
  readonly data: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
  readonly channels?: 1 | 3 | 4;
}

/**
 * What `detect` accepts everywhere: raw pixels or, in a browser, ImageData and the DOM image sources.
 * The Node entry (`@mtcnn/core/node`) adds file paths and encoded image bytes.
 */
export type ImageInput = PixelsInput | BrowserImageSource;

/** Turns inputs the core does not understand (paths, encoded bytes…) into pixels. */
export type ImageDecoder = (input: unknown, options: { maxPixels: number }) => Promise<RawImage | undefined>;

/** Model-level options: what runs, on which backend, and the defaults for every call. */
export interface DetectorOptions extends DetectOptions {
  /**
   * The cascade: one proposal stage, then any refine stages, each with a name of its own. The standard one is
   * `[pnet(), rnet(), onet()]`; `[pnet()]` and `[pnet(), rnet()]` stop early.
   */
  readonly stages: readonly Stage[];
  /** Backend for every stage that does not name its own. */
  readonly backend?: Backend;
  /** Extra input decoding, tried before the built-in forms (the Node entry plugs in sharp here). */
  readonly decodeImage?: ImageDecoder;
}

/** Per-stage measurements of one detection. */
export interface StageReport {
  readonly ms: number;
  readonly candidatesIn: number;
  readonly candidatesOut: number;
}

export interface Detection {
  readonly width: number;
  readonly height: number;
  readonly faces: Face[];
  /** Milliseconds from pixels to faces, and per stage that ran, by stage name. */
  readonly timing: { readonly totalMs: number; readonly stages: Readonly<Record<string, StageReport>> };
}

/** The size of the images a detector will see, for {@link Detector.warmup}. */
export interface WarmupOptions {
  readonly width: number;
  readonly height: number;
}

/** A detector of the images of type `Input` (the Node entry's takes file paths and encoded bytes too). */
export interface Detector<Input = ImageInput> {
  /** Names of the stages this detector runs, in order. */
  readonly stages: readonly string[];
  /** Faces in the image, highest score first. */
  detect(image: Input, options?: DetectOptions): Promise<Face[]>;
  /** Faces plus the image size and timings. */
  detectWithDetails(image: Input, options?: DetectOptions): Promise<Detection>;
  /**
   * Runs every model once on a small input so that the first real call does not pay for lazy setup. Given the
   * size of the images to come (a camera's frames), it also runs P-Net at every pyramid level of that size, so
   * that the runtime has planned and allocated for those shapes before the first real call.
   */
  warmup(options?: WarmupOptions): Promise<void>;
  /** Releases every session. Waits for calls in flight; later calls throw DETECTOR_DISPOSED. */
  dispose(): Promise<void>;
}

function validateStages(stages: readonly Stage[]): void {
  if (!Array.isArray(stages) || stages.length === 0) {
    throw new MtcnnError(
      'INVALID_OPTION',
      'stages must be a non-empty array, for example [pnet(), rnet(), onet()]',
    );
  }
  const names = new Set<string>();
  stages.forEach((stage, i) => {
    const { name, kind } = (stage ?? {}) as Partial<Stage>;
    if (typeof name !== 'string' || name === '' || typeof stage.run !== 'function') {
      throw new MtcnnError('INVALID_OPTION', `stages[${i}] is not a stage (a named object with run)`);
    }
    if (kind !== 'proposal' && kind !== 'refine') {
      throw new MtcnnError('INVALID_OPTION', `stage ${name}: kind must be 'proposal' or 'refine'`);
    }
    if ((i === 0) !== (kind === 'proposal')) {
      throw new MtcnnError(
        'INVALID_OPTION',
        i === 0
          ? `the cascade must start with a proposal stage (pnet), got ${name}`
          : `stage ${name} proposes candidates; only the first stage may`,
      );
    }
    if (names.has(name)) {
      throw new MtcnnError('INVALID_OPTION', `two stages are named ${name}; give each its own name`);
    }
    names.add(name);
  });
}

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}

function inferChannels(input: PixelsInput): 1 | 3 | 4 | undefined {
  if (input.channels !== undefined) return input.channels;
  const perPixel = input.data.length / (input.width * input.height);
  return perPixel === 1 || perPixel === 3 || perPixel === 4 ? perPixel : undefined;
}

function isPixelsInput(value: unknown): value is PixelsInput {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Partial<PixelsInput>;
  return (
    (v.data instanceof Uint8Array || v.data instanceof Uint8ClampedArray) &&
    typeof v.width === 'number' &&
    typeof v.height === 'number'
  );
}

async function toRgb(input: unknown, decode: ImageDecoder | undefined, maxPixels: number): Promise<RgbImage> {
  let raw: RawImage | undefined;
  if (decode) raw = await decode(input, { maxPixels });
  if (!raw && isPixelsInput(input)) {
    const channels = inferChannels(input);
    if (channels === undefined) {
      throw new MtcnnError(
        'INVALID_IMAGE',
        `cannot infer the channel count: ${input.data.length} bytes for ${input.width}×${input.height} pixels`,
      );
    }
    raw = { data: input.data, width: input.width, height: input.height, channels };
  }
  if (!raw && isBrowserImageSource(input)) raw = await browserSourceToRaw(input);
  if (!raw) {
    throw new MtcnnError(
      'INVALID_IMAGE',
      'unsupported image input: pass { data, width, height, channels } pixels, a browser image source, ' +
        'or (with @mtcnn/core/node) a file path or encoded image bytes',
    );
  }
  validateRawImage(raw, maxPixels);
  return rawToRgb(raw);
}

/** Options of {@link readImage}. */
export interface ReadImageOptions {
  /** Largest image accepted, in pixels (default {@link DEFAULT_MAX_PIXELS}): IMAGE_TOO_LARGE above it. */
  readonly maxPixels?: number;
  /** Extra input decoding, tried first (the Node entry's `readImage` plugs in sharp). */
  readonly decodeImage?: ImageDecoder;
}

/**
 * The RGB pixels of any input `detect` takes, checked and converted as `detect` does: for a caller that needs
 * the pixels as well as the faces (to align or crop them). INVALID_IMAGE or IMAGE_TOO_LARGE otherwise.
 */
export function readImage(input: ImageInput, options: ReadImageOptions = {}): Promise<RgbImage> {
  return toRgb(input, options.decodeImage, options.maxPixels ?? DEFAULT_MAX_PIXELS);
}

function toFaces(candidates: Candidates, maxFaces: number): Face[] {
  const order = Array.from({ length: candidates.count }, (_, i) => i);
  order.sort((a, b) => candidates.scores[b]! - candidates.scores[a]! || a - b);
  const points = candidates.points;
  // The five named landmarks are a view of the points when they are O-Net's five (or five unnamed ones).
  const isLandmarks =
    points?.perBox === LANDMARK_NAMES.length &&
    (points.names === undefined || points.names.every((name, k) => name === LANDMARK_NAMES[k]));
  return order.slice(0, maxFaces).map((i) => {
    const [x1, y1, x2, y2] = candidates.boxes.subarray(4 * i, 4 * i + 4);
    const face: { box: Face['box']; score: number; points?: FacePoint[]; landmarks?: Landmarks } = {
      box: { x: x1!, y: y1!, width: x2! - x1!, height: y2! - y1! },
      score: candidates.scores[i]!,
    };
    if (points) {
      const m = points.data.subarray(2 * points.perBox * i, 2 * points.perBox * (i + 1));
      face.points = Array.from({ length: points.perBox }, (_, k) => {
        const name = points.names?.[k];
        return name === undefined
          ? { x: m[2 * k]!, y: m[2 * k + 1]! }
          : { x: m[2 * k]!, y: m[2 * k + 1]!, name };
      });
      if (isLandmarks) {
        const p = (k: number) => ({ x: m[2 * k]!, y: m[2 * k + 1]! });
        face.landmarks = { leftEye: p(0), rightEye: p(1), nose: p(2), mouthLeft: p(3), mouthRight: p(4) };
      }
    }
    return face;
  });
}

/** Warm-up input: a mid-grey image large enough for a proposal window at the default minimum face. */
const WARMUP_SIZE = 48;
/** Mid-grey: the warm-up images' pixel value. */
const WARMUP_GREY = 128;

function greyImage(width: number, height: number): PixelsInput {
  return { data: new Uint8Array(width * height * 3).fill(WARMUP_GREY), width, height, channels: 3 };
}

/**
 * Loads every stage's model and returns a detector. Fails with MODEL_LOAD_FAILED (naming the stage) if a
 * model cannot be loaded, and with INVALID_OPTION for bad options.
 */
export async function createDetector(options: DetectorOptions): Promise<Detector> {
  if (options === null || typeof options !== 'object') {
    throw new MtcnnError('INVALID_OPTION', 'createDetector needs an options object with stages');
  }
  const { stages, backend, decodeImage, ...defaults } = options;
  validateStages(stages);
  const names = stages.map((s) => s.name);
  const resolve = (...layers: (DetectOptions | undefined)[]) => {
    const resolved = resolveDetectOptions(names, ...layers);
    for (const stage of stages) stage.checkOptions?.(resolved);
    return resolved;
  };
  const stageDefaults: DetectOptions = {
    thresholds: Object.fromEntries(stages.map((s) => [s.name, s.threshold])),
  };
  const baseOptions = resolve(stageDefaults, defaults);
  // Every call's scratch memory (summed-area tables, model inputs) is lent from here and comes back at its end.
  const scratchMemory = new ScratchMemory();

  const sessions: Session[] = [];
  // The resampling code gets optimised in the gaps the sessions' loading leaves on this thread (while it waits
  // on worker lanes), rather than during the first photo.
  const warming = warmKernels();
  try {
    for (const stage of stages) {
      const stageBackend = stage.backend ?? backend;
      if (!stageBackend) {
        throw new MtcnnError('INVALID_OPTION', `no backend for stage ${stage.name}: pass options.backend`);
      }
      try {
        sessions.push(await stageBackend.createSession(stage.model));
      } catch (cause) {
        if (cause instanceof MtcnnError) throw cause;
        const why = cause instanceof Error ? cause.message : String(cause);
        throw new MtcnnError(
          'MODEL_LOAD_FAILED',
          `could not load the ${stage.name} model on ${stageBackend.name}: ${why}`,
          { cause },
        );
      }
    }
  } catch (error) {
    await Promise.allSettled([warming, ...sessions.map((s) => s.dispose())]);
    throw error;
  }
  await warming;

  let disposed = false;
  const inFlight = new Set<Promise<unknown>>();

  async function run(image: ImageInput, callOptions: DetectOptions | undefined): Promise<Detection> {
    const resolved: ResolvedDetectOptions = callOptions ? resolve(baseOptions, callOptions) : baseOptions;
    const rgb = await toRgb(image, decodeImage, resolved.maxPixels);
    const started = now();
    const reports: Record<string, StageReport> = {};
    let candidates: Candidates = EMPTY_CANDIDATES;
    const scratch = scratchMemory.call(rgb);
    try {
      for (const [i, stage] of stages.entries()) {
        if (i > 0 && candidates.count === 0) break;
        const stageStart = now();
        const threshold = resolved.thresholds[stage.name]!;
        const candidatesIn = candidates.count;
        candidates = await stage.run(
          { image: rgb, session: sessions[i]!, options: resolved, threshold, scratch },
          candidates,
        );
        reports[stage.name] = { ms: now() - stageStart, candidatesIn, candidatesOut: candidates.count };
      }
    } finally {
      // The stages are done with this call's memory: it goes to the next call.
      scratch.end();
    }
    return {
      width: rgb.width,
      height: rgb.height,
      faces: toFaces(candidates, resolved.maxFaces),
      timing: { totalMs: now() - started, stages: reports },
    };
  }

  function track<T>(work: () => Promise<T>): Promise<T> {
    if (disposed) {
      return Promise.reject(
        new MtcnnError('DETECTOR_DISPOSED', 'the detector was disposed; create a new one'),
      );
    }
    const promise = work();
    inFlight.add(promise);
    const forget = () => inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  const detector: Detector = {
    stages: names,
    detectWithDetails: (image, callOptions) => track(() => run(image, callOptions)),
    detect: (image, callOptions) => track(async () => (await run(image, callOptions)).faces),
    warmup: (warmupOptions) =>
      track(async () => {
        // Thresholds of 0 let every stage see candidates, so every model runs once.
        await run(greyImage(WARMUP_SIZE, WARMUP_SIZE), { thresholds: names.map(() => 0) });
        if (warmupOptions !== undefined) {
          const { width, height } = warmupOptions;
          if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
            throw new MtcnnError(
              'INVALID_OPTION',
              `warmup width and height must be positive integers, got ${String(width)}×${String(height)}`,
            );
          }
          // Default thresholds: P-Net runs every level of this size; a grey image gives few candidates.
          await run(greyImage(width, height), undefined);
        }
      }),
    async dispose() {
      if (disposed) return;
      disposed = true;
      await Promise.allSettled([...inFlight]);
      await Promise.allSettled(sessions.map((s) => s.dispose()));
    },
  };
  return detector;
}
