import { resolve } from 'node:path';
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

  it('--models names a folder, resolved against the working directory (a queue job carries it as given here)', () => {
    const config = parseCommandLine(['detect', '--models', 'trained', 'x']) as DetectConfig;
    expect(config.detector.models).toBe(resolve('trained'));
    expect(usageError(['detect', '--models', '', 'x']).message).toMatch(/--models needs a directory/);
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

describe('parseCommandLine: the recognition commands', () => {
  it('embed: the default embedder, --aligned, --flip, --embedder dlib', () => {
    expect(parseCommandLine(['embed', 'a.jpg'])).toMatchObject({
      command: 'embed',
      inputs: ['a.jpg'],
      embedder: 'mobilefacenet',
      aligned: false,
      flip: false,
    });
    expect(parseCommandLine(['embed', '--aligned', '--flip', '--embedder', 'dlib', 'c.png'])).toMatchObject({
      aligned: true,
      flip: true,
      embedder: 'dlib',
    });
    expect(usageError(['embed', 'a.jpg', '--embedder', 'facenet']).message).toMatch(/mobilefacenet, dlib/);
    expect(usageError(['embed', 'a.jpg', '--stages', 'pnet']).message).toMatch(/only onet gives/);
  });

  it('enroll: one DATASET, --gallery required, the several-faces policy', () => {
    expect(parseCommandLine(['enroll', 'people/', '--gallery', 'g.json'])).toMatchObject({
      command: 'enroll',
      dataset: 'people/',
      gallery: 'g.json',
      multipleFaces: 'largest',
    });
    expect(
      parseCommandLine(['enroll', 'people/', '--gallery', 'g.json', '--multiple-faces', 'skip']),
    ).toMatchObject({ multipleFaces: 'skip' });
    expect(usageError(['enroll', 'people/']).message).toMatch(/needs --gallery FILE/);
    expect(usageError(['enroll', 'a/', 'b/', '--gallery', 'g.json']).message).toMatch(/one DATASET/);
    expect(usageError(['enroll', '--gallery', 'g.json']).message).toMatch(/one DATASET/);
    expect(usageError(['enroll', 'a/', '--gallery', 'g.json', '--multiple-faces', 'all']).message).toMatch(
      /largest, skip/,
    );
  });

  it('identify and verify: --threshold on the embedder metric scale', () => {
    expect(
      parseCommandLine(['identify', 'a.jpg', '--gallery', 'g.json', '--threshold', '0.5', '--draw', 'out']),
    ).toMatchObject({ command: 'identify', gallery: 'g.json', threshold: 0.5, draw: 'out' });
    expect(usageError(['identify', 'a.jpg']).message).toMatch(/needs --gallery FILE/);
    expect(usageError(['identify', 'a.jpg', '--gallery', 'g', '--threshold', '1.5']).message).toMatch(
      /cosine similarity, from -1 to 1/,
    );
    expect(
      parseCommandLine(['verify', 'a.jpg', 'b.jpg', '--embedder', 'dlib', '--threshold', '1.5']),
    ).toMatchObject({ command: 'verify', inputs: ['a.jpg', 'b.jpg'], threshold: 1.5, embedder: 'dlib' });
    expect(
      usageError(['verify', 'a.jpg', 'b.jpg', '--embedder', 'dlib', '--threshold', '3']).message,
    ).toMatch(/Euclidean distance, from 0 to 2/);
    expect(usageError(['verify', 'a.jpg']).message).toMatch(/give A and B, got 1/);
  });

  it('help for every command', () => {
    for (const command of ['embed', 'enroll', 'identify', 'verify']) {
      const help = parseCommandLine([command, '--help']);
      expect(help).toMatchObject({ command: 'help' });
      expect((help as { text: string }).text).toContain(`Usage: mtcnn ${command}`);
      expect(parseCommandLine(['help', command])).toEqual(help);
    }
    expect((parseCommandLine(['--help']) as { text: string }).text).toMatch(/mtcnn verify/);
  });
});
