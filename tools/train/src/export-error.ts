/** Why an export was refused: the trained weights do not fit the stage's graph, or the folder cannot be written. */
export type ExportErrorCode =
  /** A graph initializer has no trained counterpart. */
  | 'INITIALIZER_MISSING'
  /** A trained initializer names no initializer of the graph. */
  | 'INITIALIZER_UNKNOWN'
  /** A trained initializer's dims differ from the graph's, or its data does not fill them. */
  | 'INITIALIZER_SHAPE'
  /** A trained initializer holds NaN or an infinity: training diverged. */
  | 'INITIALIZER_NOT_FINITE'
  /** The stage is not pnet, rnet or onet. */
  | 'UNKNOWN_STAGE';

export class ExportError extends Error {
  override readonly name = 'ExportError';

  constructor(
    readonly code: ExportErrorCode,
    message: string,
  ) {
    super(message);
  }
}
