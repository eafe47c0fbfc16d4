import { stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Face } from '@mtcnn/core';
import type { NodeDetector } from '@mtcnn/core/node';
import {
  type DatasetReport,
  FaceGallery,
  type LabelledDataset,
  loadLabelledDataset,
  type NodeRecognizer,
} from '@mtcnn/recognition/node';
import { createDetector } from '../detector.js';
import { describeFailure } from './batch.js';
import { startRecognizer } from './embedders.js';
import { EXIT_FAILED, EXIT_OK } from './exit-codes.js';
import { writeGallery } from './gallery-file.js';
import { JsonArrayWriter } from './json-array.js';
import type { EnrollConfig } from './options.js';
import { type CliErrorCode, errorRecord } from './records.js';
import type { Terminal } from './terminal.js';
import { UsageError } from './usage-error.js';

/** One image of the dataset: enrolled (which face), or why not. `file` is the path under DATASET as given. */
export type EnrollImageRecord =
  | {
      readonly file: string;
      readonly label: string;
      readonly status: 'enrolled';
      /** Faces found; with several, the largest was enrolled (--multiple-faces largest). */
      readonly faces: number;
      readonly face: Face;
    }
  | { readonly file: string; readonly label: string; readonly status: 'no-face' }
  /** Several faces and --multiple-faces skip. */
  | { readonly file: string; readonly label: string; readonly status: 'skipped'; readonly faces: number }
  | {
      readonly file: string;
      readonly label: string;
      readonly error: { readonly code: CliErrorCode; readonly message: string };
    };

/** The last record: what was enrolled and what the dataset held that could not be used. */
export interface EnrollSummaryRecord {
  readonly dataset: string;
  /** The gallery file written; null when nothing could be enrolled. */
  readonly gallery: string | null;
  readonly embedder: string;
  readonly multipleFaces: 'largest' | 'skip';
  readonly images: number;
  readonly enrolled: number;
  /** Every person folder: images found and used. */
  readonly people: DatasetReport['people'];
  /** Labels with a single usable image (enrolled; nothing in the dataset checks them). */
  readonly singleImage: readonly string[];
  /** Labels with no usable image (not in the gallery). */
  readonly noUsableImage: readonly string[];
  /** Files not in a person's folder or not images by their extension. */
  readonly ignored: readonly string[];
}

const labelOf = (file: string) => file.split(/[\\/]/)[0]!;

