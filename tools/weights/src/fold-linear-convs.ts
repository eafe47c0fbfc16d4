// Folds a linear 1x1 convolution into the 1x1 convolution that alone reads it: B(A(x)) = (W_B W_A) x +
// (W_B b_A + b_B), one convolution instead of two. Only where the folded one does fewer multiply-adds per pixel
// (cin * cout < cin * mid + mid * cout): folding a narrow projection into a wide expansion would cost more.
// The folded weights are computed in float64 and rounded once, so they differ from the two-step float32
// product by rounding only.
import type { GraphSpec, Initializer, NodeSpec } from './onnx-writer.js';

function isPlain1x1(n: NodeSpec, weights: Initializer | undefined): weights is Initializer {
  if (n.opType !== 'Conv' || weights === undefined || weights.dims.length !== 4) return false;
  const a = n.attributes ?? {};
  const all = (v: unknown, x: number) => v === undefined || (Array.isArray(v) && v.every((e) => e === x));
  return (
    weights.dims[2] === 1 &&
    weights.dims[3] === 1 &&
    (a.group === undefined || a.group === 1) &&
    all(a.strides, 1) &&
    all(a.dilations, 1) &&
    all(a.pads, 0) &&
    Object.keys(a).every((k) => ['kernel_shape', 'strides', 'dilations', 'pads', 'group'].includes(k))
  );
}

/** The graph with every foldable pair of 1x1 convolutions folded (repeatedly, so chains fold too). */
export function foldLinearConvs(graph: GraphSpec): GraphSpec {
  let nodes = [...graph.nodes];
  let initializers = [...graph.initializers];
  const outputs = new Set(graph.outputs.map((o) => o.name));
  const init = (name: string | undefined) => initializers.find((i) => i.name === name);
  for (let changed = true; changed; ) {
    changed = false;
    for (const a of nodes) {
      const wa = init(a.inputs[1]);
      if (!isPlain1x1(a, wa) || outputs.has(a.outputs[0]!)) continue;
      const readers = nodes.filter((n) => n.inputs.includes(a.outputs[0]!));
      const b = readers[0];
      if (readers.length !== 1 || b === undefined || b.inputs[0] !== a.outputs[0]) continue;
      const wb = init(b.inputs[1]);
      if (!isPlain1x1(b, wb)) continue;
      const [mid, cin] = wa.dims as [number, number];
      const [cout, midB] = wb.dims as [number, number];
      if (midB !== mid || cin * cout >= cin * mid + mid * cout) continue;
      const ba = init(a.inputs[2]);
      const bb = init(b.inputs[2]);
      const w = new Float32Array(cout * cin);
      const bias = new Float32Array(cout);
      for (let o = 0; o < cout; o++) {
        let acc = bb ? bb.data[o]! : 0;
        for (let j = 0; j < mid; j++) acc += wb.data[o * mid + j]! * (ba ? ba.data[j]! : 0);
        bias[o] = acc;
        for (let c = 0; c < cin; c++) {
          let s = 0;
          for (let j = 0; j < mid; j++) s += wb.data[o * mid + j]! * wa.data[j * cin + c]!;
          w[o * cin + c] = s;
        }
      }
      const wName = `${b.name}:folded:OIHW`;
      const bName = `${b.name}:folded:bias`;
      const folded: NodeSpec = { ...b, inputs: [a.inputs[0]!, wName, bName] };
      nodes = nodes.filter((n) => n !== a).map((n) => (n === b ? folded : n));
      initializers.push(
        { name: wName, dims: [cout, cin, 1, 1], data: w },
        { name: bName, dims: [cout], data: bias },
      );
      const used = new Set(nodes.flatMap((n) => n.inputs));
      initializers = initializers.filter((i) => used.has(i.name));
      changed = true;
      break;
    }
  }
  return { ...graph, nodes, initializers };
}
