import { LANDMARK_COLORS, LANDMARK_NAMES } from '@mtcnn/core';
import { describe, expect, it } from 'vitest';
import { annotatedExtension, annotationSvg, drawingSizes } from './draw.js';

describe('annotationSvg', () => {
  const face = {
    box: { x: 100, y: 50, width: 80, height: 90 },
    score: 0.98765,
    landmarks: {
      leftEye: { x: 120, y: 80 },
      rightEye: { x: 160, y: 80 },
      nose: { x: 140, y: 100 },
      mouthLeft: { x: 125, y: 120 },
      mouthRight: { x: 155, y: 120 },
    },
  };

  it('draws a box, a score and five landmarks per face, on pixel centres, the size of the image', () => {
    const svg = annotationSvg(640, 480, [face]);
    expect(svg).toMatch(/^<svg [^>]*width="640" height="480"/);
    expect(svg).toContain('<rect x="100.50" y="50.50" width="80.00" height="90.00"');
    // Numbered from 1, as the table and the playground.
    expect(svg).toContain('>1 · 0.988</text>');
    expect(svg.match(/<circle /g)?.length).toBe(5);
    expect(svg).toContain('cx="120.50" cy="80.50"');
  });

  it('draws no landmarks for faces without them, and nothing for no faces', () => {
    expect(annotationSvg(64, 64, [{ box: face.box, score: 0.7 }])).not.toContain('<circle');
    expect(annotationSvg(64, 64, [])).not.toContain('<rect');
  });

  it('writes names instead of scores when given, escaped, and unknown faces in another colour', () => {
    const svg = annotationSvg(640, 480, [face, face], [{ name: 'Ann & <Bo>' }, { name: undefined }]);
    expect(svg).toContain('>1 · Ann &#38; &#60;Bo&#62;</text>');
    expect(svg).toContain('>2 · unknown</text>');
    expect(svg).not.toContain('0.988');
    expect(svg.match(/stroke="#00ff40"/g)?.length).toBeGreaterThan(0);
    expect(svg).toContain('stroke="#ff9f0a"');
  });
});

describe('drawing sizes and colours', () => {
  it('colours each landmark with core’s LANDMARK_COLORS, in LANDMARK_NAMES order', () => {
    const face = {
      box: { x: 10, y: 10, width: 50, height: 50 },
      score: 0.9,
      landmarks: {
        leftEye: { x: 20, y: 20 },
        rightEye: { x: 40, y: 20 },
        nose: { x: 30, y: 30 },
        mouthLeft: { x: 22, y: 45 },
        mouthRight: { x: 38, y: 45 },
      },
    };
    const fills = [...annotationSvg(100, 100, [face]).matchAll(/<circle [^>]*fill="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(fills).toEqual(LANDMARK_NAMES.map((name) => LANDMARK_COLORS[name]));
  });

  it('scales labels with the image: a sixtieth of the longer side, never under 12 px', () => {
    expect(drawingSizes(640, 480)).toEqual({ stroke: 2, fontSize: 12 });
    expect(drawingSizes(1920, 1280)).toEqual({ stroke: 3, fontSize: 32 });
    // A 4000-px photo shown fitted to a 1000-px window still has 17-px labels.
    expect(drawingSizes(4000, 3000)).toEqual({ stroke: 6, fontSize: 67 });
  });

  it('keeps the input’s format for JPEG and WebP, PNG for every other', () => {
    expect(annotatedExtension('jpeg')).toBe('jpg');
    expect(annotatedExtension('webp')).toBe('webp');
    expect(annotatedExtension('png')).toBe('png');
    expect(annotatedExtension(undefined)).toBe('png');
  });
});
