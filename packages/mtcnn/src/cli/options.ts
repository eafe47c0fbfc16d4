import { type ParseArgsConfig, parseArgs } from 'node:util';
import { DEVICE_CHOICES, type DeviceChoice } from '@mtcnn/backend-onnx/node';
import { arcfaceTemplate, type DetectOptions, isMtcnnError } from '@mtcnn/core';
import {
  checkDetectOptions,
  type MtcnnOptions,
  STANDARD_STAGES,
  type StageDevices,
  type StandardStage,
} from '../detector.js';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from './defaults.js';
import {
  DEFAULT_ARCFACE_SIZE,
  DEFAULT_FACENET_MARGIN,
  DEFAULT_FACENET_SIZE,
  TEMPLATE_NAMES,
  type TemplateName,
} from './templates.js';
import { ALIGN_USAGE, DETECT_USAGE, MAIN_USAGE } from './usage.js';
import { UsageError } from './usage-error.js';

/** What both commands share: inputs, the detector, and how records are written. */
export interface BatchConfig {
  /** Files and directories as given. */
  readonly inputs: readonly string[];
  readonly detector: MtcnnOptions;
  readonly concurrency: number;
  readonly maxPixels: number | undefined;
  /** `--json FILE`; '-' is stdout. */
  readonly json: string | undefined;
  readonly jsonl: boolean;
}

export interface DetectConfig extends BatchConfig {
  readonly command: 'detect';
  readonly draw: string | undefined;
}

export interface AlignConfig extends BatchConfig {
  readonly command: 'align';
  readonly out: string;
  readonly template: TemplateName;
  readonly size: number;
  readonly margin: number;
}

export type CommandLine =
  | { readonly command: 'help'; readonly text: string }
  | { readonly command: 'version' }
  | DetectConfig
  | AlignConfig;

const DETECTION_FLAGS = {
  'min-face': { type: 'string' },
  'scale-factor': { type: 'string' },
  thresholds: { type: 'string' },
  stages: { type: 'string' },
  'max-faces': { type: 'string' },
  'max-pixels': { type: 'string' },
  backend: { type: 'string' },
  concurrency: { type: 'string' },
  json: { type: 'string' },
  jsonl: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const DETECT_FLAGS = { ...DETECTION_FLAGS, draw: { type: 'string' } } as const;
const ALIGN_FLAGS = {
  ...DETECTION_FLAGS,
  out: { type: 'string' },
  template: { type: 'string' },
  size: { type: 'string' },
  margin: { type: 'string' },
} as const;

// A plain decimal or exponent number; Number() alone would also take '', ' ', '0x10' and 'Infinity'.
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

function parseNumber(flag: string, text: string, command: string): number {
  if (!NUMBER.test(text.trim())) throw new UsageError(`--${flag} needs a number, got "${text}"`, command);
  return Number(text);
}

function parseInteger(flag: string, text: string, command: string, min: number, max?: number): number {
  const value = parseNumber(flag, text, command);
  if (!Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
    const range = max === undefined ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`--${flag} must be an integer ${range}, got "${text}"`, command);
  }
  return value;
}

/** Checks one detection option with the core's own rules, reported under the flag's name. */
function checked<K extends keyof DetectOptions>(
  flag: string,
  key: K,
  value: DetectOptions[K],
  command: string,
) {
  try {
    checkDetectOptions({ [key]: value });
  } catch (error) {
    if (isMtcnnError(error)) throw new UsageError(`--${flag}: ${error.message}`, command);
    throw error;
  }
  return value;
}

function parseDevice(text: string, flag: string, command: string): DeviceChoice {
  if (!DEVICE_CHOICES.includes(text as DeviceChoice)) {
    throw new UsageError(`--${flag} must be one of ${DEVICE_CHOICES.join(', ')}, got "${text}"`, command);
  }
  return text as DeviceChoice;
}

/** `cpu` for every stage, or `pnet=webgpu,rnet=cpu` per stage. */
function parseBackend(text: string, command: string): DeviceChoice | StageDevices {
  if (!text.includes('=')) return parseDevice(text, 'backend', command);
  const devices: StageDevices = {};
  for (const part of text.split(',')) {
    const [stage = '', device = ''] = part.split('=').map((s) => s.trim());
    if (!STANDARD_STAGES.includes(stage as StandardStage)) {
      throw new UsageError(
        `--backend: unknown stage "${stage}" in "${text}" (stages: ${STANDARD_STAGES.join(', ')})`,
        command,
      );
    }
    (devices as Record<string, DeviceChoice>)[stage] = parseDevice(device, 'backend', command);
  }
  return devices;
}

function parseStages(text: string, command: string): StandardStage {
  if (!STANDARD_STAGES.includes(text as StandardStage)) {
    throw new UsageError(`--stages must be one of ${STANDARD_STAGES.join(', ')}, got "${text}"`, command);
  }
  return text as StandardStage;
}

function parseThresholds(text: string, command: string): [number, number, number] {
  const parts = text.split(',');
  if (parts.length !== 3) {
    throw new UsageError(
      `--thresholds needs three comma-separated numbers (pnet,rnet,onet), got "${text}"`,
      command,
    );
  }
  const values = parts.map((p) => parseNumber('thresholds', p, command)) as [number, number, number];
  return checked('thresholds', 'thresholds', values, command) as [number, number, number];
}

type Values = Partial<Record<string, string | boolean>>;

function str(values: Values, flag: string): string | undefined {
  const v = values[flag];
  return typeof v === 'string' ? v : undefined;
}

