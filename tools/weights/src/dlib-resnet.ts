// dlib's ResNet face descriptor (dlib_face_recognition_resnet_model_v1) from face-api.js's tfjs weights, as
// face-api's FaceRecognitionNet runs it, written as ONNX for NCHW input already normalised by the caller.
//
// face-api's network (src/faceRecognitionNet), the same as dlib's `anet_type`:
//   conv32_down: conv 7×7/2 'valid' + scale + relu; max pool 3×3/2 'valid'
//   residual ×3 (32), residualDown (64) + residual ×3, residualDown (128) + residual ×2,
//   residualDown (256) + residual ×2, residualDown (256, "down_out"); mean over H, W; matMul with fc [256, 128]
//   where a conv layer is conv (+ bias) then "scale" (per-channel × weights + biases: dlib's affine layer),
//   residual(x)     = relu(conv2(relu(conv1(x))) + x)                  3×3/1 'same' convs
//   residualDown(x) = relu(conv2(relu(conv1(x))) + avgPool2×2/2(x))    conv1 3×3/2 'valid', conv2 3×3/1 'same'
// and where the two branches of residualDown differ in size, face-api pads them as dlib's add_prev does: a zero
// row and column after the conv branch (8 → 3 vs 4, 4 → 1 vs 2), zero channels after the pooled one (C → 2C).
//
// ONNX: each conv's scale is folded into its kernel and bias (w·s, b·s + t, in double, rounded once); the zero
// row and column are a depthwise 1×1 Conv of ones with end pads; the zero channels are Concat(pooled, pooled · 0).
// Float initializers only, so the writer needs no int64 tensors. Ops: Conv, Relu, MaxPool, AveragePool, Add,
// Mul, Concat, GlobalAveragePool, Flatten, Gemm.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  DLIB_CHIP_PADDING,
  DLIB_CHIP_SIZE,
  DLIB_TEMPLATE_DERIVATION,
  dlibChipTemplate,
} from './dlib-template.js';
import {
  type Dim,
  encodeModel,
  type GraphSpec,
  type Initializer,
  IR_VERSION,
  type NodeSpec,
  OPSET,
} from './onnx-writer.js';
import { sha256 } from './source.js';
import {
  type DecodedWeight,
  decodeWeights,
  parseWeightsManifest,
  type WeightsManifest,
} from './tfjs-weights.js';

/** The npm package (name@version) the weights are taken from. */
export const DLIB_SOURCE_PACKAGE = '@vladmandic/face-api@1.7.15';
export const DLIB_SOURCE_MANIFEST = 'model/face_recognition_model-weights_manifest.json';

/** The network takes dlib's chips as they are. */
export const DLIB_INPUT_SIZE = DLIB_CHIP_SIZE;
export const DLIB_EMBEDDING_SIZE = 128;
/** dlib's input layer (input_rgb_image_sized): (pixel − mean) / 256 per RGB channel. */
export const DLIB_MEAN_RGB = [122.782, 117.001, 104.298] as const;
export const DLIB_SCALE = 1 / 256;
/** dlib's "same person" distance (the radius its metric loss trained identities into). */
export const DLIB_THRESHOLD = 0.6;

export const DLIB_INPUT_CONVENTION =
  'NCHW float32 [N, 3, 150, 150] RGB face chip, normalised by the caller as (x - [122.782, 117.001, 104.298]) / 256 ' +
  "(dlib's input_rgb_image_sized; face-api.js divides by 255 instead). The chip is aligned as dlib's " +
  'get_face_chip_details(size 150, padding 0.25); for MTCNN points use the 150 px template in model-info.json.';

export const DLIB_PROVENANCE =
  "dlib's ResNet face descriptor dlib_face_recognition_resnet_model_v1 by Davis King (released into the public " +
  'domain), ported to TensorFlow.js by face-api.js (Vincent Mühler, MIT) with most tensors uint8-quantised, as ' +
  `shipped in ${DLIB_SOURCE_PACKAGE} (MIT); converted to ONNX by @mtcnn/weights.`;

/** The residual blocks after conv32_down and the max pool, in order; `down` halves the size. */
export const DLIB_RESIDUAL_BLOCKS: readonly { name: string; down: boolean }[] = [
  { name: 'conv32_1', down: false },
  { name: 'conv32_2', down: false },
  { name: 'conv32_3', down: false },
  { name: 'conv64_down', down: true },
  { name: 'conv64_1', down: false },
  { name: 'conv64_2', down: false },
  { name: 'conv64_3', down: false },
  { name: 'conv128_down', down: true },
  { name: 'conv128_1', down: false },
  { name: 'conv128_2', down: false },
  { name: 'conv256_down', down: true },
  { name: 'conv256_1', down: false },
  { name: 'conv256_2', down: false },
  { name: 'conv256_down_out', down: true },
];

