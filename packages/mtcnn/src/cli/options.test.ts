import { DEFAULT_MAX_PIXELS } from '@mtcnn/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONCURRENCY } from './defaults.js';
import { type AlignConfig, type DetectConfig, parseCommandLine } from './options.js';
import { UsageError } from './usage-error.js';

function usageError(argv: string[]): UsageError {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
}

describe('parseCommandLine: detect', () => {
  it('takes inputs with defaults for everything else', () => {
    const config = parseCommandLine(['detect', 'a.jpg', 'photos/']) as DetectConfig;
    expect(config).toEqual({
      command: 'detect',
      inputs: ['a.jpg', 'photos/'],
      detector: {},
      concurrency: DEFAULT_CONCURRENCY,
      maxPixels: undefined,
      json: undefined,
      jsonl: false,
      draw: undefined,
    });
  });

  it('maps every detection flag to the detector options', () => {
    const config = parseCommandLine([
      'detect',
      '--min-face',
      '40',
      '--scale-factor=0.8',
      '--thresholds',
      '0.5,0.6,0.75',
      '--stages',
      'rnet',
      '--max-faces',
      '3',
      '--max-pixels',
      '1e6',
      '--backend',
      'pnet=webgpu,onet=cpu',
      '--concurrency',
      '4',
      '--json',
      'out.json',
      '--draw',
      'drawn',
      'x.png',
    ]) as DetectConfig;
    expect(config.detector).toEqual({
      minFaceSize: 40,
      scaleFactor: 0.8,
      thresholds: [0.5, 0.6, 0.75],
      stages: 'rnet',
      maxFaces: 3,
      maxPixels: 1_000_000,
      device: { pnet: 'webgpu', onet: 'cpu' },
    });
    expect(config.maxPixels).toBe(1_000_000);
    expect([config.concurrency, config.json, config.draw]).toEqual([4, 'out.json', 'drawn']);
    expect(DEFAULT_MAX_PIXELS).toBeGreaterThan(1_000_000);
  });

  it('a single --backend applies to every stage', () => {
    expect((parseCommandLine(['detect', '--backend', 'wasm', 'x']) as DetectConfig).detector.device).toBe(
      'wasm',
    );
  });

  it('refuses bad values, naming the flag', () => {
    expect(usageError(['detect', '--min-face', '0x10', 'x']).message).toMatch(/--min-face needs a number/);
    expect(usageError(['detect', '--min-face', '', 'x']).message).toMatch(/--min-face needs a number/);
    expect(usageError(['detect', '--scale-factor', 'Infinity', 'x']).message).toMatch(/--scale-factor/);
    expect(usageError(['detect', '--thresholds', 'a,b,c', 'x']).message).toMatch(
      /--thresholds needs a number/,
    );
    expect(usageError(['detect', '--backend', 'pnet=tpu', 'x']).message).toMatch(/--backend must be one of/);
    expect(usageError(['detect', '--concurrency', '65', 'x']).message).toMatch(/from 1 to 64/);
    expect(usageError(['detect', '--draw', '', 'x']).message).toMatch(/--draw needs a directory/);
    expect(usageError(['detect', 'x', '--wat']).command).toBe('detect');
  });
});

describe('parseCommandLine: align', () => {
  it('defaults to the 112 px ArcFace template; facenet to 160 px with a 32 px margin', () => {
    const arcface = parseCommandLine(['align', '--out', 'crops', 'x.jpg']) as AlignConfig;
    expect([arcface.template, arcface.size, arcface.out]).toEqual(['arcface', 112, 'crops']);
    const facenet = parseCommandLine([
      'align',
      '--out',
      'c',
      '--template',
      'facenet',
      'x.jpg',
    ]) as AlignConfig;
    expect([facenet.template, facenet.size, facenet.margin]).toEqual(['facenet', 160, 32]);
    const larger = parseCommandLine(['align', '--out', 'c', '--size', '224', 'x.jpg']) as AlignConfig;
    expect(larger.size).toBe(224);
  });

  it('facenet takes any stage; arcface needs onet', () => {
    expect(
      (
        parseCommandLine([
          'align',
          '--out',
          'c',
          '--template',
          'facenet',
          '--stages',
          'rnet',
          'x',
        ]) as AlignConfig
      ).detector.stages,
    ).toBe('rnet');
    expect(usageError(['align', '--out', 'c', '--stages', 'pnet', 'x']).message).toMatch(/needs landmarks/);
  });
});

describe('parseCommandLine: help and version', () => {
  it('recognises the help and version forms', () => {
    expect(parseCommandLine(['--help']).command).toBe('help');
    expect(parseCommandLine(['-h']).command).toBe('help');
    expect(parseCommandLine(['detect', '--help', 'x.jpg']).command).toBe('help');
    expect(parseCommandLine(['--version']).command).toBe('version');
    expect(parseCommandLine(['-V']).command).toBe('version');
  });

  it("lists the backend package's devices and auto order under --backend", () => {
    const help = parseCommandLine(['detect', '--help']) as { text: string };
    expect(help.text).toContain(
      '--backend B           cpu, wasm, webgpu or auto (default auto: cpu, else wasm);',
    );
  });
});