function batchConfig(values: Values, positionals: string[], command: string): BatchConfig {
  const detector: Record<string, unknown> = {};
  const minFace = str(values, 'min-face');
  if (minFace !== undefined) {
    detector.minFaceSize = checked(
      'min-face',
      'minFaceSize',
      parseNumber('min-face', minFace, command),
      command,
    );
  }
  const scale = str(values, 'scale-factor');
  if (scale !== undefined) {
    detector.scaleFactor = checked(
      'scale-factor',
      'scaleFactor',
      parseNumber('scale-factor', scale, command),
      command,
    );
  }
  const thresholds = str(values, 'thresholds');
  if (thresholds !== undefined) detector.thresholds = parseThresholds(thresholds, command);
  const maxFaces = str(values, 'max-faces');
  if (maxFaces !== undefined) detector.maxFaces = parseInteger('max-faces', maxFaces, command, 1);
  const maxPixelsText = str(values, 'max-pixels');
  const maxPixels =
    maxPixelsText === undefined ? undefined : parseInteger('max-pixels', maxPixelsText, command, 1);
  if (maxPixels !== undefined) detector.maxPixels = maxPixels;
  const stages = str(values, 'stages');
  if (stages !== undefined) detector.stages = parseStages(stages, command);
  const backend = str(values, 'backend');
  if (backend !== undefined) detector.device = parseBackend(backend, command);

  const concurrencyText = str(values, 'concurrency');
  const concurrency =
    concurrencyText === undefined
      ? DEFAULT_CONCURRENCY
      : parseInteger('concurrency', concurrencyText, command, 1, MAX_CONCURRENCY);

  const json = str(values, 'json');
  const jsonl = values.jsonl === true;
  if (json === '' || json?.startsWith('--')) {
    throw new UsageError(`--json needs a file name (or - for stdout)`, command);
  }
  if (json === '-' && jsonl)
    throw new UsageError('--json - and --jsonl both write to stdout: pick one', command);
  if (positionals.length === 0) throw new UsageError('no inputs: give image files or directories', command);
  return { inputs: positionals, detector, concurrency, maxPixels, json, jsonl };
}

function directoryFlag(values: Values, flag: string, command: string): string | undefined {
  const dir = str(values, flag);
  if (dir === '' || dir?.startsWith('--')) {
    throw new UsageError(`--${flag} needs a directory`, command);
  }
  return dir;
}

function parseFlags(args: string[], options: NonNullable<ParseArgsConfig['options']>, command: string) {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as Values, positionals };
  } catch (error) {
    // parseArgs explains unknown flags and missing values; anything else is a bug, not a usage error.
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError((error as Error).message, command);
    }
    throw error;
  }
}

function parseDetect(args: string[]): CommandLine {
  const { values, positionals } = parseFlags(args, DETECT_FLAGS, 'detect');
  if (values.help) return { command: 'help', text: DETECT_USAGE };
  return {
    command: 'detect',
    ...batchConfig(values, positionals, 'detect'),
    draw: directoryFlag(values, 'draw', 'detect'),
  };
}

function parseAlign(args: string[]): CommandLine {
  const { values, positionals } = parseFlags(args, ALIGN_FLAGS, 'align');
  if (values.help) return { command: 'help', text: ALIGN_USAGE };
  const batch = batchConfig(values, positionals, 'align');
  const out = directoryFlag(values, 'out', 'align');
  if (out === undefined) throw new UsageError('align needs --out DIR: where the crops go', 'align');
  const templateText = str(values, 'template') ?? 'arcface';
  if (!TEMPLATE_NAMES.includes(templateText as TemplateName)) {
    throw new UsageError(
      `--template must be one of ${TEMPLATE_NAMES.join(', ')}, got "${templateText}"`,
      'align',
    );
  }
  const template = templateText as TemplateName;
  const sizeText = str(values, 'size');
  const size =
    sizeText === undefined
      ? template === 'arcface'
        ? DEFAULT_ARCFACE_SIZE
        : DEFAULT_FACENET_SIZE
      : parseInteger('size', sizeText, 'align', 1);
  if (template === 'arcface') {
    try {
      arcfaceTemplate(size);
    } catch (error) {
      throw new UsageError(`--size: ${(error as Error).message}`, 'align');
    }
  }
  const marginText = str(values, 'margin');
  if (marginText !== undefined && template !== 'facenet') {
    throw new UsageError('--margin applies to --template facenet only', 'align');
  }
  const margin =
    marginText === undefined ? DEFAULT_FACENET_MARGIN : parseNumber('margin', marginText, 'align');
  if (template === 'facenet' && (margin < 0 || margin >= size)) {
    throw new UsageError(`--margin must be in [0, ${size}) for a ${size} px crop, got ${margin}`, 'align');
  }
  if (template === 'arcface' && batch.detector.stages !== undefined && batch.detector.stages !== 'onet') {
    throw new UsageError(
      `the arcface template needs landmarks, which only onet gives: drop --stages ${batch.detector.stages} or use --template facenet`,
      'align',
    );
  }
  return { command: 'align', ...batch, out, template, size, margin };
}

/** Reads the command line. Throws {@link UsageError} for anything wrong with it. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const [first, ...rest] = argv;
  switch (first) {
    case 'detect':
      return parseDetect(rest);
    case 'align':
      return parseAlign(rest);
    case 'help':
    case '--help':
    case '-h':
      if (rest[0] === 'detect') return { command: 'help', text: DETECT_USAGE };
      if (rest[0] === 'align') return { command: 'help', text: ALIGN_USAGE };
      return { command: 'help', text: MAIN_USAGE };
    case '--version':
    case '-V':
      return { command: 'version' };
    case undefined:
      throw new UsageError('no command: use mtcnn detect or mtcnn align');
    default:
      throw new UsageError(`unknown command "${first}": use mtcnn detect or mtcnn align`);
  }
}
