// The graph each stage is trained as: the released network as @mtcnn/weights builds the shipped model (its nodes,
// inputs, outputs and docString), so that trained initializers drop into it unchanged and encoding it with the
// released ones gives the shipped file.
import { convertStage, type GraphSpec, type Stage, stages } from '@mtcnn/weights';

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
    graph = convertStage(stage);
    cache.set(stage, graph);
  }
  return graph;
}
