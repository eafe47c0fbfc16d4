// FaceGallery and trainClassifier on small hand-made embeddings: the open-set answer, margins, both metrics, the
// JSON round trip and its refusal for another embedder. (The accuracy suite runs them on real faces.)
import { ARCFACE_TEMPLATE_112, type EmbedderDescriptor, isMtcnnError } from '@mtcnn/core';
import { describe, expect, it } from 'vitest';
import { trainClassifier } from './classifier.js';
import { FaceGallery } from './gallery.js';

const cosine: EmbedderDescriptor = {
  id: 'test-cosine-3d',
  inputSize: 112,
  mean: 127.5,
  scale: 1 / 128,
  channels: 'rgb',
  layout: 'nchw',
  template: ARCFACE_TEMPLATE_112,
  embeddingSize: 3,
  metric: 'cosine',
  threshold: 0.5,
  inputName: 'input',
  outputName: 'embedding',
};
/** A dlib-like descriptor: Euclidean, 0.6 on unit vectors. */
const euclidean: EmbedderDescriptor = {
  ...cosine,
  id: 'test-euclidean-3d',
  metric: 'euclidean',
  threshold: 0.6,
};

const v = (...x: number[]) => new Float32Array(x);
/** A unit vector at `degrees` from the x axis in the x-y plane. */
const at = (degrees: number) =>
  v(Math.cos((degrees * Math.PI) / 180), Math.sin((degrees * Math.PI) / 180), 0);

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isMtcnnError(error) ? error.code : `not an MtcnnError: ${String(error)}`;
  }
  return undefined;
}

describe('FaceGallery', () => {
  it('answers the nearest identity with its margin, or unknown below the threshold', () => {
    const g = new FaceGallery(cosine);
    g.enroll('ann', [at(0), at(10)]);
    g.enroll('bob', at(90));
    expect(g.identities).toEqual(['ann', 'bob']);
    expect(g.size).toBe(3);
    const m = g.match(at(20));
    expect(m.label).toBe('ann');
    expect(m.nearest).toBe('ann');
    // Centroid of ann is at 5°: cos 15°.
    expect(m.similarity).toBeCloseTo(Math.cos((15 * Math.PI) / 180), 6);
    expect(m.second?.label).toBe('bob');
    expect(m.second?.score).toBeCloseTo(Math.cos((70 * Math.PI) / 180), 6);
    expect(m.margin).toBeCloseTo(m.similarity - m.second!.score, 9);
    // 70° from ann's centroid: cos 0.34 < 0.5, and bob is further.
    const far = g.match(at(-65));
    expect(far.label).toBeUndefined();
    expect(far.nearest).toBe('ann');
    expect(g.match(at(-65), { threshold: 0.3 }).label).toBe('ann');
  });

  it('scores by the nearest sample when asked', () => {
    const g = new FaceGallery(cosine, { scoring: 'nearest' });
    g.enroll('ann', [at(0), at(60)]);
    expect(g.match(at(60)).similarity).toBeCloseTo(1, 6);
    const byCentroid = new FaceGallery(cosine);
    byCentroid.enroll('ann', [at(0), at(60)]);
    expect(byCentroid.match(at(60)).similarity).toBeCloseTo(Math.cos(Math.PI / 6), 6);
  });

  it('works on the euclidean scale: distance at most the threshold, margin in distance', () => {
    const g = new FaceGallery(euclidean);
    g.enroll('ann', at(0));
    g.enroll('bob', at(90));
    const m = g.match(at(30));
    expect(m.label).toBe('ann');
    expect(m.distance).toBeCloseTo(2 * Math.sin((15 * Math.PI) / 180), 6);
    expect(m.second?.score).toBeCloseTo(2 * Math.sin((30 * Math.PI) / 180), 6);
    expect(m.margin).toBeCloseTo(m.second!.score - m.distance, 9);
    // 40°: distance 0.684 > 0.6.
    expect(g.match(at(-40)).label).toBeUndefined();
  });

  it('answers unknown with an empty gallery and an infinite margin with one identity', () => {
    const g = new FaceGallery(cosine);
    expect(g.match(at(0))).toMatchObject({ label: undefined, nearest: undefined, margin: Infinity });
    g.enroll('ann', at(0));
    expect(g.match(at(0))).toMatchObject({ label: 'ann', margin: Infinity });
    expect(g.match(at(0)).second).toBeUndefined();
  });

  it('normalises what it enrols, removes identities, and refuses bad input', () => {
    const g = new FaceGallery(cosine);
    g.enroll('ann', v(3, 0, 4));
    expect(Array.from(g.embeddingsOf('ann')[0]!)).toEqual([0.6000000238418579, 0, 0.800000011920929]);
    expect(code(() => g.enroll('', at(0)))).toBe('INVALID_OPTION');
    expect(code(() => g.enroll('bob', v(1, 0)))).toBe('INVALID_OPTION');
    expect(code(() => g.enroll('bob', v(0, 0, 0)))).toBe('INVALID_OPTION');
    expect(code(() => g.enroll('bob', [at(0), v(Number.NaN, 0, 0)]))).toBe('INVALID_OPTION');
    expect(g.identities).toEqual(['ann']);
    expect(code(() => g.match(v(1, 0)))).toBe('INVALID_OPTION');
    expect(code(() => g.match(at(0), { threshold: 3 }))).toBe('INVALID_OPTION');
    expect(g.remove('ann')).toBe(true);
    expect(g.remove('ann')).toBe(false);
    expect(g.identities).toEqual([]);
  });

  it('enrollAll adds every labelled embedding, or none when one is bad', () => {
    const g = new FaceGallery(cosine);
    g.enrollAll([
      { label: 'ann', embedding: at(0) },
      { label: 'bob', embedding: at(90) },
      { label: 'ann', embedding: at(10) },
    ]);
    expect(g.embeddingsOf('ann')).toHaveLength(2);
    expect(
      code(() =>
        g.enrollAll([
          { label: 'cid', embedding: at(45) },
          { label: 'dan', embedding: v(1) },
        ]),
      ),
    ).toBe('INVALID_OPTION');
    expect(g.identities).toEqual(['ann', 'bob']);
  });

  it('saves to JSON and loads it back for the same embedder', () => {
    const g = new FaceGallery(cosine, { scoring: 'nearest' });
    g.enroll('ann', [at(0), at(10)]);
    g.enroll('bob', at(90));
    const json = JSON.stringify(g);
    const data = JSON.parse(json);
    expect(data).toMatchObject({
      format: 'mtcnn-face-gallery',
      version: 1,
      embedderId: 'test-cosine-3d',
      embeddingSize: 3,
      metric: 'cosine',
      scoring: 'nearest',
    });
    const back = FaceGallery.fromJSON(json, cosine);
    expect(back.identities).toEqual(['ann', 'bob']);
    expect(back.scoring).toBe('nearest');
    expect(back.match(at(5))).toEqual(g.match(at(5)));
    expect(FaceGallery.fromJSON(data, cosine).size).toBe(3);
  });

  it('refuses a gallery made by another embedder with GALLERY_MISMATCH, and malformed ones', () => {
    const g = new FaceGallery(cosine);
    g.enroll('ann', at(0));
    const json = JSON.stringify(g);
    let error: unknown;
    try {
      FaceGallery.fromJSON(json, euclidean);
    } catch (e) {
      error = e;
    }
    expect(isMtcnnError(error, 'GALLERY_MISMATCH')).toBe(true);
    expect((error as Error).message).toMatch(/made with embedder test-cosine-3d .* not test-euclidean-3d/);
    expect(code(() => FaceGallery.fromJSON(json, { ...cosine, embeddingSize: 4 }))).toBe('GALLERY_MISMATCH');
    expect(code(() => FaceGallery.fromJSON('{', cosine))).toBe('INVALID_OPTION');
    expect(code(() => FaceGallery.fromJSON('{"format":"other"}', cosine))).toBe('INVALID_OPTION');
    expect(code(() => FaceGallery.fromJSON({ ...JSON.parse(json), version: 2 }, cosine))).toBe(
      'INVALID_OPTION',
    );
  });
});

