/** Fewer inputs than this finish too soon for a progress bar to help. */
export const PROGRESS_MIN_INPUTS = 5;
/** Redrawing more often only flickers. */
const REDRAW_INTERVAL_MS = 100;
const BAR_WIDTH = 24;
const SECONDS_PER_MINUTE = 60;
const MINUTES_PER_HOUR = 60;
const MS_PER_SECOND = 1000;
/** Return to column 0 and erase the line. */
const CLEAR_LINE = '\r\x1b[K';

/** `m:ss`, or `h:mm:ss` past an hour; `--:--` when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const total = Math.round(seconds);
  const s = total % SECONDS_PER_MINUTE;
  const m = Math.floor(total / SECONDS_PER_MINUTE) % MINUTES_PER_HOUR;
  const h = Math.floor(total / (SECONDS_PER_MINUTE * MINUTES_PER_HOUR));
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** `[######------------------] 12/48  3.1 img/s  ETA 0:12` */
export function formatProgress(done: number, total: number, elapsedMs: number): string {
  const filled = total > 0 ? Math.round((BAR_WIDTH * done) / total) : BAR_WIDTH;
  const seconds = elapsedMs / MS_PER_SECOND;
  const rate = seconds > 0 ? done / seconds : 0;
  const eta = done > 0 ? (total - done) / rate : Number.NaN;
  return (
    `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${total}  ` +
    `${rate.toFixed(1)} img/s  ETA ${formatDuration(eta)}`
  );
}

/** The part of a terminal stream the bar needs. */
export interface TerminalStream {
  write(text: string): unknown;
  readonly columns?: number;
}

/** A one-line progress bar on a terminal, redrawn in place; other output goes through {@link around}. */
export class ProgressBar {
  private done = 0;
  private shown = false;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private readonly started: number;

  constructor(
    private readonly stream: TerminalStream,
    private readonly total: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
    this.draw();
  }

  /** One more input finished. */
  tick(): void {
    this.done++;
    if (this.done === this.total || this.now() - this.lastDraw >= REDRAW_INTERVAL_MS) this.draw();
  }

  /** Writes other output with the bar out of the way, then puts the bar back. */
  around(write: () => void): void {
    this.erase();
    write();
    this.draw();
  }

  /** Removes the bar for good. */
  finish(): void {
    this.erase();
  }

  private erase(): void {
    if (this.shown) this.stream.write(CLEAR_LINE);
    this.shown = false;
  }

  private draw(): void {
    let line = formatProgress(this.done, this.total, this.now() - this.started);
    const columns = this.stream.columns;
    if (columns && line.length >= columns) line = line.slice(0, columns - 1);
    this.stream.write(`${CLEAR_LINE}${line}`);
    this.shown = true;
    this.lastDraw = this.now();
  }
}
