import type { Session } from './backend.js';
import type { StageContext } from './stage.js';
import type { Tensor } from './tensor.js';

/**
 * Runs per lane that a stage cuts its work into where its session runs several at once (`session.concurrency`
 * lanes, which take runs as they come free). Many small runs rather than one per lane: the first starts after a
 * fraction of the JavaScript that prepares them, and the lanes finish close together, since what keeps them even
 * is the size of the last few runs. The bench's A/B runs measure the choice.
 */
export const RUNS_PER_LANE = 12;

/** Lanes of a session: runs that make progress at once. */
export function lanesOf(session: Session): number {
  return Math.max(1, Math.floor(session.concurrency ?? 1));
}

/** How many runs to cut one stage's work into for `session`: RUNS_PER_LANE per lane, or 1 with a single lane. */
export function plannedRuns(session: Session): number {
  const lanes = lanesOf(session);
  return lanes > 1 ? lanes * RUNS_PER_LANE : 1;
}

/** One model run of a stage's work. */
export interface StageRun {
  /** The input's dims; it holds their product of values. */
  readonly dims: readonly number[];
  /** Writes the run's input into `input`, lent memory that is not cleared: every value must be written. */
  fill(input: Float32Array): void;
  /** Takes the run's outputs (runs may finish in any order). */
  settle(outputs: Readonly<Record<string, Tensor>>): void;
}

/**
 * Runs a stage's work on its session: with one lane, one run after the other; with several, each run started as
 * soon as its input is filled, with at most `window` in flight (default: all the runs a stage plans, see
 * {@link plannedRuns}), so that the lanes take them while the next inputs are prepared. Inputs are lent from the
 * call's scratch memory in the form the session takes without a copy, and given back when their run ends. After a
 * failure no further run starts; every run in flight settles before the first error is thrown, so none is left
 * holding its input.
 */
export async function runConcurrently(
  context: StageContext,
  inputName: string,
  runs: Iterable<StageRun>,
  window: number = plannedRuns(context.session),
): Promise<void> {
  const { session, scratch } = context;
  const inFlight = new Set<Promise<void>>();
  const errors: unknown[] = [];
  const start = (run: StageRun) => {
    const values = run.dims.reduce((a, b) => a * b, 1);
    const input = scratch.input(values, session);
    // A fill or a session that throws rather than rejecting fails this run the same way.
    const done = (async () => {
      run.fill(input);
      return session.run({ [inputName]: { data: input, dims: run.dims } });
    })()
      .then((outputs) => run.settle(outputs))
      .catch((error: unknown) => {
        errors.push(error);
      })
      .finally(() => {
        scratch.release(input);
        inFlight.delete(done);
      });
    inFlight.add(done);
  };
  const limit = Math.max(1, window);
  for (const run of runs) {
    if (errors.length > 0) break;
    while (inFlight.size >= limit) await Promise.race(inFlight);
    if (errors.length > 0) break;
    start(run);
  }
  while (inFlight.size > 0) await Promise.race(inFlight);
  if (errors.length > 0) throw errors[0];
}
