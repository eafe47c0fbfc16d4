import { mkdir, unlink } from 'node:fs/promises';
import type { RgbImage } from '@mtcnn/core';
import type { NodeDetector } from '@mtcnn/core/node';
import { createDetector } from '../detector.js';
import { detectFile, detectFileOptions } from './detect-file.js';
import type { EncodedFormat } from './encoded-format.js';
import { EXIT_FAILED, EXIT_OK } from './exit-codes.js';
import { inputName } from './input-source.js';
import { expandInputs } from './inputs.js';
import { JsonArrayWriter } from './json-array.js';
import type { BatchConfig } from './options.js';
import { runOrdered } from './ordered-pool.js';
import { outputStems } from './output-names.js';
import { errorRecord, type ImageRecord, type InputRecord, isErrorRecord } from './records.js';
import { FaceTable, summaryLine, TERMINAL_FILE_WIDTH } from './table.js';
import type { Terminal } from './terminal.js';
import { UsageError } from './usage-error.js';

/** What a command does with each detected image beyond its record: draw it, cut crops… */
export type ImageStep = (input: {
  readonly file: string;
  /** A file-name stem distinct among this batch's inputs. */
  readonly stem: string;
  readonly image: RgbImage;
  /** The format the input came in (`--draw` writes the same), undefined for the less common ones. */
  readonly format: EncodedFormat | undefined;
  readonly record: ImageRecord;
}) => Promise<ImageRecord>;

export interface BatchPlan {
  readonly command: string;
  readonly config: BatchConfig;
  /** Output directories to create before anything runs, by the flag that names them. */
  readonly outputDirectories: Readonly<Record<string, string | undefined>>;
  readonly step?: ImageStep;
  /** The table lists each face's crop. */
  readonly tableCrops?: boolean;
  /** One more table column (see {@link FaceTable}). */
  readonly tableColumn?: ConstructorParameters<typeof FaceTable>[2];
  /**
   * Starts what the batch needs beside the detector (an embedder), after the detector and before any input;
   * disposed with it. Its `step` replaces the plan's.
   */
  readonly start?: () => Promise<BatchWorker>;
  /** false: no detector at all; every input goes through the worker's `processFile` (embed --aligned). */
  readonly detect?: boolean;
}

/** What {@link BatchPlan.start} gives: how each input is processed, and how to release it. */
export interface BatchWorker {
  readonly step?: ImageStep;
  /** Replaces detection: the whole record of one input. Throws the library's typed errors. */
  readonly processFile?: (file: string) => Promise<InputRecord>;
  dispose(): Promise<void>;
}

const MS_PER_SECOND = 1000;

/** The message, prefixed with the file unless it names it already (the decoder's messages do). */
export function describeFailure(file: string, code: string, message: string): string {
  const name = inputName(file);
  return `mtcnn: ${message.includes(name) ? message : `${name}: ${message}`} [${code}]\n`;
}

async function prepareOutputDirectories(plan: BatchPlan): Promise<void> {
  for (const [flag, dir] of Object.entries(plan.outputDirectories)) {
    if (dir === undefined) continue;
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw new UsageError(
        `cannot create the --${flag} directory "${dir}": ${(error as Error).message}`,
        plan.command,
      );
    }
  }
}

function openJson(plan: BatchPlan, terminal: Terminal): JsonArrayWriter | undefined {
  const path = plan.config.json;
  if (path === undefined) return undefined;
  try {
    return new JsonArrayWriter(path, (text) => terminal.out(text));
  } catch (error) {
    throw new UsageError(`cannot write the --json file "${path}": ${(error as Error).message}`, plan.command);
  }
}

/**
 * Runs a batch: finds the inputs, starts one detector, processes the inputs `concurrency` at a time, reports
 * each (stderr for failures, then the table, JSON or JSON lines), disposes the detector, and returns the
 * exit status. A failing input never stops the batch. Usage problems throw {@link UsageError} before
 * anything runs.
 */
export async function runBatch(plan: BatchPlan, terminal: Terminal): Promise<number> {
  const { config } = plan;
  const { files, emptyDirectories } = await expandInputs(config.inputs);
  for (const dir of emptyDirectories) terminal.err(`mtcnn: no image files in ${dir}\n`);
  if (files.length === 0) throw new UsageError('no image files to process', plan.command);
  await prepareOutputDirectories(plan);
  const json = openJson(plan, terminal);

  let detector: NodeDetector | undefined;
  let worker: BatchWorker | undefined;
  try {
    if (plan.detect !== false) detector = await createDetector(config.detector);
    if (plan.start) worker = await plan.start();
  } catch (error) {
    await detector?.dispose();
    json?.close();
    if (config.json && config.json !== '-') await unlink(config.json).catch(() => undefined);
    const { code, message } = errorRecord('', error).error;
    const what = plan.detect !== false && !detector ? 'the detector' : 'the embedder';
    terminal.err(`mtcnn: could not start ${what}: ${message} [${code}]\n`);
    return EXIT_FAILED;
  }
  const step = worker?.step ?? plan.step;

  const started = performance.now();
  const fileOptions = detectFileOptions(config);
  const stems = outputStems(files);
  const records: InputRecord[] = new Array(files.length);
  const table =
    config.json === undefined && !config.jsonl
      ? new FaceTable(
          files,
          plan.tableCrops,
          plan.tableColumn,
          terminal.stdoutIsTerminal ? TERMINAL_FILE_WIDTH : Number.POSITIVE_INFINITY,
        )
      : undefined;
  // The table's rows say what failed and why; when they are on the terminal too, stderr need not repeat them.
  const reportOnStderr = !(table && terminal.stdoutIsTerminal);
  try {
    if (table) terminal.out(table.header());
    terminal.startProgress(files.length);
    await runOrdered(
      files.length,
      config.concurrency,
      async (i): Promise<InputRecord> => {
        const file = files[i]!;
        try {
          if (worker?.processFile) return await worker.processFile(file);
          const { image, format, record } = await detectFile(detector!, file, fileOptions);
          return step ? await step({ file, stem: stems[i]!, image, format, record }) : record;
        } catch (error) {
          return errorRecord(file, error);
        }
      },
      (record) => {
        terminal.tick();
        if (isErrorRecord(record)) {
          if (reportOnStderr)
            terminal.err(describeFailure(record.file, record.error.code, record.error.message));
        } else if (reportOnStderr && 'warnings' in record) {
          for (const warning of record.warnings ?? [])
            terminal.err(`mtcnn: ${inputName(record.file)}: ${warning}\n`);
        }
        if (config.jsonl) terminal.out(`${JSON.stringify(record)}\n`);
      },
      (record, i) => {
        records[i] = record;
        json?.add(record);
        if (table) terminal.out(table.rows(record));
      },
    );
  } finally {
    terminal.finishProgress();
    // Disposed first: closing the JSON file can throw (a full disk), and the sessions must go regardless.
    await worker?.dispose();
    await detector?.dispose();
    json?.close();
  }
  const summary = summaryLine(records, (performance.now() - started) / MS_PER_SECOND);
  if (table) terminal.out(summary);
  else if (terminal.stderrIsTerminal) terminal.err(summary);
  return records.some(isErrorRecord) ? EXIT_FAILED : EXIT_OK;
}
