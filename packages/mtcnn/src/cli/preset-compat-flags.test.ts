import { DETECT_PRESETS } from '@mtcnn/core';
import { describe, expect, it } from 'vitest';
import { type DetectConfig, parseCommandLine } from './options.js';
import { UsageError } from './usage-error.js';

const detectorOf = (argv: string[]) =>
  (parseCommandLine(['detect', ...argv, 'x.jpg']) as DetectConfig).detector;

describe('--preset and --compat', () => {
  it('--preset high-recall sets the preset, and the explicit flags override it', () => {
    expect(detectorOf(['--preset', 'high-recall'])).toEqual({ ...DETECT_PRESETS.highRecall });
    expect(detectorOf(['--min-face', '30', '--preset', 'high-recall'])).toEqual({
      ...DETECT_PRESETS.highRecall,
      minFaceSize: 30,
    });
  });

  it('--compat facenet-pytorch (or mtcnn) goes to the detector options', () => {
    expect(detectorOf(['--compat', 'facenet-pytorch'])).toEqual({ compat: 'facenet-pytorch' });
    expect(detectorOf(['--compat', 'mtcnn', '--preset', 'high-recall']).compat).toBe('mtcnn');
  });

  it('refuses unknown names with a usage error that lists the choices', () => {
    expect(() => detectorOf(['--preset', 'fast'])).toThrow(UsageError);
    expect(() => detectorOf(['--preset', 'fast'])).toThrow(/--preset must be one of high-recall/);
    expect(() => detectorOf(['--compat', 'pytorch'])).toThrow(
      /--compat must be one of mtcnn, facenet-pytorch/,
    );
  });
});
