// Command-line options of `pnpm bench`.
import { isAbsolute, resolve } from 'node:path';

export interface BenchArgs {
  readonly quick: boolean;
  readonly runs: number;
  readonly warmRuns: number;
  /** Runs are also discarded until this much time has passed, so that the measured ones are steady. */
  readonly warmMs: number;
  /** A .json file (the markdown goes next to it) or a directory; undefined: tools/bench/results/. */
  readonly out?: string;
  readonly compare?: string;
  readonly backends?: string[];
  readonly inputs?: string[];
  readonly cold: boolean;
  readonly peak: boolean;
  readonly throughput: boolean;
  readonly opProfile: boolean;
  readonly recognition: boolean;
  readonly queue: boolean;
  readonly memory: boolean;
  readonly help: boolean;
}

/** Steady-state runs per input: at least 20 for a median and a p90 worth the name. */
export const DEFAULT_RUNS = 20;
export const QUICK_RUNS = 5;
/** Runs discarded after the first, before measuring: at least this many… */
export const DEFAULT_WARM_RUNS = 3;
export const QUICK_WARM_RUNS = 1;
/**
 * …and for at least this long. V8 keeps optimising the cascade's JavaScript (in the calling thread and the
 * worker threads) for the first seconds of a stream, so that the steady state starts after a time rather than
 * after a number of runs (the README's bench section gives the measurements).
 */
export const DEFAULT_WARM_MS = 2000;
export const QUICK_WARM_MS = 0;

export const USAGE = `pnpm bench [-- options]

  --quick            short run: ${QUICK_RUNS} runs per input, one photo, no cold runs
  --runs N           steady-state runs per input (default ${DEFAULT_RUNS})
  --warm N           runs discarded before measuring, at least (default ${DEFAULT_WARM_RUNS})
  --warm-ms T        and runs discarded for T ms at least (default ${DEFAULT_WARM_MS}: until V8's optimisation
                     of the JavaScript has settled)
  --out PATH         results file (.json; the .md goes next to it) or directory
                     (default tools/bench/results/, also written as latest.json / latest.md)
  --compare OLD.json print ratios against an earlier run
  --backends a,b     only these backends (onnx-node-cpu, onnx-node-cpu-inline, onnx-node-cpu-portable,
                     onnx-node-cpu-spin, onnx-node-webgpu, onnx-web-wasm)
  --inputs a,b       only these inputs (640x480, 1280x720, 1920x1080, sample1.jpg … sample6.jpg; for the
                     peak-memory section 1920x1080, 4000x3000, 8000x4200)
  --no-cold          skip the first-run-without-warm-up measurements
  --no-peak          skip the peak GFLOP/s measurement
  --no-throughput    skip the many-images measurement
  --no-op-profile    skip onnxruntime's per-operator profile of the three models
  --no-memory        skip the peak memory of one detection of large photos (1920x1080, 4000x3000 and
                     8000x4200, at min face 20 and 12)
  --no-recognition   skip face recognition (MobileFaceNet embeddings/s at batch 1, 8, 32; a 640×480 frame
                     with one face through detect + align + embed)
  --no-queue         skip scale-out on Redis (mtcnn queue work with 1 and 2 processes against mtcnn detect;
                     Redis's commands and CPU per chunk); needs redis-server. --backends none runs it alone
`;

/** Paths on the command line are relative to where the user ran pnpm, not to this package. */
function userPath(path: string): string {
  return isAbsolute(path) ? path : resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

function positiveInt(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer, got ${value}`);
  return n;
}

function wholeNumber(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number ≥ 0, got ${value}`);
  return n;
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  const quick = argv.includes('--quick');
  let runs = quick ? QUICK_RUNS : DEFAULT_RUNS;
  let warmRuns = quick ? QUICK_WARM_RUNS : DEFAULT_WARM_RUNS;
  let warmMs = quick ? QUICK_WARM_MS : DEFAULT_WARM_MS;
  let out: string | undefined;
  let compare: string | undefined;
  let backends: string[] | undefined;
  let inputs: string[] | undefined;
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--runs':
        runs = positiveInt(arg, value());
        break;
      case '--warm':
        warmRuns = wholeNumber(arg, value());
        break;
      case '--warm-ms':
        warmMs = wholeNumber(arg, value());
        break;
      case '--out':
        out = userPath(value());
        break;
      case '--compare':
        compare = userPath(value());
        break;
      case '--backends':
        backends = value().split(',');
        break;
      case '--inputs':
        inputs = value().split(',');
        break;
      case '--quick':
      case '--no-cold':
      case '--no-peak':
      case '--no-throughput':
      case '--no-op-profile':
      case '--no-recognition':
      case '--no-queue':
      case '--no-memory':
      case '--help':
      case '-h':
        flags.add(arg);
        break;
      case '--':
        break;
      default:
        throw new Error(`unknown option ${arg}\n\n${USAGE}`);
    }
  }
  return {
    quick,
    runs,
    warmRuns,
    warmMs,
    ...(out ? { out } : {}),
    ...(compare ? { compare } : {}),
    ...(backends ? { backends } : {}),
    ...(inputs ? { inputs } : {}),
    cold: !quick && !flags.has('--no-cold'),
    peak: !flags.has('--no-peak'),
    throughput: !flags.has('--no-throughput'),
    opProfile: !flags.has('--no-op-profile'),
    recognition: !flags.has('--no-recognition'),
    queue: !flags.has('--no-queue'),
    memory: !flags.has('--no-memory'),
    help: flags.has('--help') || flags.has('-h'),
  };
}
