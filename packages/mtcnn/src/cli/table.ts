import type { Face } from '@mtcnn/core';
import { type ImageRecord, type InputRecord, isAlignedRecord, isErrorRecord } from './records.js';

/**
 * On a terminal, file names longer than this are shortened from the left, where paths repeat, so that rows fit
 * a line; written to a file or a pipe, they are kept whole (something may read them).
 */
export const TERMINAL_FILE_WIDTH = 40;
const NUMBER_WIDTH = 8;
const FACE_WIDTH = 4;
const SCORE_WIDTH = 6;
const SCORE_DECIMALS = 4;
const COORDINATE_DECIMALS = 1;
const GAP = '  ';

function fit(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `…${text.slice(text.length - width + 1)}`;
}

const num = (v: number) => v.toFixed(COORDINATE_DECIMALS).padStart(NUMBER_WIDTH);

/**
 * The readable output of `mtcnn detect` and `mtcnn align`: one row per face, numbered from 1 (score, box, and
 * for align the crop written), a row per image without faces (with the warning that says why, if any) or that
 * failed, and a summary line.
 */
export class FaceTable {
  private readonly fileWidth: number;

  constructor(
    files: readonly string[],
    private readonly withCrops = false,
    /** One more column: identify's names, embed's embedding sizes. */
    private readonly extra?: {
      readonly title: string;
      readonly cell: (record: ImageRecord, face: number) => string;
    },
    /** The widest file column, longer names shortened (see {@link TERMINAL_FILE_WIDTH}); Infinity: no limit. */
    maxFileWidth = TERMINAL_FILE_WIDTH,
  ) {
    this.fileWidth = Math.min(maxFileWidth, Math.max(4, ...files.map((f) => f.length)));
  }

  header(): string {
    const cols = [
      'FILE'.padEnd(this.fileWidth),
      'FACE'.padStart(FACE_WIDTH),
      'SCORE'.padEnd(SCORE_WIDTH),
      ...['X', 'Y', 'WIDTH', 'HEIGHT'].map((c) => c.padStart(NUMBER_WIDTH)),
    ];
    if (this.withCrops) cols.push('CROP');
    if (this.extra) cols.push(this.extra.title);
    return `${cols.join(GAP)}\n`;
  }

  rows(record: InputRecord): string {
    const file = fit(record.file, this.fileWidth);
    if (isErrorRecord(record)) return `${file}${GAP}error ${record.error.code}: ${record.error.message}\n`;
    if (isAlignedRecord(record)) return `${file}${GAP}embedding of ${record.embedding.length} values\n`;
    if (record.faces.length === 0) {
      const why = record.warnings?.length
        ? `: ${record.warnings.join('; ')}`
        : ` (${record.width}×${record.height})`;
      return `${file}${GAP}${'-'.padStart(FACE_WIDTH)}${GAP}no faces${why}\n`;
    }
    return record.faces
      .map((face: Face, k) => {
        const { x, y, width, height } = face.box;
        const cols = [
          k === 0 ? file : ' '.repeat(this.fileWidth),
          // Numbered from 1, as the drawings and the playground number them.
          String(k + 1).padStart(FACE_WIDTH),
          face.score.toFixed(SCORE_DECIMALS),
          num(x),
          num(y),
          num(width),
          num(height),
        ];
        if (this.withCrops) cols.push(record.crops?.find((c) => c.face === k)?.path ?? '-');
        if (this.extra) cols.push(this.extra.cell(record, k));
        return `${cols.join(GAP)}\n`;
      })
      .join('');
  }
}

/** `6 images, 23 faces, 1 failed in 4.2 s` */
export function summaryLine(records: readonly InputRecord[], seconds: number): string {
  const failed = records.filter(isErrorRecord).length;
  const faces = records.reduce((n, r) => n + ('faces' in r ? r.faces.length : isAlignedRecord(r) ? 1 : 0), 0);
  const images = records.length === 1 ? 'image' : 'images';
  return `${records.length} ${images}, ${faces} ${faces === 1 ? 'face' : 'faces'}, ${failed} failed in ${seconds.toFixed(1)} s\n`;
}
