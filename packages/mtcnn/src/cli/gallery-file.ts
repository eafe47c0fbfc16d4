import { readFile, rename, writeFile } from 'node:fs/promises';
import { isMtcnnError } from '@mtcnn/core';
import { FaceGallery } from '@mtcnn/recognition/node';
import { type EmbedderName, embedderFor, embedderNameOfId } from './embedders.js';
import { WriteError } from './records.js';
import { UsageError } from './usage-error.js';

/**
 * Reads a gallery for `embedder`. Every problem is a {@link UsageError} (exit status 2, nothing processed): a
 * missing or malformed file, or a gallery made by another embedder, whose embeddings cannot be compared with
 * this one's; the message names the --embedder that made it when it is one of ours.
 */
export async function readGallery(
  path: string,
  embedder: EmbedderName,
  command: string,
): Promise<FaceGallery> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the --gallery file "${path}": ${(error as Error).message}`, command);
  }
  try {
    return FaceGallery.fromJSON(text, embedderFor(embedder));
  } catch (error) {
    if (!isMtcnnError(error)) throw error;
    if (error.code === 'GALLERY_MISMATCH') {
      const made = embedderNameOfId((JSON.parse(text) as { embedderId?: string }).embedderId ?? '');
      const hint = made ? `: it was made with --embedder ${made}, use that` : '';
      throw new UsageError(
        `the gallery "${path}" belongs to another embedder than --embedder ${embedder}${hint} [GALLERY_MISMATCH]\n${error.message}`,
        command,
      );
    }
    throw new UsageError(`the --gallery file "${path}" is not a usable gallery: ${error.message}`, command);
  }
}

/** Writes the gallery's JSON next to `path` and renames it into place, so a failed write leaves no half file. */
export async function writeGallery(gallery: FaceGallery, path: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(gallery.toJSON())}\n`);
    await rename(temporary, path);
  } catch (cause) {
    throw new WriteError(`cannot write the gallery ${path}: ${(cause as Error).message}`, { cause });
  }
}
