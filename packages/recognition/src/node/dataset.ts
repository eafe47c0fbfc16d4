// A folder-per-person dataset (DIR/<person>/<images>), as facenet's classifier.py reads one: every image detected,
// one face chosen, embedded; and a structured report of what could not be used.
import { readdir } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { type DetectOptions, type Face, isMtcnnError, MtcnnError } from '@mtcnn/core';
import type { NodeImageInput } from '@mtcnn/core/node';
import type { LabelledEmbedding, Recognizer } from '../types.js';

/** Image files read from each person's folder (in any letter case), as the mtcnn command's. */
export const DATASET_IMAGE_EXTENSIONS: readonly string[] = [
  'jpg',
  'jpeg',
  'png',
  'webp',
  'gif',
  'tif',
  'tiff',
  'avif',
];

export interface LoadDatasetOptions {
  /** Detects and embeds (a recognizer created with a detector, from this entry so that files decode). */
  readonly recognizer: Recognizer<NodeImageInput>;
  /**
   * An image with several faces: 'largest' (default) embeds the face with the largest box, as facenet's
   * align_dataset_mtcnn keeps one face per image (a labelled photo is usually a portrait, the others bystanders);
   * 'skip' leaves the image out. Either way the image is listed in the report.
   */
  readonly multipleFaces?: 'largest' | 'skip';
  /** Per-call detection options (minFaceSize…) for every image. */
  readonly detectOptions?: DetectOptions;
  /** Images in flight at once (default 2). */
  readonly concurrency?: number;
  /** Called after each image, in the order they finish. */
  readonly onImage?: (progress: {
    readonly done: number;
    readonly total: number;
    readonly file: string;
  }) => void;
}

/** One usable image: its person, file, chosen face and embedding. */
export interface DatasetSample extends LabelledEmbedding {
  /** Path relative to the dataset's folder. */
  readonly file: string;
  readonly face: Face;
  /** Faces found in the image (1, or more when `multipleFaces` is 'largest'). */
  readonly facesFound: number;
}

/** What the dataset held and what could not be used, for the caller to print or act on. */
export interface DatasetReport {
  readonly root: string;
  /** Every person folder: images found and used. Sorted by label. */
  readonly people: readonly { readonly label: string; readonly images: number; readonly used: number }[];
  readonly images: number;
  readonly used: number;
  /** Images in which no face was found (relative paths). */
  readonly noFace: readonly string[];
  /** Images with several faces, their count, and what was done ('largest' embedded, or 'skipped'). */
  readonly multipleFaces: readonly {
    readonly file: string;
    readonly faces: number;
    readonly action: 'largest' | 'skipped';
  }[];
  /** Images that could not be read or embedded, with the MtcnnError's code and message. */
  readonly failed: readonly { readonly file: string; readonly code: string; readonly message: string }[];
  /** People with exactly one usable image: they can be enrolled, but nothing can check them. */
  readonly singleImage: readonly string[];
  /** People with no usable image at all. */
  readonly noUsableImage: readonly string[];
  /** Files directly in the dataset's folder (not in a person's folder) or not images by their extension. */
  readonly ignored: readonly string[];
}

export interface LabelledDataset {
  /** Usable images, sorted by label then file: enrol them (`gallery.enrollAll`) or train on them. */
  readonly samples: readonly DatasetSample[];
  readonly report: DatasetReport;
}

const area = (face: Face) => face.box.width * face.box.height;

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/**
 * Reads `dir` as one folder per person (the folder name is the label; images anywhere below it), detects and
 * embeds one face per image, and reports the images without a face, with several faces, that failed, and the people
 * with a single image or none. INVALID_OPTION when `dir` cannot be read or the recognizer has no detector.
 */
export async function loadLabelledDataset(
  dir: string,
  options: LoadDatasetOptions,
): Promise<LabelledDataset> {
  const { recognizer } = options ?? {};
  if (!recognizer || typeof recognizer.detectAndEmbed !== 'function') {
    throw new MtcnnError(
      'INVALID_OPTION',
      'loadLabelledDataset needs options.recognizer (created with a detector)',
    );
  }
  const multiple = options.multipleFaces ?? 'largest';
  if (multiple !== 'largest' && multiple !== 'skip') {
    throw new MtcnnError(
      'INVALID_OPTION',
      `multipleFaces must be 'largest' or 'skip', got ${String(multiple)}`,
    );
  }
  const concurrency = options.concurrency ?? 2;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new MtcnnError(
      'INVALID_OPTION',
      `concurrency must be a positive integer, got ${String(concurrency)}`,
    );
  }
  let files: string[];
  try {
    files = await walk(dir);
  } catch (cause) {
    throw new MtcnnError(
      'INVALID_OPTION',
      `cannot read the dataset folder ${dir}: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  const extensions = new Set(DATASET_IMAGE_EXTENSIONS);
  const ignored: string[] = [];
  const images: { file: string; path: string; label: string }[] = [];
  const people = new Map<string, { images: number; used: number }>();
  for (const path of files) {
    const file = relative(dir, path);
    const parts = file.split(sep);
    if (parts.length < 2 || !extensions.has(extname(path).slice(1).toLowerCase())) {
      ignored.push(file);
      continue;
    }
    const label = parts[0]!;
    images.push({ file, path, label });
    const person = people.get(label) ?? { images: 0, used: 0 };
    person.images++;
    people.set(label, person);
  }

  const samples: DatasetSample[] = [];
  const noFace: string[] = [];
  const multipleFaces: { file: string; faces: number; action: 'largest' | 'skipped' }[] = [];
  const failed: { file: string; code: string; message: string }[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < images.length) {
      const image = images[next++]!;
      try {
        const found = await recognizer.detectAndEmbed(image.path, options.detectOptions);
        if (found.length === 0) {
          noFace.push(image.file);
        } else if (found.length > 1 && multiple === 'skip') {
          multipleFaces.push({ file: image.file, faces: found.length, action: 'skipped' });
        } else {
          if (found.length > 1)
            multipleFaces.push({ file: image.file, faces: found.length, action: 'largest' });
          const chosen = found.reduce((a, b) => (area(b.face) > area(a.face) ? b : a));
          samples.push({
            label: image.label,
            file: image.file,
            face: chosen.face,
            embedding: chosen.embedding,
            facesFound: found.length,
          });
          people.get(image.label)!.used++;
        }
      } catch (error) {
        // Unreadable or broken files are reported and the rest goes on; anything else is a real failure.
        if (!isMtcnnError(error) || error.code === 'RECOGNIZER_DISPOSED') throw error;
        failed.push({ file: image.file, code: error.code, message: error.message });
      }
      options.onImage?.({ done: ++done, total: images.length, file: image.file });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, images.length) }, worker));

  const byFile = (a: { file: string }, b: { file: string }) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
  samples.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : byFile(a, b)));
  noFace.sort();
  multipleFaces.sort(byFile);
  failed.sort(byFile);
  const perPerson = [...people]
    .map(([label, p]) => ({ label, ...p }))
    .sort((a, b) => (a.label < b.label ? -1 : 1));
  return {
    samples,
    report: {
      root: dir,
      people: perPerson,
      images: images.length,
      used: samples.length,
      noFace,
      multipleFaces,
      failed,
      singleImage: perPerson.filter((p) => p.used === 1).map((p) => p.label),
      noUsableImage: perPerson.filter((p) => p.used === 0).map((p) => p.label),
      ignored,
    },
  };
}
