import { type ParseArgsConfig, parseArgs } from 'node:util';
import { DEFAULT_CHUNK_SIZE, REDIS_URL_ENV } from '@mtcnn/queue';
import {
  type AlignConfig,
  type CommandLine,
  type DetectConfig,
  type EmbedConfig,
  parseCommandLine,
} from './options.js';
import {
  QUEUE_ADD_USAGE,
  QUEUE_COLLECT_USAGE,
  QUEUE_RETRY_USAGE,
  QUEUE_STATUS_USAGE,
  QUEUE_USAGE,
  QUEUE_WORK_USAGE,
} from './queue-usage.js';
import { UsageError } from './usage-error.js';

/** What `queue work` does with each input: a command's per-input work, with that command's options. */
export type QueueJobName = 'detect' | 'align' | 'embed';
export const QUEUE_JOBS: readonly QueueJobName[] = ['detect', 'align', 'embed'];
export type QueueJob = DetectConfig | AlignConfig | EmbedConfig;

interface QueueTargetConfig {
  readonly command: 'queue';
  /** From --redis or MTCNN_REDIS_URL; may hold a password: never print it (the queue package redacts). */
  readonly redis: string;
  readonly queue: string | undefined;
}

export interface QueueAddConfig extends QueueTargetConfig {
  readonly action: 'add';
  readonly inputs: readonly string[];
  /** A file with one input per line ('-': stdin). */
  readonly list: string | undefined;
  readonly chunkSize: number;
}

export interface QueueWorkConfig extends QueueTargetConfig {
  readonly action: 'work';
  readonly out: string;
  readonly procs: number;
  /** Inputs per second for the whole command (its processes together); undefined: as fast as it goes. */
  readonly rate: number | undefined;
  readonly job: QueueJob;
  readonly lockDurationMs: number | undefined;
  readonly stalledIntervalMs: number | undefined;
  readonly untilEmpty: boolean;
  /** The arguments of one process, for `--procs N` to start N of them. */
  readonly childArgs: readonly string[];
}

export interface QueueStatusConfig extends QueueTargetConfig {
  readonly action: 'status';
  readonly once: boolean;
  readonly json: boolean;
}

export interface QueueRetryConfig extends QueueTargetConfig {
  readonly action: 'retry-failed';
}

export interface QueueCollectConfig {
  readonly command: 'queue';
  readonly action: 'collect';
  readonly out: string;
  readonly json: string;
}

export type QueueConfig =
  | QueueAddConfig
  | QueueWorkConfig
  | QueueStatusConfig
  | QueueRetryConfig
  | QueueCollectConfig;

const TARGET_FLAGS = {
  redis: { type: 'string' },
  queue: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
const ADD_FLAGS = { ...TARGET_FLAGS, list: { type: 'string' }, 'chunk-size': { type: 'string' } } as const;
const WORK_FLAGS = {
  ...TARGET_FLAGS,
  out: { type: 'string' },
  procs: { type: 'string' },
  rate: { type: 'string' },
  job: { type: 'string' },
  'lock-duration': { type: 'string' },
  'stalled-interval': { type: 'string' },
  'until-empty': { type: 'boolean' },
} as const;
const STATUS_FLAGS = { ...TARGET_FLAGS, once: { type: 'boolean' }, json: { type: 'boolean' } } as const;
const COLLECT_FLAGS = {
  out: { type: 'string' },
  json: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Flags of `queue work` that belong to the job (detection, alignment, embedding options) are passed to its parser. */
const JOB_FLAGS_REFUSED = ['json', 'jsonl', 'draw'];
const MAX_PROCS = 256;
const SECONDS_PER = { s: 1, m: 60, min: 60, h: 3600 } as const;
/** Stands in for the inputs when the job's own parser checks its options: queue work takes inputs from Redis. */
const PLACEHOLDER_INPUT = 'queue-input';

type Values = Partial<Record<string, string | boolean>>;

function parse(
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
  command: string,
  strict = true,
) {
  try {
    const { values, positionals, tokens } = parseArgs({
      args,
      options,
      allowPositionals: true,
      strict,
      tokens: true,
    });
    return { values: values as Values, positionals, tokens };
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError((error as Error).message, command);
    }
    throw error;
  }
}

function str(values: Values, flag: string): string | undefined {
  const v = values[flag];
  return typeof v === 'string' ? v : undefined;
}

function integer(values: Values, flag: string, command: string, fallback: number, max?: number): number {
  const text = str(values, flag);
  if (text === undefined) return fallback;
  const value = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || (max !== undefined && value > max)) {
    const range = max === undefined ? '≥ 1' : `from 1 to ${max}`;
    throw new UsageError(`--${flag} must be an integer ${range}, got "${text}"`, command);
  }
  return value;
}

