import { resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { DEVICE_CHOICES, type DeviceChoice } from '@mtcnn/backend-onnx/node';
import {
  arcfaceTemplate,
  COMPAT_MODES,
  type CompatMode,
  DETECT_PRESETS,
  type DetectOptions,
  isMtcnnError,
} from '@mtcnn/core';
import {
  checkDetectOptions,
  type MtcnnOptions,
  STANDARD_STAGES,
  type StageDevices,
  type StandardStage,
} from '../detector.js';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from './defaults.js';
import { DEFAULT_EMBEDDER, EMBEDDER_NAMES, type EmbedderName, embedderFor } from './embedders.js';
import { withFlagNames } from './flag-names.js';
import { parseQueue, type QueueConfig } from './queue-options.js';
import { QUEUE_USAGE } from './queue-usage.js';
import {
  DEFAULT_ARCFACE_SIZE,
  DEFAULT_FACENET_MARGIN,
  DEFAULT_FACENET_SIZE,
  TEMPLATE_NAMES,
  type TemplateName,
} from './templates.js';
import {
  ALIGN_USAGE,
  DETECT_USAGE,
  EMBED_USAGE,
  ENROLL_USAGE,
  IDENTIFY_USAGE,
  MAIN_USAGE,
  VERIFY_USAGE,
} from './usage.js';
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

/** What the recognition commands share: the embedder. */
export interface EmbedderConfig {
  readonly embedder: EmbedderName;
}

export interface EmbedConfig extends BatchConfig, EmbedderConfig {
  readonly command: 'embed';
  /** Inputs are aligned crops of the embedder's input size: no detection. */
  readonly aligned: boolean;
  /** Flip fusion: each crop and its mirror image embedded and added. */
  readonly flip: boolean;
}

/** What enroll does with an image in which several faces are found. */
export type MultipleFacesPolicy = 'largest' | 'skip';
export const MULTIPLE_FACES_POLICIES: readonly MultipleFacesPolicy[] = ['largest', 'skip'];

export interface EnrollConfig extends BatchConfig, EmbedderConfig {
  readonly command: 'enroll';
  /** The folder-per-person dataset: `inputs[0]`. */
  readonly dataset: string;
  /** Where the gallery's JSON goes. */
  readonly gallery: string;
  readonly multipleFaces: MultipleFacesPolicy;
}

export interface IdentifyConfig extends BatchConfig, EmbedderConfig {
  readonly command: 'identify';
  readonly gallery: string;
  /** On the embedder's metric: similarity ≥ T (cosine) or distance ≤ T (euclidean); default its calibrated one. */
  readonly threshold: number | undefined;
  readonly draw: string | undefined;
}

export interface VerifyConfig extends BatchConfig, EmbedderConfig {
  readonly command: 'verify';
  readonly threshold: number | undefined;
}

export type CommandLine =
  | { readonly command: 'help'; readonly text: string }
  | { readonly command: 'version' }
  | DetectConfig
  | AlignConfig
  | EmbedConfig
  | EnrollConfig
  | IdentifyConfig
  | VerifyConfig
  | QueueConfig;

const DETECTION_FLAGS = {
  'min-face': { type: 'string' },
  'scale-factor': { type: 'string' },
  thresholds: { type: 'string' },
  stages: { type: 'string' },
  'max-faces': { type: 'string' },
  'max-pixels': { type: 'string' },
  preset: { type: 'string' },
  compat: { type: 'string' },
  models: { type: 'string' },
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

const EMBEDDER_FLAG = { embedder: { type: 'string' } } as const;
const EMBED_FLAGS = {
  ...DETECTION_FLAGS,
  ...EMBEDDER_FLAG,
  aligned: { type: 'boolean' },
  flip: { type: 'boolean' },
} as const;
const ENROLL_FLAGS = {
  ...DETECTION_FLAGS,
  ...EMBEDDER_FLAG,
  gallery: { type: 'string' },
  'multiple-faces': { type: 'string' },
} as const;
const IDENTIFY_FLAGS = {
  ...DETECTION_FLAGS,
  ...EMBEDDER_FLAG,
  gallery: { type: 'string' },
  threshold: { type: 'string' },
  draw: { type: 'string' },
} as const;
const VERIFY_FLAGS = { ...DETECTION_FLAGS, ...EMBEDDER_FLAG, threshold: { type: 'string' } } as const;

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
    if (isMtcnnError(error)) {
      const message = withFlagNames(error.message);
      throw new UsageError(message.startsWith(`--${flag}`) ? message : `--${flag}: ${message}`, command);
    }
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

/** CLI preset names (kebab-case) for core's DETECT_PRESETS. */
const PRESETS: Record<string, DetectOptions> = { 'high-recall': DETECT_PRESETS.highRecall };

/** `--preset` first, so that the flags after it override its settings; then `--compat`. */
function presetAndCompat(values: Values, command: string): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const preset = str(values, 'preset');
  if (preset !== undefined) {
    if (!(preset in PRESETS)) {
      throw new UsageError(
        `--preset must be one of ${Object.keys(PRESETS).join(', ')}, got "${preset}"`,
        command,
      );
    }
    Object.assign(options, PRESETS[preset]);
  }
  const compat = str(values, 'compat');
  if (compat !== undefined) {
    if (!COMPAT_MODES.includes(compat as CompatMode)) {
      throw new UsageError(`--compat must be one of ${COMPAT_MODES.join(', ')}, got "${compat}"`, command);
    }
    options.compat = compat;
  }
  return options;
}

function batchConfig(values: Values, positionals: string[], command: string): BatchConfig {
  const detector: Record<string, unknown> = presetAndCompat(values, command);
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
  // Resolved here, so that a queue job names the same folder whatever its worker's working directory.
  const models = directoryFlag(values, 'models', command);
  if (models !== undefined) detector.models = resolve(models);

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

/** A value that parseArgs would take for a flag: `-1`, `-0.5`, `-.5e3`. */
const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * `--flag -1` as `--flag=-1`, for flags that take a value: parseArgs would read `-1` as a flag of its own and
 * explain the `=` syntax, where our own range check says what is wrong with the value.
 */
export function joinNegativeValues(
  args: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name && options[name]?.type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

/** A flag that takes a value followed by another flag: parseArgs' own message is about the `=` syntax. */
function missingValue(
  args: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
  command: string,
) {
  for (const [i, arg] of args.entries()) {
    if (arg === '--') return;
    const next = args[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name && options[name]?.type === 'string' && next?.startsWith('-') && next !== '-') {
      throw new UsageError(`--${name} needs a value, got the flag ${next}`, command);
    }
  }
}

function parseFlags(args: string[], options: NonNullable<ParseArgsConfig['options']>, command: string) {
  try {
    const joined = joinNegativeValues(args, options);
    missingValue(joined, options, command);
    const { values, positionals } = parseArgs({
      args: joined,
      options,
      allowPositionals: true,
      strict: true,
    });
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

function parseEmbedder(values: Values, command: string): EmbedderName {
  const text = str(values, 'embedder') ?? DEFAULT_EMBEDDER;
  if (!EMBEDDER_NAMES.includes(text as EmbedderName)) {
    throw new UsageError(`--embedder must be one of ${EMBEDDER_NAMES.join(', ')}, got "${text}"`, command);
  }
  return text as EmbedderName;
}

/** `--threshold` on the embedder's metric: a cosine similarity in [−1, 1] or a distance in [0, 2]. */
function parseThreshold(values: Values, embedder: EmbedderName, command: string): number | undefined {
  const text = str(values, 'threshold');
  if (text === undefined) return undefined;
  const value = parseNumber('threshold', text, command);
  const { metric } = embedderFor(embedder);
  const [low, high] = metric === 'cosine' ? [-1, 1] : [0, 2];
  if (value < low || value > high) {
    const scale = metric === 'cosine' ? 'a cosine similarity' : 'a Euclidean distance';
    throw new UsageError(
      `--threshold for --embedder ${embedder} is ${scale}, from ${low} to ${high}; got "${text}"`,
      command,
    );
  }
  return value;
}

function fileFlag(values: Values, flag: string, command: string, purpose: string): string {
  const file = str(values, flag);
  if (file === undefined || file === '' || file.startsWith('--')) {
    throw new UsageError(`${command} needs --${flag} FILE: ${purpose}`, command);
  }
  return file;
}

/** Alignment to the embedder's template needs the five landmarks, which only O-Net gives. */
function needLandmarks(batch: BatchConfig, command: string): void {
  const { stages } = batch.detector;
  if (stages !== undefined && stages !== 'onet') {
    throw new UsageError(
      `${command} aligns faces by their landmarks, which only onet gives: drop --stages ${stages}`,
      command,
    );
  }
}

function parseEmbed(args: string[]): CommandLine {
  const { values, positionals } = parseFlags(args, EMBED_FLAGS, 'embed');
  if (values.help) return { command: 'help', text: EMBED_USAGE };
  const batch = batchConfig(values, positionals, 'embed');
  if (values.aligned !== true) needLandmarks(batch, 'embed');
  return {
    command: 'embed',
    ...batch,
    embedder: parseEmbedder(values, 'embed'),
    aligned: values.aligned === true,
    flip: values.flip === true,
  };
}

function parseEnroll(args: string[]): CommandLine {
  const { values, positionals } = parseFlags(args, ENROLL_FLAGS, 'enroll');
  if (values.help) return { command: 'help', text: ENROLL_USAGE };
  if (positionals.length !== 1) {
    throw new UsageError(
      `enroll takes one DATASET folder (one sub-folder per person), got ${positionals.length} arguments`,
      'enroll',
    );
  }
  const batch = batchConfig(values, positionals, 'enroll');
  needLandmarks(batch, 'enroll');
  const gallery = fileFlag(values, 'gallery', 'enroll', 'where the gallery JSON goes');
  const policy = str(values, 'multiple-faces') ?? 'largest';
  if (!MULTIPLE_FACES_POLICIES.includes(policy as MultipleFacesPolicy)) {
    throw new UsageError(
      `--multiple-faces must be one of ${MULTIPLE_FACES_POLICIES.join(', ')}, got "${policy}"`,
      'enroll',
    );
  }
  return {
    command: 'enroll',
    ...batch,
    embedder: parseEmbedder(values, 'enroll'),
    dataset: positionals[0]!,
    gallery,
    multipleFaces: policy as MultipleFacesPolicy,
  };
}

function parseIdentify(args: string[]): CommandLine {
  const { values, positionals } = parseFlags(args, IDENTIFY_FLAGS, 'identify');
  if (values.help) return { command: 'help', text: IDENTIFY_USAGE };
  const batch = batchConfig(values, positionals, 'identify');
  needLandmarks(batch, 'identify');
  const embedder = parseEmbedder(values, 'identify');
  return {
    command: 'identify',
    ...batch,
    embedder,
    gallery: fileFlag(values, 'gallery', 'identify', 'the gallery JSON made by mtcnn enroll'),
    threshold: parseThreshold(values, embedder, 'identify'),
    draw: directoryFlag(values, 'draw', 'identify'),
  };
}

function parseVerify(args: string[]): CommandLine {
  const { values, positionals } = parseFlags(args, VERIFY_FLAGS, 'verify');
  if (values.help) return { command: 'help', text: VERIFY_USAGE };
  if (positionals.length !== 2) {
    throw new UsageError(`verify compares two images: give A and B, got ${positionals.length}`, 'verify');
  }
  const batch = batchConfig(values, positionals, 'verify');
  needLandmarks(batch, 'verify');
  const embedder = parseEmbedder(values, 'verify');
  return { command: 'verify', ...batch, embedder, threshold: parseThreshold(values, embedder, 'verify') };
}

const USAGES: Record<string, string> = {
  detect: DETECT_USAGE,
  align: ALIGN_USAGE,
  embed: EMBED_USAGE,
  enroll: ENROLL_USAGE,
  identify: IDENTIFY_USAGE,
  verify: VERIFY_USAGE,
  queue: QUEUE_USAGE,
};
const COMMANDS = 'mtcnn detect, align, embed, enroll, identify, verify or queue';

/** Reads the command line. Throws {@link UsageError} for anything wrong with it. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const [first, ...rest] = argv;
  switch (first) {
    case 'detect':
      return parseDetect(rest);
    case 'align':
      return parseAlign(rest);
    case 'embed':
      return parseEmbed(rest);
    case 'enroll':
      return parseEnroll(rest);
    case 'identify':
      return parseIdentify(rest);
    case 'verify':
      return parseVerify(rest);
    case 'queue':
      return parseQueue(rest);
    case 'help':
    case '--help':
    case '-h':
      return { command: 'help', text: USAGES[rest[0] ?? ''] ?? MAIN_USAGE };
    case '--version':
    case '-V':
      return { command: 'version' };
    case undefined:
      throw new UsageError(`no command: use ${COMMANDS}`);
    default:
      throw new UsageError(`unknown command "${first}": use ${COMMANDS}`);
  }
}
