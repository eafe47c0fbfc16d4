import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * A JSON array written one element per line as elements arrive, so a long batch keeps nothing in memory
 * and the file is valid JSON once closed.
 */
export class JsonArrayWriter {
  private count = 0;
  private readonly fd: number | undefined;

  /** `path` '-' writes to `stdout`. Opening fails at once (a bad path is found before any work). */
  constructor(
    path: string,
    private readonly stdout: (text: string) => void,
  ) {
    this.fd = path === '-' ? undefined : openSync(path, 'w');
  }

  add(value: unknown): void {
    this.write(`${this.count === 0 ? '[\n' : ',\n'}${JSON.stringify(value)}`);
    this.count++;
  }

  close(): void {
    this.write(this.count === 0 ? '[]\n' : '\n]\n');
    if (this.fd !== undefined) closeSync(this.fd);
  }

  private write(text: string): void {
    if (this.fd === undefined) this.stdout(text);
    else writeSync(this.fd, text);
  }
}
