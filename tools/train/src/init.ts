// Where training starts: the released weights (fine-tuning) or seeded random ones (from scratch).
import type { GraphSpec, Initializer } from '@mtcnn/weights';
import { Random } from './random.js';

export type InitMode = 'released' | 'scratch';

/** PReLU's starting slope (He et al. 2015). */
export const PRELU_INIT = 0.25;

/**
 * Initial weights for a graph. 'released': its own initializers (the converted released weights).
 * 'scratch': He-normal kernels for layers that feed a PReLU (std √(2 / fan-in), their gain), Xavier-uniform
 * for the output layers (limit √(6 / (fan-in + fan-out))), zero biases, PReLU slopes 0.25; seeded, so two runs
 * with one seed start alike.
 */
export function initialWeights(graph: GraphSpec, mode: InitMode, seed = 1): Initializer[] {
  if (mode === 'released')
    return graph.initializers.map((i) => ({ ...i, dims: [...i.dims], data: i.data.slice() }));
  const rng = new Random(seed);
  const feedsPrelu = new Set<string>();
  const consumers = new Map<string, string[]>();
  for (const n of graph.nodes)
    for (const i of n.inputs) consumers.set(i, [...(consumers.get(i) ?? []), n.opType]);
  const role = new Map<string, 'kernel' | 'bias' | 'alpha'>();
  for (const n of graph.nodes) {
    if (n.opType === 'Conv' || n.opType === 'Gemm') {
      role.set(n.inputs[1]!, 'kernel');
      if (n.inputs[2]) role.set(n.inputs[2], 'bias');
      if (consumers.get(n.outputs[0]!)?.includes('PRelu')) feedsPrelu.add(n.inputs[1]!);
    } else if (n.opType === 'PRelu') role.set(n.inputs[1]!, 'alpha');
  }
  return graph.initializers.map((init) => {
    const data = new Float32Array(init.data.length);
    const r = role.get(init.name);
    if (r === 'alpha') data.fill(PRELU_INIT);
    else if (r === 'kernel') {
      // OIHW kernels and [out, in] Gemm weights alike: out first, the rest is fan-in.
      const fanOut = init.dims[0]!;
      const fanIn = data.length / fanOut;
      if (feedsPrelu.has(init.name)) {
        const std = Math.sqrt(2 / fanIn);
        for (let i = 0; i < data.length; i++) data[i] = rng.normal() * std;
      } else {
        const limit = Math.sqrt(6 / (fanIn + fanOut));
        for (let i = 0; i < data.length; i++) data[i] = (rng.next() * 2 - 1) * limit;
      }
    }
    return { name: init.name, dims: [...init.dims], data };
  });
}
