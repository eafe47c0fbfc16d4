// What the Recognise view keeps in IndexedDB and how it reads it back: the gallery's JSON with the model id
// beside it, so that a gallery made by another embedder is refused (its embeddings live in another space).
import type { EmbedderDescriptor, Face } from '@mtcnn/core';
import { FaceGallery, type IdentityMatch } from '@mtcnn/recognition';

/** One stored gallery. */
export interface GalleryRecord {
  /** The embedder the gallery was made with (also inside `gallery`; kept here to refuse without parsing). */
  readonly modelId: string;
  /** `FaceGallery.toJSON()` as text. */
  readonly gallery: string;
  readonly savedAt: string;
}

export type RestoredGallery =
  | { readonly gallery: FaceGallery; readonly refused?: undefined }
  | { readonly gallery?: undefined; readonly refused: string };

export function galleryRecord(gallery: FaceGallery, now = new Date()): GalleryRecord {
  return { modelId: gallery.embedder.id, gallery: JSON.stringify(gallery), savedAt: now.toISOString() };
}

/**
 * The stored gallery for this embedder, or why it is refused: made by another model (never used then, even if
 * its vectors have the right size) or unreadable.
 */
export function restoreGallery(record: GalleryRecord, embedder: EmbedderDescriptor): RestoredGallery {
  if (record.modelId !== embedder.id) {
    return {
      refused:
        `The stored gallery was made with model ${record.modelId}, not ${embedder.id}: its faces cannot be ` +
        'compared with this model, so it is not used. Enrol again to replace it.',
    };
  }
  try {
    return { gallery: FaceGallery.fromJSON(record.gallery, embedder) };
  } catch (error) {
    return { refused: `The stored gallery could not be read (${(error as Error).message}); it is not used.` };
  }
}

/** The face to enrol from a picture: the largest box (the person the picture is of, in most pictures). */
export function largestFace<T extends { readonly face: Face }>(faces: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const f of faces) {
    if (!best || f.face.box.width * f.face.box.height > best.face.box.width * best.face.box.height) best = f;
  }
  return best;
}

/** The label drawn over a face: the name (or "unknown") and the similarity to the nearest identity. */
export function matchLabel(match: IdentityMatch): string {
  const name = match.label ?? 'unknown';
  return Number.isFinite(match.similarity) ? `${name} · ${match.similarity.toFixed(2)}` : name;
}