describe('trainClassifier', () => {
  const samples = [
    { label: 'ann', embedding: at(0) },
    { label: 'ann', embedding: at(8) },
    { label: 'ann', embedding: at(16) },
    { label: 'bob', embedding: at(30) },
    { label: 'bob', embedding: at(90) },
  ];

  it('centroid: the nearest identity mean, open-set', () => {
    const c = trainClassifier(samples, { embedder: cosine });
    expect(c.method).toBe('centroid');
    expect(c.labels).toEqual(['ann', 'bob']);
    expect(c.embedderId).toBe('test-cosine-3d');
    // bob's centroid is at 60°: 24° is 16° from ann's mean (8°) and 36° from bob's.
    expect(c.predict(at(24))).toMatchObject({ label: 'ann', confidence: 1 });
    expect(c.predict(at(-80)).label).toBeUndefined();
  });

  it("knn: the vote of the k nearest, scored by the winner's nearest sample", () => {
    const c = trainClassifier(samples, { embedder: cosine, method: 'knn', k: 3 });
    // Nearest three to 28°: bob 30°, ann 16°, ann 8° → ann wins 2 to 1, though bob's sample is closer.
    const p = c.predict(at(28));
    expect(p.label).toBe('ann');
    expect(p.confidence).toBeCloseTo(2 / 3, 9);
    expect(p.similarity).toBeCloseTo(Math.cos((12 * Math.PI) / 180), 6);
    expect(p.second?.label).toBe('bob');
    expect(p.margin).toBeLessThan(0);
    expect(trainClassifier(samples, { embedder: cosine, method: 'knn', k: 1 }).predict(at(28)).label).toBe(
      'bob',
    );
  });

  it('refuses bad samples and options', () => {
    expect(code(() => trainClassifier([], { embedder: cosine }))).toBe('INVALID_OPTION');
    expect(code(() => trainClassifier([{ label: 'a', embedding: v(1, 0) }], { embedder: cosine }))).toBe(
      'INVALID_OPTION',
    );
    expect(code(() => trainClassifier(samples, { embedder: cosine, method: 'svm' as never }))).toBe(
      'INVALID_OPTION',
    );
    expect(code(() => trainClassifier(samples, { embedder: cosine, method: 'knn', k: 6 }))).toBe(
      'INVALID_OPTION',
    );
    const c = trainClassifier(samples, { embedder: cosine });
    expect(code(() => c.predict(v(1, 0)))).toBe('INVALID_OPTION');
  });
});
