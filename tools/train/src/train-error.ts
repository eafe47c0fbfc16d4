/** What went wrong, for code that handles a trainer's error (the CLI maps them to messages and exit codes). */
export type TrainErrorCode =
  | 'MISSING_GROUND_TRUTH'
  | 'BAD_GROUND_TRUTH'
  | 'BAD_FACE'
  | 'MISSING_IMAGE'
  | 'INVALID_OPTION';

/** The trainer's one error type, as core's MtcnnError: a `code` naming the problem and a message saying where. */
export class TrainError extends Error {
  override readonly name = 'TrainError';

  constructor(
    readonly code: TrainErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True when `error` is a {@link TrainError}, optionally of the given code. */
export function isTrainError(error: unknown, code?: TrainErrorCode): error is TrainError {
  return error instanceof TrainError && (code === undefined || error.code === code);
}
