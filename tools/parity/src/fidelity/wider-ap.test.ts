import { describe, expect, it } from 'vitest';
import { evaluatePhoto, vocAp, type WiderPhoto, widerAp, widerIou } from './wider-ap.js';
import { inSetting, type WiderFace } from './wider-settings.js';

const box = (x: number, y: number, w: number, h: number) => ({ x, y, w, h });

describe('widerIou', () => {
  it('measures pixel-inclusive boxes, as the official bbox_overlaps', () => {
    // 10×10 (11 × 11 pixels inclusive) boxes shifted by 5: intersection 6 × 11 = 66, union 121 + 121 - 66.
    expect(widerIou(box(0, 0, 10, 10), box(5, 0, 10, 10))).toBeCloseTo(66 / 176, 12);
    expect(widerIou(box(0, 0, 10, 10), box(0, 0, 10, 10))).toBe(1);
    expect(widerIou(box(0, 0, 10, 10), box(20, 20, 5, 5))).toBe(0);
  });
});

describe('vocAp', () => {
  it('integrates the precision envelope over recall', () => {
    // Recall 0.5 at precision 1, then recall 1 at precision 0.5: 0.5 × 1 + 0.5 × 0.5.
    expect(vocAp([0.5, 1], [1, 0.5])).toBeCloseTo(0.75, 12);
    // The envelope lifts an early dip: precision at recall 0.25 becomes max(0.5, 1) = 1.
    expect(vocAp([0.25, 0.5], [0.5, 1])).toBeCloseTo(0.5, 12);
  });
});

describe('evaluatePhoto', () => {
  const photo: WiderPhoto = {
    faces: [box(0, 0, 20, 20), box(100, 0, 20, 20), box(200, 0, 4, 4)],
    counted: [true, true, false],
    detections: [],
  };
  it('counts a face once, calls the duplicate a proposal and ignores detections of uncounted faces', () => {
    const sorted = [
      { ...box(0, 0, 20, 20), score: 0.9 }, // face 0: true positive
      { ...box(1, 1, 20, 20), score: 0.8 }, // face 0 again: a false positive (still a proposal)
      { ...box(200, 0, 4, 4), score: 0.7 }, // uncounted face: ignored
      { ...box(500, 500, 20, 20), score: 0.6 }, // nothing: false positive
      { ...box(100, 0, 20, 20), score: 0.5 }, // face 1: true positive
    ];
    const { proposal, recalled } = evaluatePhoto(photo, sorted, 0.5);
    expect(proposal).toEqual([true, true, false, true, true]);
    expect(recalled).toEqual([1, 1, 1, 1, 2]);
  });
});

describe('widerAp', () => {
  it('gives the hand-computed AP of two photos', () => {
    // Scores normalise to [0, 1] over all detections (0.2 → 0, 1.0 → 1). Photo A: a hit at 1.0, a miss at 0.6
    // (normalised 0.5). Photo B: a hit at 0.2 (normalised 0). Three counted faces (one never found).
    // Thresholds above 0.5: 1 proposal, 1 recalled: precision 1, recall 1/3. Down to 0 (exclusive): 2 proposals,
    // 1 recalled: precision 0.5, recall 1/3. At 0: 3 proposals, 2 recalled: precision 2/3, recall 2/3.
    // Envelope: precision 1 up to recall 1/3, 2/3 up to recall 2/3: AP = 1/3 × 1 + 1/3 × 2/3 = 5/9.
    const photos: WiderPhoto[] = [
      {
        faces: [box(0, 0, 30, 30), box(300, 300, 30, 30)],
        counted: [true, true],
        detections: [
          { ...box(0, 0, 30, 30), score: 1.0 },
          { ...box(600, 600, 30, 30), score: 0.6 },
        ],
      },
      { faces: [box(50, 50, 30, 30)], counted: [true], detections: [{ ...box(50, 50, 30, 30), score: 0.2 }] },
    ];
    const result = widerAp(photos, 0.5);
    expect(result.faces).toBe(3);
    expect(result.recall).toBeCloseTo(2 / 3, 12);
    expect(result.ap).toBeCloseTo(5 / 9, 12);
  });

  it('is 1 for every face found, each once, with nothing else', () => {
    const faces = [box(0, 0, 30, 30), box(100, 100, 40, 40)];
    const detections = faces.map((f, i) => ({ ...f, score: 0.5 + i / 4 }));
    expect(widerAp([{ faces, counted: [true, true], detections }]).ap).toBeCloseTo(1, 12);
  });
});

describe('inSetting', () => {
  const face = (h: number, extra: Partial<WiderFace> = {}): WiderFace => ({
    x: 0,
    y: 0,
    w: h,
    h,
    blur: 0,
    expression: 0,
    illumination: 0,
    invalid: 0,
    occlusion: 0,
    pose: 0,
    ...extra,
  });
  it('nests easy in medium in hard, by height and attributes', () => {
    expect(['easy', 'medium', 'hard'].map((s) => inSetting(face(60), s as 'easy'))).toEqual([
      true,
      true,
      true,
    ]);
    expect(inSetting(face(40), 'easy')).toBe(false);
    expect(inSetting(face(40), 'medium')).toBe(true);
    expect(inSetting(face(60, { blur: 2 }), 'easy')).toBe(false);
    expect(inSetting(face(60, { occlusion: 2 }), 'medium')).toBe(false);
    expect(inSetting(face(60, { occlusion: 2 }), 'hard')).toBe(true);
    expect(inSetting(face(15), 'medium')).toBe(false);
    expect(inSetting(face(15), 'hard')).toBe(true);
    expect(inSetting(face(9), 'hard')).toBe(false);
    expect(inSetting(face(60, { invalid: 1 }), 'hard')).toBe(false);
  });
});
