import type { RgbImage } from '../image.js';
import { cropAndResize } from './crop-resize.js';
import { nms } from './nms.js';
import { resampleImage } from './resample.js';
import { summedArea } from './summed-area.js';

/** The synthetic image's side: enough pyramid levels and crops for V8 to optimise the loops. */
const SIDE = 256;
/** Pyramid levels and crops resampled, per slice and in all. */
const LEVELS = 8;
const CROPS = 240;
const CROP_SLICES = 4;
const SCALE_STEP = 0.709;
const CROP_SIZES = [24, 48] as const;
/** Boxes per NMS, and NMS calls (P-Net's union per level, the last stage's min). */
const NMS_BOXES = 600;
const NMS_ROUNDS = 6;
const NMS_THRESHOLD = 0.5;

const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Runs the summed-area table, the area resampling (pyramid levels and crops) and NMS on synthetic input, in
 * a few slices that give way to other work between them, so that V8 has optimised them before the first photo,
 * which otherwise runs them interpreted while its compiles land. Meant to run while the sessions load, in the
 * gaps that leaves on the calling thread. The results are thrown away; nothing is shared with any call.
 */
export async function warmKernels(): Promise<void> {
  const data = new Uint8Array(SIDE * SIDE * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 0xff;
  const image: RgbImage = { data, width: SIDE, height: SIDE };
  const sums = summedArea(image);
  let scale = 1;
  for (let level = 0; level < LEVELS; level++) {
    const side = Math.max(1, Math.round(SIDE * scale));
    resampleImage(image, side, side, sums);
    scale *= SCALE_STEP;
  }
  for (let slice = 0; slice < CROP_SLICES; slice++) {
    await nextTurn();
    // Fractional boxes of many sizes, some past the border (zero-filled), cropped as R-Net's and O-Net's are:
    // the regions' numbers then reach the loop as the real ones do, and its optimised code fits them.
    const count = CROPS / CROP_SLICES;
    const boxes = new Float64Array(4 * count);
    for (let k = 0; k < count; k++) {
      const x = ((k * 37 + slice * 5) % SIDE) - 8.4;
      const y = ((k * 53 + slice * 3) % SIDE) - 8.6;
      const side = 20 + ((k * 11) % 60) + 0.3;
      boxes.set([x, y, x + side, y + side + (k % 3)], 4 * k);
    }
    for (const size of CROP_SIZES) cropAndResize(image, boxes, count, size, sums);
  }
  await nextTurn();
  // Fractional boxes, as the cascade's are, so that the optimised code is the one real boxes need.
  const boxes = new Float64Array(4 * NMS_BOXES);
  const scores = new Float64Array(NMS_BOXES);
  for (let round = 0; round < NMS_ROUNDS; round++) {
    for (let i = 0; i < NMS_BOXES; i++) {
      const x = ((i * 37 + round * 11) % SIDE) + 0.25;
      const y = ((i * 53 + round * 7) % SIDE) + 0.5;
      const side = 12 + ((i * 13) % 40) + 0.75;
      boxes.set([x, y, x + side, y + side], 4 * i);
      scores[i] = ((i * 7919) % 1000) / 1000;
    }
    nms(boxes, scores, NMS_THRESHOLD, round % 2 === 0 ? 'union' : 'min');
  }
}
