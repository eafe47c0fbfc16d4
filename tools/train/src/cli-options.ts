// The trainer's command line as a config: commands, flags, defaults, and one clear message per mistake.
import { parseArgs } from 'node:util';
import { STAGES, type Stage } from './stage-graph.js';
import { TrainError } from './train-error.js';

export const COMMANDS = ['mine', 'fit', 'export', 'plot', 'all'] as const;
export type Command = (typeof COMMANDS)[number];

/** The recipe's epochs from random weights (MTCNN-Tensorflow's end_epoch), and a short fine-tune. */
export const DEFAULT_EPOCHS = {
  scratch: { pnet: 30, rnet: 22, onet: 22 },
  released: { pnet: 5, rnet: 5, onet: 5 },
} as const satisfies Record<'scratch' | 'released', Record<Stage, number>>;
export const DEFAULT_BATCH = 384;
export const DEFAULT_HOLDOUT_EVERY = 10;
export const DEFAULT_WORK = 'train-work';
export const DEFAULT_SEED = 1;

export interface TrainConfig {
  command: Command;
  /** The stages the command runs on, in cascade order. */
  stages: Stage[];
  data?: string;
  work: string;
  /** Given epochs; otherwise {@link DEFAULT_EPOCHS} by stage and init. */
  epochs?: number;
  batch: number;
  lr?: number;
  scratch: ReadonlySet<Stage>;
  holdoutEvery: number;
  limit?: number;
  models?: string;
  out?: string;
  resume: boolean;
  seed: number;
  help: boolean;
}

function usage(message: string): TrainError {
  return new TrainError('USAGE', message);
}

function wholeNumber(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min) {
    throw usage(`--${flag} takes a whole number ≥ ${min}, got ${JSON.stringify(text)}`);
  }
  return value;
}

function stageOf(text: string, flag: string): Stage {
  const stage = text.trim() as Stage;
  if (!STAGES.includes(stage))
    throw usage(`--${flag}: ${JSON.stringify(text)} is not a stage (pnet, rnet, onet)`);
  return stage;
}

/** Parses the arguments after the program name. */
export function parseTrainArgs(argv: readonly string[]): TrainConfig {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    // node:util's messages name the flag; keep them, as a usage error.
    throw usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  const help = values.help === true;
  const [command, ...extra] = positionals;
  if (help && command === undefined) return { ...defaults(), command: 'all', help };
  if (command === undefined) throw usage(`a command is needed: ${COMMANDS.join(', ')}`);
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw usage(`unknown command ${JSON.stringify(command)}: ${COMMANDS.join(', ')}`);
  }
  if (extra.length > 0) throw usage(`unexpected argument ${JSON.stringify(extra[0])}`);
  const cmd = command as Command;

  const stage = values.stage === undefined ? undefined : stageOf(values.stage, 'stage');
  const needsStage = cmd === 'mine' || cmd === 'fit' || cmd === 'export';
  if (needsStage && !stage && !help) throw usage(`${cmd} needs --stage (pnet, rnet or onet)`);
  if (cmd === 'all' && stage) throw usage('all runs every stage: leave out --stage');
  if ((cmd === 'mine' || cmd === 'all') && values.data === undefined && !help) {
    throw usage(`${cmd} needs --data DIR (the dataset: ground-truth.json and images/)`);
  }
  const scratch = new Set<Stage>();
  for (const name of (values.scratch ?? '').split(',').filter((s) => s.trim() !== '')) {
    scratch.add(stageOf(name, 'scratch'));
  }
  const lr = values.lr === undefined ? undefined : Number(values.lr);
  if (lr !== undefined && !(Number.isFinite(lr) && lr > 0)) {
    throw usage(`--lr takes a positive number, got ${JSON.stringify(values.lr)}`);
  }
  return {
    command: cmd,
    stages: stage ? [stage] : [...STAGES],
    data: values.data,
    work: values.work ?? DEFAULT_WORK,
    epochs: wholeNumber('epochs', values.epochs, 1),
    batch: wholeNumber('batch', values.batch, 1) ?? DEFAULT_BATCH,
    lr,
    scratch,
    holdoutEvery: wholeNumber('holdout-every', values['holdout-every'], 0) ?? DEFAULT_HOLDOUT_EVERY,
    limit: wholeNumber('limit', values.limit, 1),
    models: values.models,
    out: values.out,
    resume: values.resume ?? cmd === 'all',
    seed: wholeNumber('seed', values.seed, 0) ?? DEFAULT_SEED,
    help,
  };
}

function defaults(): Omit<TrainConfig, 'command' | 'help'> {
  return {
    stages: [...STAGES],
    work: DEFAULT_WORK,
    batch: DEFAULT_BATCH,
    scratch: new Set(),
    holdoutEvery: DEFAULT_HOLDOUT_EVERY,
    resume: false,
    seed: DEFAULT_SEED,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    allowNegative: true,
    strict: true,
    options: {
      data: { type: 'string' },
      work: { type: 'string' },
      stage: { type: 'string' },
      epochs: { type: 'string' },
      batch: { type: 'string' },
      lr: { type: 'string' },
      scratch: { type: 'string' },
      'holdout-every': { type: 'string' },
      limit: { type: 'string' },
      models: { type: 'string' },
      out: { type: 'string' },
      resume: { type: 'boolean' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** The epochs a stage is fitted for: as given, else the default for its init. */
export function epochsFor(config: TrainConfig, stage: Stage): number {
  return config.epochs ?? DEFAULT_EPOCHS[config.scratch.has(stage) ? 'scratch' : 'released'][stage];
}
