import type { OutputTolerance } from './subject.js';

/**
 * Output tolerances against onnxruntime-node's CPU provider, by device. The outputs are softmax probabilities in
 * [0, 1], box offsets (fractions of the box side, |x| < 1) and landmark positions (fractions of the box side in
 * [0, 1]), so an absolute bound is a bound on what matters: 1e-4 moves a box edge or a landmark by at most
 * 0.01 px per 100 px of box, and a probability by 1e-4 (a face within 1e-4 of a threshold is a tie anyway).
 */
export const OUTPUT_TOLERANCE = {
  /** The reference itself: new sessions of the same runtime must reproduce it bit for bit. */
  cpu: {
    maxAbs: 0,
    why: 'the same runtime and kernels on the same inputs are deterministic',
  },
  /**
   * WebAssembly runs the same MLAS kernels in float32, but with 128-bit SIMD instead of AVX2/AVX-512 and a
   * different blocking, so sums are added in another order. Float32 rounding then differs by a few ulp per
   * accumulation; over the longest dot products here (O-Net's 1152-input dense layer) that stays far below 1e-5.
   * (On x86-64 the CPU reference runs the models' nchwc form, which computes PRelu and P-Net's softmax by other
   * but equal formulas; that adds rounding differences of ~1e-7, measured 2.4e-7 on P-Net.)
   */
  wasm: {
    maxAbs: 1e-5,
    why: 'float32 with another SIMD width and summation order (a few ulp per dot product)',
  },
  /**
   * WebGPU runs float32 WGSL shaders: other summation orders, fused multiply-add where the shader compiler
   * chooses, and exp/division at WGSL precision (a few ulp, not correctly rounded). After the softmax that is
   * up to ~1e-5; 1e-4 leaves margin for drivers that contract more aggressively, and is still 100× below
   * anything that moves a face (see above).
   */
  webgpu: {
    maxAbs: 1e-4,
    why: 'float32 WGSL: other summation order, FMA contraction, approximate exp (ulp-level, ≤ 1e-4 after softmax)',
  },
} as const satisfies Record<string, OutputTolerance>;

/**
 * Agreement of full detections with the reference backend: the same faces, boxes overlapping by IoU ≥ 0.99 (a
 * ~200 px box may move by about half a pixel per side) and landmarks within 0.5 px. Model outputs that agree
 * to the tolerances above move boxes by hundredths of a pixel, so anything beyond this is a real difference
 * (a lost or extra candidate, a stage fed the wrong crop).
 */
export const DETECTION_TOLERANCE = {
  minIou: 0.99,
  maxLandmarkPx: 0.5,
} as const;
