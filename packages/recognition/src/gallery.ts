import { type EmbedderDescriptor, MtcnnError } from '@mtcnn/core';
import { checkDescriptor } from './descriptor.js';
import { type Identity, identitySimilarity, openSetMatch } from './identities.js';
import type {
  FaceGalleryJson,
  FaceGalleryOptions,
  IdentityMatch,
  IdentityScoring,
  LabelledEmbedding,
  MatchOptions,
} from './types.js';
import { checkThreshold, l2Normalize } from './vectors.js';

export const GALLERY_FORMAT = 'mtcnn-face-gallery';
export const GALLERY_VERSION = 1;

function checkLabel(label: string): string {
  if (typeof label !== 'string' || label.trim() === '') {
    throw new MtcnnError(
      'INVALID_OPTION',
      `a label must be a non-empty string, got ${JSON.stringify(label)}`,
    );
  }
  return label;
}

function checkScoring(scoring: unknown): IdentityScoring {
  if (scoring !== 'centroid' && scoring !== 'nearest') {
    throw new MtcnnError('INVALID_OPTION', `scoring must be 'centroid' or 'nearest', got ${String(scoring)}`);
  }
  return scoring;
}

/**
 * Labelled embeddings of one embedder, matched with an open-set answer: the nearest identity when it is within
 * the embedder's calibrated threshold, 'unknown' (label undefined) otherwise, with the margin to the second
 * identity. Saved and loaded as JSON that names the embedder, so a gallery made by another model is refused.
 */
export class FaceGallery {
  /** The embedder the embeddings belong to. */
  readonly embedder: EmbedderDescriptor;
  readonly scoring: IdentityScoring;
  readonly #identities = new Map<string, Identity>();

  constructor(embedder: EmbedderDescriptor, options: FaceGalleryOptions = {}) {
    this.embedder = checkDescriptor(embedder);
    this.scoring = checkScoring(options.scoring ?? 'centroid');
  }

