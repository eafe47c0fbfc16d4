import type { EmbedderDescriptor, Face } from '@mtcnn/core';
import { MOBILEFACENET } from '@mtcnn/mobilefacenet';
import { FaceGallery } from '@mtcnn/recognition';
import { describe, expect, it } from 'vitest';
import { galleryRecord, largestFace, matchLabel, restoreGallery } from './gallery-record.js';

const unit = (i: number) =>
  Float32Array.from({ length: MOBILEFACENET.embeddingSize }, (_, k) => (k === i ? 1 : 0));
const face = (width: number, height: number): Face => ({ box: { x: 0, y: 0, width, height }, score: 0.99 });

describe('gallery records', () => {
  it('round-trips a gallery for the same model', () => {
    const gallery = new FaceGallery(MOBILEFACENET);
    gallery.enroll('Ada', unit(0));
    gallery.enroll('Ada', unit(1));
    gallery.enroll('Bob', unit(2));
    const record = galleryRecord(gallery, new Date(0));
    expect(record.modelId).toBe(MOBILEFACENET.id);
    const restored = restoreGallery(record, MOBILEFACENET);
    expect(restored.refused).toBeUndefined();
    expect(restored.gallery?.identities).toEqual(['Ada', 'Bob']);
    expect(restored.gallery?.embeddingsOf('Ada')).toHaveLength(2);
    expect(restored.gallery?.match(unit(2)).label).toBe('Bob');
  });

  it('refuses a gallery made by another model, even one with vectors of the same size', () => {
    const other: EmbedderDescriptor = { ...MOBILEFACENET, id: 'other-model' };
    const gallery = new FaceGallery(other);
    gallery.enroll('Ada', unit(0));
    const restored = restoreGallery(galleryRecord(gallery), MOBILEFACENET);
    expect(restored.gallery).toBeUndefined();
    expect(restored.refused).toMatch(/other-model.*not used/);
  });

  it('refuses a record whose gallery JSON names another model than the record', () => {
    const other = new FaceGallery({ ...MOBILEFACENET, id: 'other-model' });
    const record = { ...galleryRecord(other), modelId: MOBILEFACENET.id };
    expect(restoreGallery(record, MOBILEFACENET).refused).toMatch(/could not be read/);
  });
});

describe('enrolment and labels', () => {
  it('enrols the largest face', () => {
    const faces = [{ face: face(30, 40) }, { face: face(50, 50) }, { face: face(60, 20) }];
    expect(largestFace(faces)).toBe(faces[1]);
    expect(largestFace([])).toBeUndefined();
  });

  it('labels a match with the name or "unknown" and the similarity', () => {
    const gallery = new FaceGallery(MOBILEFACENET);
    gallery.enroll('Ada', unit(0));
    expect(matchLabel(gallery.match(unit(0)))).toBe('Ada · 1.00');
    expect(matchLabel(gallery.match(unit(1)))).toBe('unknown · 0.00');
  });
});