/** Absolute path of a file of the source package, resolved through node's module resolution. */
export function dlibSourcePath(file: string): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@vladmandic/face-api/package.json')), file);
}

export interface DlibSource {
  manifest: WeightsManifest;
  weights: Map<string, DecodedWeight>;
  /** The manifest and its shards: path in the package and sha256. */
  files: { path: string; sha256: string }[];
}

/** Reads and decodes the source manifest and its shard. */
export function loadDlibSource(): DlibSource {
  const manifestPath = dlibSourcePath(DLIB_SOURCE_MANIFEST);
  const manifestBytes = readFileSync(manifestPath);
  const manifest = parseWeightsManifest(manifestBytes.toString('utf8'));
  const files = [{ path: DLIB_SOURCE_MANIFEST, sha256: sha256(manifestBytes) }];
  const weights = decodeWeights(manifest, (shard) => {
    const bytes = new Uint8Array(readFileSync(join(dirname(manifestPath), shard)));
    files.push({ path: `model/${shard}`, sha256: sha256(bytes) });
    return bytes;
  });
  return { manifest, weights, files };
}

/** tfjs's output size and padding for one axis ('same' splits the total with the smaller half first). */
export function tfjsAxis(n: number, kernel: number, stride: number, padding: 'same' | 'valid') {
  if (padding === 'valid') return { out: Math.ceil((n - kernel + 1) / stride), begin: 0, end: 0 };
  const out = Math.ceil(n / stride);
  const total = Math.max(0, (out - 1) * stride + kernel - n);
  return { out, begin: Math.floor(total / 2), end: total - Math.floor(total / 2) };
}

interface Value {
  name: string;
  channels: number;
  /** Height = width: the input is square and every op treats both axes alike. */
  size: number;
}

class GraphBuilder {
  readonly nodes: NodeSpec[] = [];
  readonly initializers: Initializer[] = [];
  /** The source tensors read so far: every one must be, or the topology is not the file's. */
  readonly read = new Set<string>();
  constructor(private readonly weights: Map<string, DecodedWeight>) {}

  weight(name: string, shape: number[]): Float32Array {
    this.read.add(name);
    const w = this.weights.get(name);
    if (!w) throw new Error(`dlib-resnet: the weights have no "${name}"`);
    if (w.shape.join() !== shape.join()) {
      throw new Error(`dlib-resnet: "${name}" is [${w.shape}], expected [${shape}]`);
    }
    return w.data;
  }

  node(opType: string, name: string, inputs: string[], attributes?: NodeSpec['attributes']): string {
    const output = name;
    this.nodes.push({ opType, name, inputs, outputs: [output], ...(attributes ? { attributes } : {}) });
    return output;
  }

  /** conv + bias + scale (+ relu) of face-api's convLayer, the scale folded into the conv. */
  conv(
    x: Value,
    prefix: string,
    out: number,
    kernel: number,
    stride: number,
    padding: 'same' | 'valid',
    relu: boolean,
  ): Value {
    const inC = x.channels;
    const filters = this.weight(`${prefix}/conv/filters`, [kernel, kernel, inC, out]);
    const bias = this.weight(`${prefix}/conv/bias`, [out]);
    const mul = this.weight(`${prefix}/scale/weights`, [out]);
    const add = this.weight(`${prefix}/scale/biases`, [out]);
    // tfjs filters are HWIO; ONNX wants OIHW.
    const w = new Float32Array(out * inC * kernel * kernel);
    for (let o = 0; o < out; o++)
      for (let i = 0; i < inC; i++)
        for (let h = 0; h < kernel; h++)
          for (let k = 0; k < kernel; k++)
            w[((o * inC + i) * kernel + h) * kernel + k] =
              filters[((h * kernel + k) * inC + i) * out + o]! * mul[o]!;
    const b = new Float32Array(out);
    for (let o = 0; o < out; o++) b[o] = bias[o]! * mul[o]! + add[o]!;
    this.initializers.push({ name: `${prefix}/W`, dims: [out, inC, kernel, kernel], data: w });
    this.initializers.push({ name: `${prefix}/B`, dims: [out], data: b });
    const axis = tfjsAxis(x.size, kernel, stride, padding);
    let y = this.node('Conv', prefix, [x.name, `${prefix}/W`, `${prefix}/B`], {
      kernel_shape: [kernel, kernel],
      strides: [stride, stride],
      pads: [axis.begin, axis.begin, axis.end, axis.end],
    });
    if (relu) y = this.node('Relu', `${prefix}/relu`, [y]);
    return { name: y, channels: out, size: axis.out };
  }

