// Human-readable listing of a TFLite graph, used to inspect the source models (`cli.js dump <stage>`).
import { constantData, constantInt32, isConstant, mainSubgraph } from './tflite-constants.js';
import type { OperatorOptions, TfliteModel, TfliteTensor } from './tflite-reader.js';
import { TensorType, tensorTypeName } from './tflite-schema.js';

/** Constants this small (a reshape's target shape, a reduction axis) are printed with their values. */
const SHOWN_VALUES = 8;

function describeTensor(model: TfliteModel, t: TfliteTensor): string {
  const constant = isConstant(model, t);
  const kind = constant ? 'const ' : '';
  let values = '';
  const count = t.shape.reduce((a, b) => a * b, 1);
  if (constant && count <= SHOWN_VALUES && !t.quantized) {
    if (t.type === TensorType.INT32) values = ` = [${Array.from(constantInt32(model, t)).join(', ')}]`;
    if (t.type === TensorType.FLOAT32) values = ` = [${Array.from(constantData(model, t)).join(', ')}]`;
  }
  return `${kind}${t.name} ${tensorTypeName(t.type).toLowerCase()}[${t.shape.join(',')}]${values}`;
}

function describeOptions(o: OperatorOptions): string {
  switch (o.kind) {
    case 'None':
      return '';
    case 'Conv2D':
      return `padding=${o.padding} stride=${o.strideH}x${o.strideW} dilation=${o.dilationH}x${o.dilationW} act=${o.activation}`;
    case 'DepthwiseConv2D':
      return `padding=${o.padding} stride=${o.strideH}x${o.strideW} depth_multiplier=${o.depthMultiplier} dilation=${o.dilationH}x${o.dilationW} act=${o.activation}`;
    case 'Pool2D':
      return `padding=${o.padding} filter=${o.filterH}x${o.filterW} stride=${o.strideH}x${o.strideW} act=${o.activation}`;
    case 'FullyConnected':
      return `act=${o.activation} weights_format=${o.weightsFormat} keep_num_dims=${o.keepNumDims}`;
    case 'Reducer':
      return `keep_dims=${o.keepDims}`;
    case 'Elementwise':
      return `act=${o.activation}`;
    case 'Squeeze':
      return `squeeze_dims=[${o.squeezeDims.join(',')}]`;
    case 'Reshape':
      return `new_shape=[${o.newShape.join(',')}]`;
    case 'Softmax':
      return `beta=${o.beta}`;
    case 'Unsupported':
      return `(options type ${o.type} not decoded)`;
  }
}

/** One line per operator with its inputs, outputs and decoded options. */
export function dumpGraph(model: TfliteModel): string {
  const sg = mainSubgraph(model);
  const tensor = (i: number) => (i < 0 ? '(none)' : describeTensor(model, sg.tensors[i]!));
  const lines = [
    `version ${model.version}, description "${model.description}", ${sg.tensors.length} tensors, ${sg.operators.length} operators`,
    `inputs:  ${sg.inputs.map(tensor).join('; ')}`,
    `outputs: ${sg.outputs.map(tensor).join('; ')}`,
  ];
  const counts = new Map<string, number>();
  sg.operators.forEach((op, i) => {
    counts.set(op.opName, (counts.get(op.opName) ?? 0) + 1);
    lines.push(`#${i} ${op.opName} ${describeOptions(op.options)}`.trimEnd());
    for (const t of op.inputs) lines.push(`    in  ${tensor(t)}`);
    for (const t of op.outputs) lines.push(`    out ${tensor(t)}`);
  });
  const summary = [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([op, n]) => `${op} ${n}`);
  lines.push(`operator counts: ${summary.join(', ')}`);
  return lines.join('\n');
}
