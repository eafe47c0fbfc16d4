import { writeFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { Face } from '@mtcnn/core';
import type { NodeDetector } from '@mtcnn/core/node';
import type { NodeRecognizer } from '@mtcnn/recognition/node';
import { createDetector } from '../detector.js';
import { describeFailure } from './batch.js';
import { type DetectFileOptions, detectFile, detectFileOptions } from './detect-file.js';
import { startRecognizer } from './embedders.js';
import { EXIT_FAILED, EXIT_OK } from './exit-codes.js';
import type { VerifyConfig } from './options.js';
import { CliError, type ErrorRecord, errorRecord } from './records.js';
import type { Terminal } from './terminal.js';
import { UsageError } from './usage-error.js';

/** One side of a comparison: the face compared (the highest-scoring one), or why there is none. */
export type VerifySide = { readonly file: string; readonly face: Face; readonly faces: number } | ErrorRecord;

/** verify's record: both sides and, when both have a face, the verdict. */
export interface VerifyRecord {
  readonly a: VerifySide;
  readonly b: VerifySide;
  readonly same?: boolean;
  readonly similarity?: number;
  readonly distance?: number;
  readonly metric?: string;
  readonly threshold?: number;
}

const DECIMALS = 3;

async function bestFace(
  detector: NodeDetector,
  recognizer: NodeRecognizer,
  file: string,
  options: DetectFileOptions,
): Promise<{ side: VerifySide; embedding?: Float32Array }> {
  try {
    const { image, record } = await detectFile(detector, file, options);
    // Faces come highest score first: the first is the one a two-photo comparison is about.
    const face = record.faces[0];
    if (!face) throw new CliError('NO_FACE', `${file}: no face found`);
    const [embedded] = await recognizer.embedFaces(image, [face]);
    return { side: { file, face, faces: record.faces.length }, embedding: embedded!.embedding };
  } catch (error) {
    return { side: errorRecord(file, error) };
  }
}

/** `same person (similarity 0.812 ≥ 0.400; distance 0.613)` */
function verdictLine(record: Required<VerifyRecord>): string {
  const cosine = record.metric === 'cosine';
  const score = cosine
    ? `similarity ${record.similarity.toFixed(DECIMALS)}`
    : `distance ${record.distance.toFixed(DECIMALS)}`;
  const other = cosine
    ? `distance ${record.distance.toFixed(DECIMALS)}`
    : `similarity ${record.similarity.toFixed(DECIMALS)}`;
  const relation = cosine ? (record.same ? '≥' : '<') : record.same ? '≤' : '>';
  return `${record.same ? 'same person' : 'different people'} (${score} ${relation} threshold ${record.threshold}; ${other})\n`;
}

/**
 * `mtcnn verify A B`: the best face of each image, embedded and compared on the embedder's metric. Exit status 0
 * whenever the comparison ran (the verdict is the output, not the status), 1 when an input failed.
 */
export async function verifyCommand(config: VerifyConfig, terminal: Terminal): Promise<number> {
  const [fileA, fileB] = config.inputs as [string, string];
  if (config.json !== undefined && config.json !== '-') {
    // Found before any model loads, as a usage error like detect's.
    try {
      writeFileSync(config.json, '');
    } catch (error) {
      throw new UsageError(
        `cannot write the --json file "${config.json}": ${(error as Error).message}`,
        'verify',
      );
    }
  }
  let detector: NodeDetector | undefined;
  let recognizer: NodeRecognizer | undefined;
  try {
    detector = await createDetector(config.detector);
    recognizer = await startRecognizer(config.embedder, { detectorOptions: config.detector });
  } catch (error) {
    await detector?.dispose();
    // The --json file was created to check it early; nothing will go in it.
    if (config.json !== undefined && config.json !== '-') await unlink(config.json).catch(() => undefined);
    const { code, message } = errorRecord('', error).error;
    terminal.err(`mtcnn: could not start the ${detector ? 'embedder' : 'detector'}: ${message} [${code}]\n`);
    return EXIT_FAILED;
  }
  let record: VerifyRecord;
  try {
    const [a, b] = await Promise.all(
      [fileA, fileB].map((file) => bestFace(detector, recognizer, file, detectFileOptions(config))),
    );
    record = { a: a!.side, b: b!.side };
    if (a!.embedding && b!.embedding) {
      const v = recognizer.verify(
        a!.embedding,
        b!.embedding,
        config.threshold === undefined ? {} : { threshold: config.threshold },
      );
      record = {
        ...record,
        same: v.same,
        similarity: v.similarity,
        distance: v.distance,
        metric: v.metric,
        threshold: v.threshold,
      };
    }
  } finally {
    await recognizer.dispose();
    await detector.dispose();
  }
  for (const side of [record.a, record.b]) {
    if ('error' in side) terminal.err(describeFailure(side.file, side.error.code, side.error.message));
  }
  const line = `${JSON.stringify(record)}\n`;
  if (config.jsonl || config.json === '-') terminal.out(line);
  else if (config.json !== undefined) writeFileSync(config.json, line);
  else if (record.same !== undefined) terminal.out(verdictLine(record as Required<VerifyRecord>));
  return record.same === undefined ? EXIT_FAILED : EXIT_OK;
}
