/** What went wrong, for code that handles a trainer's error (the CLI maps them to messages and exit codes). */
export type TrainErrorCode =
  // The dataset (dataset.ts).
  | 'MISSING_GROUND_TRUTH'
  | 'BAD_GROUND_TRUTH'
  | 'BAD_FACE'
  | 'MISSING_IMAGE'
  /** An option given to a step (mining, fitting) is out of range. */
  | 'INVALID_OPTION'
  /** A sample-set folder is unfinished, of another format, or its arrays disagree with its description. */
  | 'BAD_SAMPLE_SET'
  /** The samples cannot train this stage: another crop size, or none left after the hold-out. */
  | 'WRONG_SAMPLES'
  /** A checkpoint is of another run or past the epochs asked for: not resumed. */
  | 'CHECKPOINT_MISMATCH'
  // Export (export.ts): the trained weights do not fit the stage's graph.
  /** A graph initializer has no trained counterpart. */
  | 'INITIALIZER_MISSING'
  /** A trained initializer names no initializer of the graph. */
  | 'INITIALIZER_UNKNOWN'
  /** A trained initializer's dims differ from the graph's, or its data does not fill them. */
  | 'INITIALIZER_SHAPE'
  /** A trained initializer holds NaN or an infinity: training diverged. */
  | 'INITIALIZER_NOT_FINITE'
  /** The stage is not pnet, rnet or onet. */
  | 'UNKNOWN_STAGE'
  // The command line (cli*.ts, train-steps.ts).
  /** A flag, value or command is wrong or missing; reported with a hint to --help (exit 2). */
  | 'USAGE'
  /** export needs a finished fit of the stage in the work folder. */
  | 'NOT_FITTED'
  /** plot needs the curves a fit writes. */
  | 'NO_CURVES';

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
