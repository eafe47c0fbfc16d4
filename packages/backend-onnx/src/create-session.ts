// How every backend here turns a stage's model into a runtime session, whichever onnxruntime it runs on: the
// runtime imported on first use, the model form picked and located, the session created, its failure put in
// the core's terms, and the session wrapped in the core's Session contract.
import { type Model, selectModelForm } from '@mtcnn/core/backend-kit';
import { fileUrlPath, modelLocation } from './model-bytes.js';
import type { OrtSessionLike, OrtTensorLike } from './ort-types.js';
import type { RunQueue } from './run-queue.js';
import { runtimeMissing, sessionCreationError } from './runtime-error.js';
import { OnnxSession } from './session.js';

/**
 * The part of an onnxruntime module (onnxruntime-node or onnxruntime-web) that creates sessions and tensors.
 * `create` is overloaded as in both runtimes, whose typings take a path and bytes in separate signatures.
 */
export interface OrtRuntimeLike<Options, S extends OrtSessionLike = OrtSessionLike> {
  readonly InferenceSession: {
    create(path: string, options?: Options): Promise<S>;
    create(bytes: Uint8Array, options?: Options): Promise<S>;
  };
  readonly Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensorLike;
}

/**
 * `load` run once, on first use, so that a runtime is imported only by a backend that needs it; a failed
 * import is a BACKEND_UNAVAILABLE naming the package (so `auto` falls through), and is tried again next time.
 */
export function runtimeLoader<R>(packageName: string, load: () => Promise<R>): () => Promise<R> {
  let runtime: Promise<R> | undefined;
  return () => {
    runtime ??= load().catch((error: unknown) => {
      runtime = undefined;
      throw runtimeMissing(packageName, error);
    });
    return runtime;
  };
}

/** Where the runtime finds the form of `model` picked from `forms` (best first): a path, a URL or bytes. */
export function locateModel(
  model: Model,
  forms: readonly string[],
  fileUrlToPath: (url: URL) => string = fileUrlPath,
): string | Uint8Array {
  return modelLocation(selectModelForm(model, forms), fileUrlToPath);
}

/** A runtime session of the model at `location` (a path or URL string, or bytes). */
export function createRuntimeSession<Options, S extends OrtSessionLike>(
  ort: OrtRuntimeLike<NoInfer<Options>, S>,
  location: string | Uint8Array,
  options: Options,
): Promise<S> {
  return typeof location === 'string'
    ? ort.InferenceSession.create(location, options)
    : ort.InferenceSession.create(location, options);
}

/** How one backend opens its sessions in the thread that runs them. */
export interface SessionRecipe<Options> {
  /** The backend's name, for errors. */
  readonly backendName: string;
  /** The runtime, from a {@link runtimeLoader}, set up for this backend. */
  readonly runtime: () => Promise<OrtRuntimeLike<NoInfer<Options>>>;
  readonly sessionOptions: Options;
  /** Model forms to load, best first (see `selectModelForm`). */
  readonly forms: readonly string[];
  /** `file:` URLs as paths: node:url's in Node, a plain decoding where the entry must not import Node modules. */
  readonly fileUrlToPath?: (url: URL) => string;
  /** Where runs wait for their turn, when the runtime cannot overlap them (see OnnxSession). */
  readonly queue?: RunQueue;
}

/**
 * A session of `model` following `recipe`: a model that does not load is thrown as the runtime said (the
 * detector reports it as MODEL_LOAD_FAILED), a device that cannot start as BACKEND_UNAVAILABLE.
 */
export async function createOnnxSession<Options>(
  model: Model,
  recipe: SessionRecipe<Options>,
): Promise<OnnxSession> {
  const ort = await recipe.runtime();
  const location = locateModel(model, recipe.forms, recipe.fileUrlToPath);
  let session: OrtSessionLike;
  try {
    session = await createRuntimeSession(ort, location, recipe.sessionOptions);
  } catch (error) {
    throw sessionCreationError(recipe.backendName, error);
  }
  return new OnnxSession(session, {
    backendName: recipe.backendName,
    ...(recipe.queue ? { queue: recipe.queue } : {}),
    tensor: (data, dims) => new ort.Tensor('float32', data, dims),
  });
}
