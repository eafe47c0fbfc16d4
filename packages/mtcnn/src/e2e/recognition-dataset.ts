// A small folder-per-person dataset for the recognition commands, built at test time from the sample photos
// (@vladmandic/face-api's demo photos, MIT). Each person's images are VIEWS OF ONE PHOTO: the region around one face,
// cropped wider or tighter, mirrored, rescaled and re-encoded. They test the pipeline (detect → align → embed →
// gallery → open-set match) end to end, not recognition accuracy across independent photos of a person, which the
// sample photos do not offer.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { samplePath } from '@mtcnn/fixtures';
import sharp from 'sharp';

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One face of a sample photo: its box as `mtcnn detect` finds it there (rounded; the crops are generous). */
interface SampleFace {
  readonly photo: string;
  readonly box: Box;
}

/** How one view is made from the photo. */
interface View {
  /** Side of the square region cut around the face, as a multiple of the box's longer side. */
  readonly context: number;
  readonly flip?: boolean;
  /** Resize factor applied to the region. */
  readonly scale?: number;
  /** Brightness multiplier. */
  readonly brightness?: number;
  readonly format: 'jpg' | 'png' | 'webp';
}

/** The enrolled people: four faces from four different photos. */
export const PEOPLE: Readonly<Record<string, SampleFace>> = {
  anna: { photo: 'sample1.jpg', box: { x: 410, y: 354, width: 188, height: 248 } },
  ben: { photo: 'sample3.jpg', box: { x: 585, y: 326, width: 211, height: 272 } },
  carla: { photo: 'sample4.jpg', box: { x: 978, y: 185, width: 180, height: 229 } },
  dev: { photo: 'sample6.jpg', box: { x: 255, y: 481, width: 219, height: 286 } },
};
/** A person with a single image. */
export const SINGLE: SampleFace = { photo: 'sample5.jpg', box: { x: 595, y: 422, width: 176, height: 242 } };
/** A face enrolled nowhere: identify must call it unknown. */
export const STRANGER: SampleFace = {
  photo: 'sample5.jpg',
  box: { x: 1406, y: 389, width: 199, height: 278 },
};

/** Views enrolled per person: three, each made differently. */
const ENROLLED_VIEWS: readonly View[] = [
  { context: 2, format: 'jpg' },
  { context: 2.4, flip: true, format: 'png' },
  { context: 1.8, scale: 0.7, format: 'jpg' },
];
/** The held-out view identify is asked about: another scale, brightness and encoding than any enrolled one. */
export const HELD_OUT_VIEW: View = { context: 2.2, scale: 1.3, brightness: 1.15, format: 'webp' };

/** Writes one view of `face` to `path` (the extension follows the view's format). */
export async function writeView(face: SampleFace, view: View, path: string): Promise<string> {
  const photo = sharp(samplePath(face.photo));
  const { width = 0, height = 0 } = await photo.metadata();
  const side = Math.round(view.context * Math.max(face.box.width, face.box.height));
  const cx = face.box.x + face.box.width / 2;
  const cy = face.box.y + face.box.height / 2;
  const left = Math.max(0, Math.round(cx - side / 2));
  const top = Math.max(0, Math.round(cy - side / 2));
  const region = {
    left,
    top,
    width: Math.min(side, width - left),
    height: Math.min(side, height - top),
  };
  let image = sharp(samplePath(face.photo)).extract(region);
  if (view.flip) image = image.flop();
  if (view.scale) image = image.resize(Math.round(region.width * view.scale));
  if (view.brightness) image = image.modulate({ brightness: view.brightness });
  const file = `${path}.${view.format}`;
  const encoded =
    view.format === 'jpg'
      ? image.jpeg({ quality: 85 })
      : view.format === 'png'
        ? image.png()
        : image.webp({ quality: 80 });
  await encoded.toFile(file);
  return file;
}

export interface Dataset {
  readonly root: string;
  /** Per enrolled person, the held-out view (not in the dataset). */
  readonly heldOut: Readonly<Record<string, string>>;
  /** A view of the stranger (not in the dataset). */
  readonly stranger: string;
  /** Enrolled views of anna, for verify and embed. */
  readonly annaViews: readonly string[];
  readonly noFace: string;
  readonly broken: string;
  readonly crowd: string;
}

/**
 * DATASET/<person>/<images>: four people with three views each, `erin` with one image, a plain gradient PNG
 * without a face (in anna's folder), a broken JPEG (in ben's), and a whole group photo in `crowd` (several faces).
 * The held-out and stranger views go in `probes/`, beside the dataset.
 */
export async function buildDataset(dir: string): Promise<Dataset> {
  const root = join(dir, 'people');
  const probes = join(dir, 'probes');
  await mkdir(probes, { recursive: true });
  const heldOut: Record<string, string> = {};
  const annaViews: string[] = [];
  for (const [label, face] of Object.entries(PEOPLE)) {
    await mkdir(join(root, label), { recursive: true });
    for (const [i, view] of ENROLLED_VIEWS.entries()) {
      const file = await writeView(face, view, join(root, label, `view${i}`));
      if (label === 'anna') annaViews.push(file);
    }
    heldOut[label] = await writeView(face, HELD_OUT_VIEW, join(probes, label));
  }
  await mkdir(join(root, 'erin'), { recursive: true });
  await writeView(SINGLE, ENROLLED_VIEWS[0]!, join(root, 'erin', 'only'));
  const stranger = await writeView(STRANGER, HELD_OUT_VIEW, join(probes, 'stranger'));

  // A horizontal grey ramp: an image, but nothing like a face.
  const ramp = Buffer.alloc(256 * 64 * 3);
  for (let i = 0; i < 256 * 64; i++) ramp.fill(i % 256, 3 * i, 3 * i + 3);
  const noFace = join(root, 'anna', 'gradient.png');
  await sharp(ramp, { raw: { width: 256, height: 64, channels: 3 } })
    .png()
    .toFile(noFace);
  const broken = join(root, 'ben', 'broken.jpg');
  const photo = await readFile(samplePath('sample3.jpg'));
  await writeFile(broken, photo.subarray(0, 2000));
  await mkdir(join(root, 'crowd'), { recursive: true });
  const crowd = join(root, 'crowd', 'group.jpg');
  await sharp(samplePath('sample2.jpg')).resize(960).jpeg().toFile(crowd);
  return { root, heldOut, stranger, annaViews, noFace, broken, crowd };
}
