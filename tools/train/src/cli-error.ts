/** Why the trainer's command line stopped: a usage mistake (exit 2) or a step that cannot run yet (exit 1). */
export type CliErrorCode =
  /** A flag, value or command is wrong or missing; reported with a hint to --help. */
  | 'USAGE'
  /** export needs a finished fit of the stage in the work folder. */
  | 'NOT_FITTED'
  /** plot needs the curves a fit writes. */
  | 'NO_CURVES';

export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    readonly code: CliErrorCode,
    message: string,
  ) {
    super(message);
  }
}
