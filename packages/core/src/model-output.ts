import { MtcnnError } from './errors.js';
import type { Tensor } from './tensor.js';

/**
 * The output `name` of a model run, checked against the expected shape (`-1` matches any size).
 * A backend or model that answers with something else fails loudly instead of producing wrong faces.
 */
export function requireOutput(
  outputs: Readonly<Record<string, Tensor>>,
  name: string,
  expectedDims: readonly number[],
): Tensor {
  const tensor = outputs[name];
  if (!tensor) {
    throw new MtcnnError(
      'INFERENCE_FAILED',
      `model output '${name}' is missing (got ${Object.keys(outputs).join(', ') || 'none'})`,
    );
  }
  const { dims } = tensor;
  const matches =
    dims.length === expectedDims.length && expectedDims.every((d, i) => d === -1 || d === dims[i]);
  if (!matches) {
    throw new MtcnnError(
      'INFERENCE_FAILED',
      `model output '${name}' has shape [${dims.join(', ')}], expected [${expectedDims.join(', ')}]`,
    );
  }
  return tensor;
}