function target(values: Values, command: string, env: NodeJS.ProcessEnv) {
  const redis = str(values, 'redis') ?? env[REDIS_URL_ENV];
  if (redis === undefined || redis === '') {
    throw new UsageError(`${command} needs --redis URL (or ${REDIS_URL_ENV} in the environment)`, command);
  }
  return { command: 'queue' as const, redis, queue: str(values, 'queue') };
}

function directory(values: Values, flag: string, command: string, purpose: string): string {
  const dir = str(values, flag);
  if (dir === undefined || dir === '' || dir.startsWith('--')) {
    throw new UsageError(`${command} needs --${flag} DIR: ${purpose}`, command);
  }
  return dir;
}

/** `N/s`, `N/m` (or `/min`), `N/h`, or a bare number of inputs per second. */
export function parseRate(text: string, command: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(s|m|min|h))?\s*$/.exec(text);
  const perSecond = match ? Number(match[1]) / SECONDS_PER[(match[2] ?? 's') as keyof typeof SECONDS_PER] : 0;
  if (!(perSecond > 0)) {
    throw new UsageError(
      `--rate needs inputs per time, such as 20/s, 600/m or 5000/h; got "${text}"`,
      command,
    );
  }
  return perSecond;
}

function parseAdd(args: string[], env: NodeJS.ProcessEnv): CommandLine {
  const command = 'queue add';
  const { values, positionals } = parse(args, ADD_FLAGS, command);
  if (values.help) return { command: 'help', text: QUEUE_ADD_USAGE };
  const list = str(values, 'list');
  if (positionals.length === 0 && list === undefined) {
    throw new UsageError('no inputs: give files, directories or URLs, or --list FILE', command);
  }
  return {
    ...target(values, command, env),
    action: 'add',
    inputs: positionals,
    list,
    chunkSize: integer(values, 'chunk-size', command, DEFAULT_CHUNK_SIZE),
  };
}

/** Splits `queue work`'s arguments into its own and the job's (everything else, for the job's parser). */
function splitWorkArgs(args: string[]): { own: string[]; job: string[] } {
  const { tokens } = parse(args, WORK_FLAGS, 'queue work', false);
  const own: string[] = [];
  const job: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'option') {
      const raw = args.slice(
        token.index,
        token.index + (token.value !== undefined && !token.inlineValue ? 2 : 1),
      );
      if (token.name in WORK_FLAGS) own.push(...raw);
      else job.push(...args.slice(token.index, token.index + 1));
    } else if (token.kind === 'positional') {
      // A value of a job flag (strict parsing off reads `--min-face 40` as a flag and a positional).
      job.push(token.value);
    } else {
      job.push('--');
    }
  }
  return { own, job };
}

/** `args` less the named flags and their values (`--flag value` or `--flag=value`). */
function withoutFlags(args: readonly string[], flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (flags.some((f) => arg === `--${f}`)) i++;
    else if (!flags.some((f) => arg.startsWith(`--${f}=`))) out.push(arg);
  }
  return out;
}

