import { describe, expect, it } from 'vitest';
import { annotationSvg } from './draw.js';

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
    expect(svg).toContain('>0.988</text>');
    expect(svg.match(/<circle /g)?.length).toBe(5);
    expect(svg).toContain('cx="120.50" cy="80.50"');
  });

  it('draws no landmarks for faces without them, and nothing for no faces', () => {
    expect(annotationSvg(64, 64, [{ box: face.box, score: 0.7 }])).not.toContain('<circle');
    expect(annotationSvg(64, 64, [])).not.toContain('<rect');
  });

  it('writes names instead of scores when given, escaped, and unknown faces in another colour', () => {
    const svg = annotationSvg(640, 480, [face, face], [{ name: 'Ann & <Bo>' }, { name: undefined }]);
    expect(svg).toContain('>Ann &#38; &#60;Bo&#62;</text>');
    expect(svg).toContain('>unknown</text>');
    expect(svg).not.toContain('>0.988</text>');
    expect(svg.match(/stroke="#00ff40"/g)?.length).toBeGreaterThan(0);
    expect(svg).toContain('stroke="#ff9f0a"');
  });
});
