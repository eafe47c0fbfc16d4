// The graph each stage is trained as: the released network converted by @mtcnn/weights, with the nodes, inputs,
// outputs and docString of the model the detector ships, so that trained initializers drop into it unchanged and
// encoding it with the released ones gives the shipped file.
import {
  convertGraph,
  type GraphSpec,
  inputConvention,
  loadSource,
  outputsNote,
  provenance,
  type Stage,
  stageSpecs,
  stages,
} from '@mtcnn/weights';

export type { Stage };

/** The three stages, in cascade order. */
export const STAGES: readonly Stage[] = stages;

/** Crop size each stage trains on. */
export const STAGE_INPUT_SIZE: Readonly<Record<Stage, number>> = { pnet: 12, rnet: 24, onet: 48 };

const cache = new Map<Stage, GraphSpec>();

/** A stage's shipped graph, with the released weights as its initializers (converted once per process). */
export function stageGraph(stage: Stage): GraphSpec {
  let graph = cache.get(stage);
  if (!graph) {
    const spec = stageSpecs[stage];
    graph = convertGraph(loadSource(stage).model, {
      ...spec,
      docString: `${spec.summary} Input: ${inputConvention} ${outputsNote(stage)} Weights: ${provenance}`,
    });
    cache.set(stage, graph);
  }
  return graph;
}