function parseWork(args: string[], env: NodeJS.ProcessEnv): CommandLine {
  const command = 'queue work';
  const { own, job: jobArgs } = splitWorkArgs(args);
  const { values, positionals } = parse(own, WORK_FLAGS, command);
  if (values.help) return { command: 'help', text: QUEUE_WORK_USAGE };
  if (positionals.length > 0) {
    throw new UsageError(
      `queue work takes its inputs from the queue, not the command line: "${positionals[0]}"`,
      command,
    );
  }
  const jobName = str(values, 'job') ?? 'detect';
  if (!QUEUE_JOBS.includes(jobName as QueueJobName)) {
    throw new UsageError(`--job must be one of ${QUEUE_JOBS.join(', ')}, got "${jobName}"`, command);
  }
  const out = directory(values, 'out', command, 'where the records go');
  for (const flag of JOB_FLAGS_REFUSED) {
    if (jobArgs.some((a) => a === `--${flag}` || a.startsWith(`--${flag}=`))) {
      throw new UsageError(
        `--${flag} is not for queue work: records go to --out, and mtcnn queue collect gathers them`,
        command,
      );
    }
  }
  let job: CommandLine;
  try {
    const cropsDir = `${out}/crops`;
    job = parseCommandLine([
      jobName,
      ...jobArgs,
      ...(jobName === 'align' ? ['--out', cropsDir] : []),
      PLACEHOLDER_INPUT,
    ]);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(error.message, command);
    throw error;
  }
  if (job.command !== 'detect' && job.command !== 'align' && job.command !== 'embed') {
    throw new UsageError(
      `queue work --job ${jobName} --help lists nothing: see mtcnn ${jobName} --help`,
      command,
    );
  }
  const rateText = str(values, 'rate');
  const lock = str(values, 'lock-duration');
  const stalled = str(values, 'stalled-interval');
  const procs = integer(values, 'procs', command, 1, MAX_PROCS);
  const childArgs = withoutFlags(own, ['procs', 'rate']);
  return {
    ...target(values, command, env),
    action: 'work',
    out,
    procs,
    rate: rateText === undefined ? undefined : parseRate(rateText, command),
    job: { ...job, inputs: [] },
    lockDurationMs: lock === undefined ? undefined : integer(values, 'lock-duration', command, 0),
    stalledIntervalMs: stalled === undefined ? undefined : integer(values, 'stalled-interval', command, 0),
    untilEmpty: values['until-empty'] === true,
    childArgs: [...childArgs, ...jobArgs],
  };
}

function parseStatus(args: string[], env: NodeJS.ProcessEnv): CommandLine {
  const command = 'queue status';
  const { values, positionals } = parse(args, STATUS_FLAGS, command);
  if (values.help) return { command: 'help', text: QUEUE_STATUS_USAGE };
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, command);
  return {
    ...target(values, command, env),
    action: 'status',
    once: values.once === true,
    json: values.json === true,
  };
}

function parseRetry(args: string[], env: NodeJS.ProcessEnv): CommandLine {
  const command = 'queue retry-failed';
  const { values, positionals } = parse(args, TARGET_FLAGS, command);
  if (values.help) return { command: 'help', text: QUEUE_RETRY_USAGE };
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, command);
  return { ...target(values, command, env), action: 'retry-failed' };
}

function parseCollect(args: string[]): CommandLine {
  const command = 'queue collect';
  const { values, positionals } = parse(args, COLLECT_FLAGS, command);
  if (values.help) return { command: 'help', text: QUEUE_COLLECT_USAGE };
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, command);
  const json = str(values, 'json');
  if (json === undefined || json === '' || json.startsWith('--')) {
    throw new UsageError('queue collect needs --json FILE (or - for stdout)', command);
  }
  return {
    command: 'queue',
    action: 'collect',
    out: directory(values, 'out', command, 'the records of queue work'),
    json,
  };
}

/** `mtcnn queue <action> …`. */
export function parseQueue(args: string[], env: NodeJS.ProcessEnv = process.env): CommandLine {
  const [action, ...rest] = args;
  switch (action) {
    case 'add':
      return parseAdd(rest, env);
    case 'work':
      return parseWork(rest, env);
    case 'status':
      return parseStatus(rest, env);
    case 'retry-failed':
      return parseRetry(rest, env);
    case 'collect':
      return parseCollect(rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      if (action === undefined)
        throw new UsageError('queue needs an action: add, work, status, retry-failed or collect', 'queue');
      return { command: 'help', text: QUEUE_USAGE };
    default:
      throw new UsageError(
        `unknown queue action "${action}": use add, work, status, retry-failed or collect`,
        'queue',
      );
  }
}
