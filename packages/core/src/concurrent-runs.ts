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

interface StageRunBase {
  /** The input's dims; it holds their product of values. */
  readonly dims: readonly number[];
  /** Takes the run's outputs (runs may finish in any order). */
  settle(outputs: Readonly<Record<string, Tensor>>): void;
}

/**
 * One model run of a stage's work, with its input written when the run starts (`fill`), or made beforehand, in
 * memory the stage took from its call's scratch (`take`: an input that was filled over time, such as a pyramid
 * band a ResampleStream writes while it makes others).
 */
export type StageRun = StageRunBase &
  (
    | {
        /** Writes the run's input into `input`, lent memory that is not cleared: every value must be written. */
        fill(input: Float32Array): void;
        take?: undefined;
      }
    | {
        /**
         * The run's input, complete, lent by `scratch.input(length, session)`; given back after the run like
         * the ones runConcurrently lends.
         */
        take(): Float32Array;
        fill?: undefined;
      }
  );

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
    let input: Float32Array | undefined;
    // A fill, a take or a session that throws rather than rejecting fails this run the same way.
    const done = (async () => {
      if (run.take) {
        input = run.take();
      } else {
        input = scratch.input(
          run.dims.reduce((a, b) => a * b, 1),
          session,
        );
        run.fill(input);
      }
      return session.run({ [inputName]: { data: input, dims: run.dims } });
    })()
      .then((outputs) => run.settle(outputs))
      .catch((error: unknown) => {
        errors.push(error);
      })
      .finally(() => {
        if (input) scratch.release(input);
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
