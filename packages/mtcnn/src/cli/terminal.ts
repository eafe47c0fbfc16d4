import { PROGRESS_MIN_INPUTS, ProgressBar } from './progress.js';

/**
 * stdout and stderr of one run, with the progress bar (on a terminal's stderr, for batches of
 * {@link PROGRESS_MIN_INPUTS} or more) kept out of the way of every other line.
 */
export class Terminal {
  private progress: ProgressBar | undefined;

  constructor(
    private readonly stdout: NodeJS.WriteStream = process.stdout,
    private readonly stderr: NodeJS.WriteStream = process.stderr,
  ) {}

  /** Starts the progress bar when stderr is a terminal and there are enough inputs; silent when piped. */
  startProgress(total: number): void {
    if (this.stderr.isTTY && total >= PROGRESS_MIN_INPUTS)
      this.progress = new ProgressBar(this.stderr, total);
  }

  tick(): void {
    this.progress?.tick();
  }

  finishProgress(): void {
    this.progress?.finish();
    this.progress = undefined;
  }

  /** stdout is a terminal (not a file or a pipe). */
  get stdoutIsTerminal(): boolean {
    return this.stdout.isTTY === true;
  }

  get stderrIsTerminal(): boolean {
    return this.stderr.isTTY === true;
  }

  out(text: string): void {
    this.write(this.stdout, text);
  }

  err(text: string): void {
    this.write(this.stderr, text);
  }

  private write(stream: NodeJS.WriteStream, text: string): void {
    if (this.progress) this.progress.around(() => stream.write(text));
    else stream.write(text);
  }
}
