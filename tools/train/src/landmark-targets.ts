// O-Net's landmark targets. WIDER FACE has no landmarks, so they are distilled: the released O-Net, run on the
// very input the detector would give it for a crop, supplies the five points (relative to the crop, the form of
// both its output and the sample set's landmarks). The trained O-Net learns the released one's landmarks; real
// annotated landmarks (CelebA, as in the paper) would be the way past that.
import type { Backend, Model, Session } from '@mtcnn/core';
import { requireOutput } from '@mtcnn/core/stage-kit';
import { ONET_MODEL } from '@mtcnn/onet';

/** A positive whose released-O-Net face score reaches this is also copied as a landmark sample (label −2). */
export const LANDMARK_SCORE = 0.9;
/** Crops per O-Net run. */
const BATCH = 256;

export interface LandmarkPrediction {
  /** The released O-Net's face probability for the crop. */
  readonly score: number;
  /** x1..x5 then y1..y5, relative to the crop. */
  readonly landmarks: Float32Array;
}

/** The released O-Net (or another model) as a landmark teacher; `dispose` releases its session. */
export interface LandmarkTeacher {
  /** Predictions for `count` normalised 48-px CHW inputs laid end to end in `inputs`. */
  predict(inputs: Float32Array, count: number): Promise<LandmarkPrediction[]>;
  dispose(): Promise<void>;
}

export async function createLandmarkTeacher(
  backend: Backend,
  model: Model = ONET_MODEL,
): Promise<LandmarkTeacher> {
  const session: Session = await backend.createSession(model);
  const per = 3 * 48 * 48;
  return {
    async predict(inputs, count) {
      const out: LandmarkPrediction[] = [];
      for (let start = 0; start < count; start += BATCH) {
        const n = Math.min(BATCH, count - start);
        const data = inputs.subarray(start * per, (start + n) * per);
        const result = await session.run({ input: { data, dims: [n, 3, 48, 48] } });
        const prob = requireOutput(result, 'prob', [n, 2]).data as Float32Array;
        const points = requireOutput(result, 'landmarks', [n, 10]).data as Float32Array;
        for (let i = 0; i < n; i++) {
          out.push({ score: prob[2 * i + 1]!, landmarks: points.slice(10 * i, 10 * i + 10) });
        }
      }
      return out;
    },
    dispose: () => session.dispose(),
  };
}

/**
 * The rule for landmark samples: a positive crop whose teacher score is at least {@link LANDMARK_SCORE}, so the
 * copied points come from crops the teacher itself is sure show a face (its landmarks on doubtful crops are
 * guesses). Part faces keep their distilled points as pos/part samples but are never copied.
 */
export function isLandmarkSample(label: number, score: number): boolean {
  return label === 1 && score >= LANDMARK_SCORE;
}