  /** The enrolled labels, in the order they were first enrolled. */
  get identities(): string[] {
    return [...this.#identities.keys()];
  }

  /** Embeddings enrolled, over every identity. */
  get size(): number {
    let n = 0;
    for (const identity of this.#identities.values()) n += identity.embeddings.length;
    return n;
  }

  /** The unit-length embeddings enrolled under `label` (empty if none). */
  embeddingsOf(label: string): readonly Float32Array[] {
    return this.#identities.get(label)?.embeddings ?? [];
  }

  /**
   * Adds one or more embeddings of this embedder under `label` (stored normalised). INVALID_OPTION for an empty
   * label or an embedding of the wrong size or with non-finite values; nothing is added then.
   */
  enroll(label: string, embeddings: ArrayLike<number> | readonly ArrayLike<number>[]): void {
    checkLabel(label);
    const list = isVectorList(embeddings) ? embeddings : [embeddings as ArrayLike<number>];
    if (list.length === 0) throw new MtcnnError('INVALID_OPTION', `no embedding to enrol for ${label}`);
    const units = list.map((e, i) => this.#unit(e, `embedding ${i} of ${label}`));
    const identity = this.#identities.get(label);
    if (identity) {
      identity.embeddings.push(...units);
      identity.centroid = undefined;
    } else {
      this.#identities.set(label, { label, embeddings: units });
    }
  }

  /** Enrols every labelled embedding (for example a dataset's samples). */
  enrollAll(samples: readonly LabelledEmbedding[]): void {
    for (const s of samples) checkLabel(s?.label);
    const byLabel = new Map<string, ArrayLike<number>[]>();
    for (const s of samples) byLabel.set(s.label, [...(byLabel.get(s.label) ?? []), s.embedding]);
    // Every embedding is checked before any is added, so a bad one leaves the gallery as it was.
    for (const [label, list] of byLabel) {
      for (const [i, e] of list.entries()) this.#unit(e, `embedding ${i} of ${label}`);
    }
    for (const [label, list] of byLabel) this.enroll(label, list);
  }

  /** Forgets `label`; true if it was enrolled. */
  remove(label: string): boolean {
    return this.#identities.delete(label);
  }

  /**
   * Who `embedding` is: the nearest identity if it is within the threshold (the embedder's calibrated one unless
   * `options.threshold`), else label undefined ('unknown'); always the nearest identity, its similarity and
   * distance, and the margin to the second nearest. An empty gallery answers unknown.
   */
  match(embedding: ArrayLike<number>, options: MatchOptions = {}): IdentityMatch {
    const { metric } = this.embedder;
    const threshold = checkThreshold(options.threshold ?? this.embedder.threshold, metric);
    const probe = this.#unit(embedding, 'the probe embedding');
    const scored = [...this.#identities.values()].map((identity) => ({
      label: identity.label,
      similarity: identitySimilarity(identity, probe, this.scoring),
    }));
    return openSetMatch(scored, metric, threshold);
  }

  /** The gallery as JSON-ready data: format, version, the embedder's id, size and metric, and every embedding. */
  toJSON(): FaceGalleryJson {
    return {
      format: GALLERY_FORMAT,
      version: GALLERY_VERSION,
      embedderId: this.embedder.id,
      embeddingSize: this.embedder.embeddingSize,
      metric: this.embedder.metric,
      scoring: this.scoring,
      identities: [...this.#identities.values()].map((identity) => ({
        label: identity.label,
        embeddings: identity.embeddings.map((e) => Array.from(e)),
      })),
    };
  }

  /**
   * A gallery from `toJSON()`'s data (or its JSON text), for `embedder`. GALLERY_MISMATCH when it was made with
   * another embedder (id, embedding size or metric): its embeddings live in another space, so re-enrol the
   * identities with this one. INVALID_OPTION when it is not a gallery of a format this version reads.
   */
  static fromJSON(json: string | FaceGalleryJson, embedder: EmbedderDescriptor): FaceGallery {
    let data: FaceGalleryJson;
    try {
      data = typeof json === 'string' ? (JSON.parse(json) as FaceGalleryJson) : json;
    } catch (cause) {
      throw new MtcnnError('INVALID_OPTION', `the gallery is not valid JSON: ${(cause as Error).message}`, {
        cause,
      });
    }
    if (data === null || typeof data !== 'object' || data.format !== GALLERY_FORMAT) {
      throw new MtcnnError('INVALID_OPTION', `not a face gallery (format must be '${GALLERY_FORMAT}')`);
    }
    if (data.version !== GALLERY_VERSION) {
      throw new MtcnnError(
        'INVALID_OPTION',
        `face gallery version ${String(data.version)} is not supported (this version reads ${GALLERY_VERSION})`,
      );
    }
    const gallery = new FaceGallery(embedder, { scoring: data.scoring });
    const own = gallery.embedder;
    if (
      data.embedderId !== own.id ||
      data.embeddingSize !== own.embeddingSize ||
      data.metric !== own.metric
    ) {
      throw new MtcnnError(
        'GALLERY_MISMATCH',
        `this gallery was made with embedder ${String(data.embedderId)} (${String(data.embeddingSize)}-d, ` +
          `${String(data.metric)}), not ${own.id} (${own.embeddingSize}-d, ${own.metric}): embeddings of ` +
          `different models cannot be compared; enrol the identities again with ${own.id}`,
      );
    }
    if (!Array.isArray(data.identities)) {
      throw new MtcnnError('INVALID_OPTION', 'the gallery has no identities array');
    }
    for (const identity of data.identities) {
      if (!Array.isArray(identity?.embeddings)) {
        throw new MtcnnError('INVALID_OPTION', `identity ${String(identity?.label)} has no embeddings array`);
      }
      gallery.enroll(identity.label, identity.embeddings);
    }
    return gallery;
  }

  #unit(embedding: ArrayLike<number>, what: string): Float32Array {
    const size = this.embedder.embeddingSize;
    if (embedding === null || typeof embedding !== 'object' || embedding.length !== size) {
      throw new MtcnnError(
        'INVALID_OPTION',
        `${what} must have ${size} values (embedder ${this.embedder.id}), got ` +
          `${embedding && typeof embedding === 'object' ? embedding.length : String(embedding)}`,
      );
    }
    return l2Normalize(embedding);
  }
}

/** True for a list of vectors, false for one vector (numbers). */
function isVectorList(
  value: ArrayLike<number> | readonly ArrayLike<number>[],
): value is readonly ArrayLike<number>[] {
  return Array.isArray(value) && value.length > 0 && typeof value[0] === 'object';
}
