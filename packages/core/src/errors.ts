/** Machine-readable reason for an {@link MtcnnError}. */
export type MtcnnErrorCode =
  /** The image is empty, has the wrong channel count, inconsistent sizes, or could not be decoded. */
  | 'INVALID_IMAGE'
  /** The image's dimensions exceed the configured pixel limit (decompression bombs included). */
  | 'IMAGE_TOO_LARGE'
  /** An option is missing, of the wrong type or out of range. */
  | 'INVALID_OPTION'
  /**
   * An optional package this feature needs is not installed (sharp for image files, onnxruntime-node or
   * onnxruntime-web for a device); the message names it and the `npm i` line.
   */
  | 'MISSING_DEPENDENCY'
  /** A model could not be read or a session could not be created from it. */
  | 'MODEL_LOAD_FAILED'
  /** No backend could be started (the message names each one tried and why it failed). */
  | 'BACKEND_UNAVAILABLE'
  /** A model ran but failed or returned outputs of an unexpected shape. */
  | 'INFERENCE_FAILED'
  /** The detector was used after `dispose()`. */
  | 'DETECTOR_DISPOSED'
  /** A recognizer (@mtcnn/recognition) was used after `dispose()`. */
  | 'RECOGNIZER_DISPOSED'
  /**
   * Embeddings, a gallery or a classifier made by one embedder met another (its id, embedding size or metric
   * differs): they live in different embedding spaces and cannot be compared.
   */
  | 'GALLERY_MISMATCH';

/** The one error type mtcnn throws; `code` says what went wrong. */
export class MtcnnError extends Error {
  readonly code: MtcnnErrorCode;

  constructor(code: MtcnnErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MtcnnError';
    this.code = code;
  }
}

/** True when `error` is an {@link MtcnnError}, optionally of the given code. */
export function isMtcnnError(error: unknown, code?: MtcnnErrorCode): error is MtcnnError {
  return error instanceof MtcnnError && (code === undefined || error.code === code);
}