/** Per-image records in file order, from the loader's samples and report. */
export function imageRecords(dataset: string, loaded: LabelledDataset): EnrollImageRecord[] {
  const { samples, report } = loaded;
  const records: EnrollImageRecord[] = [];
  for (const s of samples) {
    records.push({
      file: join(dataset, s.file),
      label: s.label,
      status: 'enrolled',
      faces: s.facesFound,
      face: s.face,
    });
  }
  for (const file of report.noFace)
    records.push({ file: join(dataset, file), label: labelOf(file), status: 'no-face' });
  for (const m of report.multipleFaces) {
    if (m.action === 'skipped') {
      records.push({
        file: join(dataset, m.file),
        label: labelOf(m.file),
        status: 'skipped',
        faces: m.faces,
      });
    }
  }
  for (const f of report.failed) {
    const error = { code: f.code as CliErrorCode, message: f.message };
    records.push({ file: join(dataset, f.file), label: labelOf(f.file), error });
  }
  return records.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** The report on stderr: one line per thing that could not be used as it was. */
function reportLines(dataset: string, report: DatasetReport, policy: 'largest' | 'skip'): string[] {
  const lines: string[] = [];
  for (const f of report.failed) lines.push(describeFailure(join(dataset, f.file), f.code, f.message));
  for (const file of report.noFace)
    lines.push(`mtcnn: no face found in ${join(dataset, file)}: not enrolled\n`);
  for (const m of report.multipleFaces) {
    const action = m.action === 'largest' ? 'enrolled the largest' : 'skipped';
    lines.push(
      `mtcnn: ${m.faces} faces in ${join(dataset, m.file)}: ${action} (--multiple-faces ${policy})\n`,
    );
  }
  for (const label of report.singleImage) {
    lines.push(`mtcnn: ${label} has a single usable image: enrolled, but nothing in the dataset checks it\n`);
  }
  for (const label of report.noUsableImage) lines.push(`mtcnn: ${label} has no usable image: not enrolled\n`);
  for (const file of report.ignored) {
    lines.push(`mtcnn: ignored ${join(dataset, file)}: not an image in a person's folder\n`);
  }
  return lines;
}

/**
 * `mtcnn enroll DATASET --gallery FILE`: a folder per person, every image detected and one face embedded
 * (@mtcnn/recognition's loadLabelledDataset), enrolled into a gallery written as JSON. What could not be used is
 * reported on stderr and in the records; unreadable images make the exit status 1, as failed inputs do.
 */
export async function enrollCommand(config: EnrollConfig, terminal: Terminal): Promise<number> {
  const { dataset } = config;
  const isDirectory = await stat(dataset).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDirectory) {
    throw new UsageError(
      `DATASET "${dataset}" is not a folder (one sub-folder of images per person)`,
      'enroll',
    );
  }
  let json: JsonArrayWriter | undefined;
  if (config.json !== undefined) {
    try {
      json = new JsonArrayWriter(config.json, (text) => terminal.out(text));
    } catch (error) {
      throw new UsageError(
        `cannot write the --json file "${config.json}": ${(error as Error).message}`,
        'enroll',
      );
    }
  }
  const emit = (record: object) => {
    json?.add(record);
    if (config.jsonl) terminal.out(`${JSON.stringify(record)}\n`);
  };

  let detector: NodeDetector | undefined;
  let recognizer: NodeRecognizer | undefined;
  try {
    detector = await createDetector(config.detector);
    recognizer = await startRecognizer(config.embedder, { detectorOptions: config.detector, detector });
  } catch (error) {
    await detector?.dispose();
    json?.close();
    if (config.json && config.json !== '-') await unlink(config.json).catch(() => undefined);
    const { code, message } = errorRecord('', error).error;
    terminal.err(`mtcnn: could not start the ${detector ? 'embedder' : 'detector'}: ${message} [${code}]\n`);
    return EXIT_FAILED;
  }

  let loaded: LabelledDataset;
  try {
    let progressStarted = false;
    loaded = await loadLabelledDataset(dataset, {
      recognizer,
      multipleFaces: config.multipleFaces,
      concurrency: config.concurrency,
      onImage: ({ total }) => {
        // The total is known once the loader has walked the folders: the bar starts with the first image.
        if (!progressStarted) terminal.startProgress(total);
        progressStarted = true;
        terminal.tick();
      },
    });
  } finally {
    terminal.finishProgress();
    await recognizer.dispose();
    await detector.dispose();
  }
  const { report } = loaded;
  if (report.images === 0) {
    json?.close();
    throw new UsageError(
      `no images in the person folders of ${dataset} (DATASET/<person>/<images>)`,
      'enroll',
    );
  }

  for (const line of reportLines(dataset, report, config.multipleFaces)) terminal.err(line);
  for (const record of imageRecords(dataset, loaded)) emit(record);

  const gallery = new FaceGallery(recognizer.embedder);
  gallery.enrollAll(loaded.samples);
  let written = false;
  let writeFailure: string | undefined;
  if (gallery.size > 0) {
    try {
      await writeGallery(gallery, config.gallery);
      written = true;
    } catch (error) {
      writeFailure = (error as Error).message;
    }
  }
  const summary: EnrollSummaryRecord = {
    dataset,
    gallery: written ? config.gallery : null,
    embedder: recognizer.embedder.id,
    multipleFaces: config.multipleFaces,
    images: report.images,
    enrolled: report.used,
    people: report.people,
    singleImage: report.singleImage,
    noUsableImage: report.noUsableImage,
    ignored: report.ignored,
  };
  emit(summary);
  json?.close();

  if (writeFailure) terminal.err(`mtcnn: ${writeFailure} [WRITE_FAILED]\n`);
  else if (!written) terminal.err(`mtcnn: no face could be enrolled from ${dataset}: no gallery written\n`);
  const enrolledPeople = report.people.filter((p) => p.used > 0).length;
  const line =
    `${report.used} of ${report.images} images enrolled, ${enrolledPeople} ${enrolledPeople === 1 ? 'person' : 'people'}` +
    `${written ? ` → ${config.gallery} (${recognizer.embedder.id})` : ''}\n`;
  if (config.json === undefined && !config.jsonl) terminal.out(line);
  else terminal.err(line);
  return written && report.failed.length === 0 ? EXIT_OK : EXIT_FAILED;
}