  residual(x: Value, prefix: string): Value {
    const a = this.conv(x, `${prefix}/conv1`, x.channels, 3, 1, 'same', true);
    const b = this.conv(a, `${prefix}/conv2`, x.channels, 3, 1, 'same', false);
    const sum = this.node('Add', `${prefix}/add`, [b.name, x.name]);
    return { name: this.node('Relu', `${prefix}/relu`, [sum]), channels: x.channels, size: x.size };
  }

  residualDown(x: Value, prefix: string, out: number): Value {
    const a = this.conv(x, `${prefix}/conv1`, out, 3, 2, 'valid', true);
    let b = this.conv(a, `${prefix}/conv2`, out, 3, 1, 'same', false);
    const pool = tfjsAxis(x.size, 2, 2, 'valid');
    let pooled: Value = {
      name: this.node('AveragePool', `${prefix}/pool`, [x.name], { kernel_shape: [2, 2], strides: [2, 2] }),
      channels: x.channels,
      size: pool.out,
    };
    if (b.size !== pooled.size) {
      // face-api concatenates ONE zero row and column (as dlib's add_prev zero-pads the smaller input).
      if (pooled.size - b.size !== 1)
        throw new Error(`dlib-resnet: ${prefix}: branches ${b.size} vs ${pooled.size}`);
      const ones = `${prefix}/pad/W`;
      this.initializers.push({ name: ones, dims: [out, 1, 1, 1], data: new Float32Array(out).fill(1) });
      const padded = this.node('Conv', `${prefix}/pad`, [b.name, ones], {
        group: out,
        kernel_shape: [1, 1],
        pads: [0, 0, 1, 1],
      });
      b = { name: padded, channels: out, size: pooled.size };
    }
    if (pooled.channels !== out) {
      if (out !== 2 * pooled.channels)
        throw new Error(`dlib-resnet: ${prefix}: ${pooled.channels} → ${out} channels`);
      const zero = `${prefix}/zero`;
      this.initializers.push({ name: zero, dims: [], data: new Float32Array([0]) });
      const zeros = this.node('Mul', `${prefix}/zeros`, [pooled.name, zero]);
      pooled = {
        name: this.node('Concat', `${prefix}/concat`, [pooled.name, zeros], { axis: 1 }),
        channels: out,
        size: pooled.size,
      };
    }
    const sum = this.node('Add', `${prefix}/add`, [pooled.name, b.name]);
    return { name: this.node('Relu', `${prefix}/relu`, [sum]), channels: out, size: pooled.size };
  }
}

/** The channel count after a block: its name says it (conv64_… → 64). */
function blockChannels(name: string): number {
  const m = /^conv(\d+)_/.exec(name);
  if (!m) throw new Error(`dlib-resnet: block name ${name}`);
  return Number(m[1]);
}

const INPUT_NAME = 'input';
const OUTPUT_NAME = 'embedding';

/** The ONNX graph of face-api's FaceRecognitionNet for the given decoded weights. */
export function dlibResnetGraph(weights: Map<string, DecodedWeight>, docString = ''): GraphSpec {
  const g = new GraphBuilder(weights);
  let x: Value = { name: INPUT_NAME, channels: 3, size: DLIB_INPUT_SIZE };
  x = g.conv(x, 'conv32_down', 32, 7, 2, 'valid', true);
  const pool = tfjsAxis(x.size, 3, 2, 'valid');
  x = {
    ...x,
    name: g.node('MaxPool', 'pool', [x.name], { kernel_shape: [3, 3], strides: [2, 2] }),
    size: pool.out,
  };
  for (const block of DLIB_RESIDUAL_BLOCKS) {
    x = block.down ? g.residualDown(x, block.name, blockChannels(block.name)) : g.residual(x, block.name);
  }
  const avg = g.node('GlobalAveragePool', 'mean', [x.name]);
  const flat = g.node('Flatten', 'flatten', [avg], { axis: 1 });
  g.initializers.push({
    name: 'fc',
    dims: [x.channels, DLIB_EMBEDDING_SIZE],
    data: g.weight('fc', [x.channels, DLIB_EMBEDDING_SIZE]),
  });
  g.nodes.push({ opType: 'Gemm', name: 'fc', inputs: [flat, 'fc'], outputs: [OUTPUT_NAME] });
  const unused = [...weights.keys()].filter((k) => !g.read.has(k));
  if (unused.length > 0) throw new Error(`dlib-resnet: unused weights ${unused.join(', ')}`);
  const batch: Dim = 'N';
  return {
    name: 'dlib_resnet_v1',
    docString,
    inputs: [{ name: INPUT_NAME, shape: [batch, 3, DLIB_INPUT_SIZE, DLIB_INPUT_SIZE] }],
    outputs: [{ name: OUTPUT_NAME, shape: [batch, DLIB_EMBEDDING_SIZE] }],
    nodes: g.nodes,
    initializers: g.initializers,
  };
}

