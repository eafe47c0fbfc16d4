/** A mistake on the command line: reported with a hint to `--help`, exit status 2, before any work starts. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose help the hint points to. */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
