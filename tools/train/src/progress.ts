// Progress of a long step (mining, fitting) on stderr: on a terminal one line redrawn in place, elsewhere (a log
// file, CI) a plain line every few seconds, so logs stay readable and still show that the run is alive.
const BAR_WIDTH = 20;
/** Redrawing a terminal line more often only flickers. */
const REDRAW_MS = 100;
/** How often a non-terminal gets a line by default. */
export const LOG_INTERVAL_MS = 5000;
const CLEAR_LINE = '\r\x1b[K';

/** Where the bar goes: process.stderr, or anything with its shape. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** One report: how far the task is, and what else to show (epoch, loss). */
export interface ProgressReport {
  /** Units done and to do, over the whole task (all epochs, for a fit). */
  done: number;
  total: number;
  /** Throughput in `unit` per second; measured from the reports when left out. */
  rate?: number;
  /** What the rate counts: 'samples/s', 'photos/s'. Default 'items/s'. */
  unit?: string;
  /** Shown before the bar, e.g. 'epoch 2/10'. */
  prefix?: string;
  /** Shown after the rate, e.g. 'loss 0.4312'. */
  suffix?: string;
}

/** `m:ss`, or `h:mm:ss` past an hour; `--:--` when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const total = Math.round(seconds);
  const s = String(total % 60).padStart(2, '0');
  const m = Math.floor(total / 60) % 60;
  const h = Math.floor(total / 3600);
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function formatRate(rate: number): string {
  if (!Number.isFinite(rate)) return '-';
  return rate >= 100 ? Math.round(rate).toLocaleString('en-US') : rate.toFixed(1);
}

/** `pnet fit  epoch 2/10 [####----------------] 1200/8000  9,874 samples/s  loss 0.4312  ETA 1:05` */
export function formatReport(label: string, report: ProgressReport, rate: number): string {
  const { done, total } = report;
  const filled = total > 0 ? Math.min(BAR_WIDTH, Math.round((BAR_WIDTH * done) / total)) : 0;
  const eta = rate > 0 ? (total - done) / rate : Number.NaN;
  return [
    label,
    report.prefix,
    `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${total}`,
    `${formatRate(rate)} ${report.unit ?? 'items/s'}`,
    report.suffix,
    `ETA ${formatDuration(eta)}`,
  ]
    .filter((part) => part)
    .join('  ');
}

export interface ProgressOptions {
  /** Lines apart on a non-terminal, in ms. Default {@link LOG_INTERVAL_MS}. */
  intervalMs?: number;
  now?: () => number;
}

/** A progress display for one task; `update` as often as you like, `finish` once. */
export class Progress {
  private readonly tty: boolean;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private shown = false;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private first: { at: number; done: number } | undefined;
  private last: ProgressReport | undefined;
  /** The last report is not on screen yet. */
  private pending = false;
  private finished = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
    options: ProgressOptions = {},
  ) {
    this.tty = stream.isTTY === true;
    this.intervalMs = options.intervalMs ?? LOG_INTERVAL_MS;
    this.now = options.now ?? (() => performance.now());
  }

  update(report: ProgressReport): void {
    const at = this.now();
    // A resumed task starts part done: its rate counts only what this run did.
    this.first ??= { at, done: report.done };
    this.last = report;
    this.pending = true;
    const due = at - this.lastDraw >= (this.tty ? REDRAW_MS : this.intervalMs);
    if (due || report.done >= report.total) this.draw(at);
  }

  /** Writes a line of other output (a warning, a step's result) without tearing the bar. */
  log(text: string): void {
    this.erase();
    this.stream.write(`${text}\n`);
    if (this.tty && this.last) this.draw(this.now());
  }

  /** Shows the last report if it was not yet, and leaves it on its own line. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.pending || (this.tty && !this.shown && this.last)) this.draw(this.now());
    if (this.tty && this.shown) this.stream.write('\n');
    this.shown = false;
  }

  private rate(at: number): number {
    if (this.last?.rate !== undefined) return this.last.rate;
    if (!this.first || !this.last) return Number.NaN;
    const seconds = (at - this.first.at) / 1000;
    return seconds > 0 ? (this.last.done - this.first.done) / seconds : Number.NaN;
  }

  private erase(): void {
    if (this.tty && this.shown) this.stream.write(CLEAR_LINE);
    this.shown = false;
  }

  private draw(at: number): void {
    if (!this.last) return;
    let line = formatReport(this.label, this.last, this.rate(at));
    if (this.tty) {
      const columns = this.stream.columns;
      if (columns && line.length >= columns) line = line.slice(0, columns - 1);
      this.stream.write(`${CLEAR_LINE}${line}`);
      this.shown = true;
    } else {
      this.stream.write(`${line}\n`);
    }
    this.lastDraw = at;
    this.pending = false;
  }
}