export interface DlibResnetInfo {
  model: 'dlib-resnet';
  summary: string;
  file: string;
  bytes: number;
  sha256: string;
  format: 'onnx';
  irVersion: number;
  opset: number;
  inputs: { name: string; dtype: 'float32'; shape: Dim[] }[];
  outputs: { name: string; dtype: 'float32'; shape: Dim[] }[];
  inputConvention: string;
  inputSize: number;
  channels: 'rgb';
  layout: 'nchw';
  mean: number[];
  scale: number;
  template: ReturnType<typeof dlibChipTemplate> & { padding: number; derivation: string };
  embeddingSize: number;
  metric: 'euclidean';
  threshold: number;
  thresholdNote: string;
  topology: string;
  source: { package: string; files: { path: string; sha256: string }[] };
  license: string;
  provenance: string;
  producer: string;
}

const SUMMARY =
  "dlib's ResNet face descriptor (29 conv layers): a 128-d embedding of a 150x150 aligned face chip; faces of one " +
  'person lie within Euclidean distance 0.6.';

const TOPOLOGY =
  'conv 7x7/2 valid 32 + scale + relu; maxpool 3x3/2 valid; 3 residual 32; residual-down 64 + 3 residual 64; ' +
  'residual-down 128 + 2 residual 128; residual-down 256 + 2 residual 256; residual-down 256; global mean; ' +
  'fc 256x128 without bias. Feature maps 150 -> 72 -> 35 -> 17 -> 8 -> 4 -> 2.';

function producerVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Converts the face-api weights to ONNX in memory, with the model-info.json describing it. */
export function buildDlibResnet(): { bytes: Uint8Array; info: DlibResnetInfo } {
  const source = loadDlibSource();
  const version = producerVersion();
  const graph = dlibResnetGraph(
    source.weights,
    `${SUMMARY} Input: ${DLIB_INPUT_CONVENTION} Output: embedding [N, 128]. Weights: ${DLIB_PROVENANCE}`,
  );
  const bytes = encodeModel(graph, version);
  const tensors = (vs: GraphSpec['inputs']) =>
    vs.map((v) => ({ name: v.name, dtype: 'float32' as const, shape: v.shape }));
  const info: DlibResnetInfo = {
    model: 'dlib-resnet',
    summary: SUMMARY,
    file: 'dlib-resnet.onnx',
    bytes: bytes.length,
    sha256: sha256(bytes),
    format: 'onnx',
    irVersion: IR_VERSION,
    opset: OPSET,
    inputs: tensors(graph.inputs),
    outputs: tensors(graph.outputs),
    inputConvention: DLIB_INPUT_CONVENTION,
    inputSize: DLIB_INPUT_SIZE,
    channels: 'rgb',
    layout: 'nchw',
    mean: [...DLIB_MEAN_RGB],
    scale: DLIB_SCALE,
    template: { ...dlibChipTemplate(), padding: DLIB_CHIP_PADDING, derivation: DLIB_TEMPLATE_DERIVATION },
    embeddingSize: DLIB_EMBEDDING_SIZE,
    metric: 'euclidean',
    threshold: DLIB_THRESHOLD,
    thresholdNote:
      "dlib's published threshold (distance < 0.6: same person; 99.38% on LFW with dlib's own float weights and " +
      'chips). These weights are uint8-quantised and the chips come from MTCNN points: recalibrate for your data.',
    topology: TOPOLOGY,
    source: { package: DLIB_SOURCE_PACKAGE, files: source.files },
    license:
      'Weights: public domain (dlib-models). face-api.js port and @vladmandic/face-api: MIT. This conversion: MIT.',
    provenance: DLIB_PROVENANCE,
    producer: `@mtcnn/weights@${version}`,
  };
  return { bytes, info };
}

/** Writes `<outDir>/dlib-resnet.onnx` and `<outDir>/model-info.json`. */
export function writeDlibResnet(outDir: string): DlibResnetInfo {
  const { bytes, info } = buildDlibResnet();
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, info.file), bytes);
  writeFileSync(join(outDir, 'model-info.json'), `${JSON.stringify(info, null, 2)}\n`);
  return info;
}
