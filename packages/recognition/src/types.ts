// The public shapes of @mtcnn/recognition: model options apart from per-call options, as the detector's.
import type {
  Backend,
  DetectOptions,
  Detector,
  Embedder,
  EmbedderDescriptor,
  EmbedderMetric,
  Face,
  ImageDecoder,
  ImageInput,
  RgbImage,
} from '@mtcnn/core';

/** Model-level options of {@link createRecognizer}. */
export interface RecognizerOptions {
  /** The embedder: a descriptor with its model (for example `mobilefacenet()` of @mtcnn/mobilefacenet). */
  readonly embedder: Embedder;
  /** Backend for the embedder's model, unless the embedder names its own. */
  readonly backend?: Backend;
  /** Finds the faces for `detectAndEmbed` (a detector whose last stage gives the five landmarks: onet). */
  readonly detector?: Detector;
  /**
   * Flip fusion: embed each crop and its mirror image, add the two and normalise. Off by default: on the sample
   * photos it did not separate people better (the package README gives the measurement); it doubles the work.
   */
  readonly flip?: boolean;
  /** Most crops in one model run (default 32). A call with more crops runs several batches. */
  readonly batchSize?: number;
  /** Extra input decoding for `detectAndEmbed` (the Node entry plugs in sharp for paths and encoded bytes). */
  readonly decodeImage?: ImageDecoder;
}

/** One face and its embedding. */
export interface EmbeddedFace {
  /** The face as given (or as detected), with its box, score and landmarks. */
  readonly face: Face;
  /** Unit length (L2-normalised), `embedder.embeddingSize` values. */
  readonly embedding: Float32Array;
}

/** How alike two embeddings are, on both scales, and the decision on the embedder's metric. */
export interface Comparison {
  /** Cosine similarity of the unit vectors, in [−1, 1]: higher is more alike. */
  readonly similarity: number;
  /** Euclidean distance between the unit vectors, in [0, 2]: lower is more alike (d² = 2 − 2·similarity). */
  readonly distance: number;
}

/** The answer of {@link Recognizer.verify}. */
export interface Verification extends Comparison {
  /** Same person: similarity ≥ threshold (metric 'cosine') or distance ≤ threshold (metric 'euclidean'). */
  readonly same: boolean;
  readonly metric: EmbedderMetric;
  readonly threshold: number;
}

/** Per-call options of {@link Recognizer.verify}. */
export interface VerifyOptions {
  /** Overrides the embedder's calibrated threshold, on its metric's scale. */
  readonly threshold?: number;
}

/**
 * Detects, aligns and embeds faces with one embedder. `Input`: what `detectAndEmbed` takes (the Node entry's also
 * takes file paths and encoded bytes).
 */
export interface Recognizer<Input = ImageInput> {
  /** The embedder's descriptor (id, input size, metric, calibrated threshold…). */
  readonly embedder: EmbedderDescriptor;
  /**
   * Embeds the given faces of `image`: each is aligned with its five landmarks to the embedder's template (core's
   * `alignFace`), the crops run in batches, and each output is L2-normalised. Same order as `faces`. A face
   * without landmarks is INVALID_OPTION; an image that is not RGB pixels, INVALID_IMAGE.
   */
  embedFaces(image: RgbImage, faces: readonly Face[]): Promise<EmbeddedFace[]>;
  /**
   * Detects the faces of `image` with the recognizer's `detector` (INVALID_OPTION without one), then embeds them
   * all, highest detection score first. Takes what `readImage` takes (paths and bytes too from the Node entry).
   */
  detectAndEmbed(image: Input, options?: DetectOptions): Promise<EmbeddedFace[]>;
  /**
   * Embeds crops that are already aligned to the embedder's template: RGB, `inputSize` × `inputSize`
   * (INVALID_IMAGE otherwise). One unit-length embedding per crop, in order.
   */
  embedAligned(crops: readonly RgbImage[]): Promise<Float32Array[]>;
  /** Both scales of two embeddings (normalised here if they are not of unit length). */
  similarity(a: Float32Array, b: Float32Array): Comparison;
  /** Same person or not, on the embedder's metric and threshold. */
  verify(a: Float32Array, b: Float32Array, options?: VerifyOptions): Verification;
  /** Releases the model's session. Waits for calls in flight; later calls throw RECOGNIZER_DISPOSED. */
  dispose(): Promise<void>;
}

/** A labelled embedding: what galleries enrol and classifiers train on. */
export interface LabelledEmbedding {
  readonly label: string;
  readonly embedding: Float32Array;
}

/** How a gallery or a classifier scores an identity. */
export type IdentityScoring =
  /** The identity's mean embedding (normalised): one comparison per identity. */
  | 'centroid'
  /** The identity's closest enrolled embedding. */
  | 'nearest';

/** The open-set answer for one probe embedding. */
export interface IdentityMatch extends Comparison {
  /** The identity, or undefined ('unknown') when the nearest one is not within the threshold. */
  readonly label: string | undefined;
  /** The nearest identity, even when it is not within the threshold; undefined when there is none. */
  readonly nearest: string | undefined;
  readonly metric: EmbedderMetric;
  readonly threshold: number;
  /**
   * How far the nearest identity beats the second nearest, on the metric's scale (similarity difference for
   * 'cosine', distance difference for 'euclidean'): ≥ 0, except for a k-NN classifier whose vote overruled a
   * closer embedding of another identity. Infinity with fewer than two identities.
   */
  readonly margin: number;
  /** The second nearest identity and its score (similarity or distance, per the metric). */
  readonly second?: { readonly label: string; readonly score: number };
}

/** Per-call options of matching. */
export interface MatchOptions {
  /** Overrides the embedder's calibrated threshold, on its metric's scale. */
  readonly threshold?: number;
}

/** The JSON form of a gallery: everything needed to refuse it for another embedder. */
export interface FaceGalleryJson {
  readonly format: 'mtcnn-face-gallery';
  readonly version: 1;
  /** The embedder's id: a gallery is only ever loaded for the same embedder. */
  readonly embedderId: string;
  readonly embeddingSize: number;
  readonly metric: EmbedderMetric;
  readonly scoring: IdentityScoring;
  /** Each identity's embeddings, as plain arrays of numbers (unit length). */
  readonly identities: readonly { readonly label: string; readonly embeddings: readonly number[][] }[];
}

/** Options of a gallery. */
export interface FaceGalleryOptions {
  /** Default 'centroid' (see the README for the measurement). */
  readonly scoring?: IdentityScoring;
}

/** Options of {@link trainClassifier}. */
export interface ClassifierOptions {
  /**
   * 'centroid' (default): nearest identity mean; 'knn': vote of the k nearest embeddings. Both answer 'unknown'
   * when the predicted identity is not within the threshold.
   */
  readonly method?: 'centroid' | 'knn';
  /** Neighbours for 'knn' (default 3, fewer when the training set is smaller). */
  readonly k?: number;
  /** The open-set threshold, on the metric's scale (default: the embedder's calibrated one). */
  readonly threshold?: number;
}

/** A trained classifier's answer. */
export interface Prediction extends IdentityMatch {
  /** 'knn': the share of the k neighbours that voted for `nearest`; otherwise 1. */
  readonly confidence: number;
}

/** A classifier trained from labelled embeddings of one embedder. */
export interface Classifier {
  readonly method: 'centroid' | 'knn';
  readonly embedderId: string;
  /** The identities it knows, sorted. */
  readonly labels: readonly string[];
  predict(embedding: Float32Array, options?: MatchOptions): Prediction;
}
