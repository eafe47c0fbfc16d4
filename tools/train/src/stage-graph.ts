// The graph of a stage as we ship it: the released weights converted by @mtcnn/weights. Training keeps its nodes
// and replaces its initializers.
import { convertGraph, type GraphSpec, loadSource, type Stage, stageSpecs } from '@mtcnn/weights';

export type { Stage };

/** Crop size each stage trains on. */
export const STAGE_INPUT_SIZE: Record<Stage, number> = { pnet: 12, rnet: 24, onet: 48 };

/** The shipped graph of a stage, with the released weights as its initializers. */
export function stageGraph(stage: Stage): GraphSpec {
  return convertGraph(loadSource(stage).model, { ...stageSpecs[stage], docString: '' });
}
