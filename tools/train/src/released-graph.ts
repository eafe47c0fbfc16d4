// The graph each stage is trained as: the released network converted by @mtcnn/weights, the same nodes,
// inputs and outputs the detector runs, so that trained initializers drop into it unchanged.
import {
  convertGraph,
  type GraphSpec,
  inputConvention,
  loadSource,
  outputsNote,
  provenance,
  type Stage,
  stageSpecs,
} from '@mtcnn/weights';

const cache = new Map<Stage, GraphSpec>();

/**
 * A stage's converted graph with the released weights as its initializers, and the docString the shipped model
 * carries (so encoding it as it is gives the shipped file). Converted once per stage and process.
 */
export function releasedGraph(stage: Stage): GraphSpec {
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
