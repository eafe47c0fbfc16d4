// How the detector behaves at its edges: partial cascades, empty and tiny images, faces on the border, bad
// input and options, and disposal. Runs the real models on onnxruntime-node's CPU backend.
import { onnxNodeBackend } from '@mtcnn/backend-onnx/node';
import {
  createDetector,
  decodeImageFile,
  isMtcnnError,
  type MtcnnErrorCode,
  type NodeDetector,
  type RawImage,
} from '@mtcnn/core/node';
import { iou } from '@mtcnn/core/stage-kit';
import { loadGolden, samplePath } from '@mtcnn/fixtures';
import { onet } from '@mtcnn/onet';
import { pnet } from '@mtcnn/pnet';
import { rnet } from '@mtcnn/rnet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const backend = onnxNodeBackend();
let full: NodeDetector;
let photo: RawImage;

async function expectCode(promise: Promise<unknown>, code: MtcnnErrorCode, pattern?: RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isMtcnnError(error, code), `expected MtcnnError ${code}, got ${String(error)}`).toBe(true);
  if (pattern) expect((error as Error).message).toMatch(pattern);
}

/** A copy of `rows` × `cols` pixels of an RGB image starting at (left, top). */
function crop(image: RawImage, left: number, top: number, cols: number, rows: number): RawImage {
  const data = new Uint8Array(cols * rows * 3);
  for (let y = 0; y < rows; y++) {
    const from = ((top + y) * image.width + left) * 3;
    data.set(image.data.subarray(from, from + cols * 3), y * cols * 3);
  }
  return { data, width: cols, height: rows, channels: 3 };
}

beforeAll(async () => {
  full = await createDetector({ backend, stages: [pnet(), rnet(), onet()] });
  photo = await decodeImageFile(samplePath('sample1.jpg'));
});

afterAll(async () => {
  await full?.dispose();
});

describe('partial cascades', () => {
  it('P-Net alone and P-Net + R-Net return faces without landmarks, near the full cascade faces', async () => {
    const fullFaces = await full.detect(photo);
    expect(fullFaces.length).toBe(3);
    expect(fullFaces.every((f) => f.landmarks !== undefined)).toBe(true);
    for (const stages of [[pnet()], [pnet(), rnet()]]) {
      const partial = await createDetector({ backend, stages });
      try {
        const faces = await partial.detect(photo);
        expect(faces.length).toBeGreaterThanOrEqual(fullFaces.length);
        expect(faces.every((f) => f.landmarks === undefined)).toBe(true);
        // Each final face is covered by a partial-cascade box (boxes are square and coarser there).
        for (const face of fullFaces) {
          const best = Math.max(
            ...faces.map((f) =>
              iou(
                [f.box.x, f.box.y, f.box.x + f.box.width, f.box.y + f.box.height],
                [face.box.x, face.box.y, face.box.x + face.box.width, face.box.y + face.box.height],
              ),
            ),
          );
          expect(best).toBeGreaterThan(0.5);
        }
      } finally {
        await partial.dispose();
      }
    }
  });

  it('rejects a cascade not starting with a proposal stage (P-Net), proposing later, or naming a stage twice', async () => {
    await expectCode(
      createDetector({ backend, stages: [rnet(), onet()] }),
      'INVALID_OPTION',
      /start with a proposal stage/,
    );
    await expectCode(
      createDetector({ backend, stages: [pnet(), rnet(), pnet({ name: 'pnet2' })] }),
      'INVALID_OPTION',
      /only the first stage may/,
    );
    await expectCode(
      createDetector({ backend, stages: [pnet(), rnet(), rnet()] }),
      'INVALID_OPTION',
      /two stages are named rnet/,
    );
    await expectCode(createDetector({ backend, stages: [] }), 'INVALID_OPTION', /non-empty/);
    await expectCode(createDetector({ stages: [pnet()] }), 'INVALID_OPTION', /no backend/);
  });
});

describe('images without faces', () => {
  it('a flat grey image gives []', async () => {
    const data = new Uint8Array(640 * 480 * 3).fill(128);
    expect(await full.detect({ data, width: 640, height: 480, channels: 3 })).toEqual([]);
  });

  it('an image too small for one 12 px window at any scale gives []', async () => {
    // min face 20 maps to 12 px at scale 0.6: a 19 px side becomes 11.4 px, below P-Net's window.
    const small = crop(photo, 900, 500, 19, 19);
    expect(await full.detect(small)).toEqual([]);
    const onePixel = { data: new Uint8Array([1, 2, 3]), width: 1, height: 1, channels: 3 as const };
    expect(await full.detect(onePixel)).toEqual([]);
  });
});

describe('faces on the border', () => {
  it('finds a face cut by the left and top borders, with a box extending past them', async () => {
    // sample1's left face spans x 411…599, y 354…602 in the reference; cut through its middle.
    const reference = loadGolden().results['sample1.jpg']!.faces[2]!;
    const [rx1, ry1, rx2, ry2] = reference.box;
    const left = Math.round(rx1 + 0.3 * (rx2 - rx1));
    const top = Math.round(ry1 + 0.2 * (ry2 - ry1));
    const cut = crop(photo, left, top, 400, 400);
    const faces = await full.detect(cut);
    expect(faces.length).toBeGreaterThanOrEqual(1);
    const face = faces[0]!;
    expect(face.box.x).toBeLessThan(0);
    expect(face.box.y).toBeLessThan(0);
    // The box still matches the uncut face, moved into the crop's coordinates.
    const moved = [rx1 - left, ry1 - top, rx2 - left, ry2 - top];
    const overlap = iou(
      [face.box.x, face.box.y, face.box.x + face.box.width, face.box.y + face.box.height],
      moved,
    );
    console.log(
      `border face: IoU with the uncut reference box ${overlap.toFixed(3)}, score ${face.score.toFixed(3)}`,
    );
    expect(overlap).toBeGreaterThan(0.6);
  });
});

describe('inputs and options', () => {
  it('accepts gray, RGB and RGBA pixels, a path and encoded bytes, and finds the same faces', async () => {
    const rgb = await full.detect(photo);
    const rgba = new Uint8Array(photo.width * photo.height * 4);
    for (let i = 0; i < photo.width * photo.height; i++) {
      rgba.set(photo.data.subarray(3 * i, 3 * i + 3), 4 * i);
      rgba[4 * i + 3] = 255;
    }
    expect(await full.detect({ data: rgba, width: photo.width, height: photo.height, channels: 4 })).toEqual(
      rgb,
    );
    expect(await full.detect({ data: rgba, width: photo.width, height: photo.height })).toEqual(rgb);
    expect(await full.detect(samplePath('sample1.jpg'))).toEqual(rgb);
    const { readFile } = await import('node:fs/promises');
    expect(await full.detect(await readFile(samplePath('sample1.jpg')))).toEqual(rgb);
    const gray = new Uint8Array(photo.width * photo.height);
    for (let i = 0; i < gray.length; i++) gray[i] = photo.data[3 * i + 1]!;
    const grayFaces = await full.detect({
      data: gray,
      width: photo.width,
      height: photo.height,
      channels: 1,
    });
    expect(grayFaces.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses bad images with typed errors', async () => {
    await expectCode(
      full.detect({ data: new Uint8Array(10), width: 2, height: 2, channels: 3 }),
      'INVALID_IMAGE',
      /needs 12/,
    );
    await expectCode(
      full.detect({ data: new Uint8Array(8), width: 2, height: 2 }),
      'INVALID_IMAGE',
      /channel/,
    );
    await expectCode(
      full.detect({ data: new Uint8Array(0), width: 0, height: 0, channels: 3 }),
      'INVALID_IMAGE',
    );
    await expectCode(full.detect(new Uint8Array(0)), 'INVALID_IMAGE', /empty/);
    await expectCode(
      full.detect(new TextEncoder().encode('not an image')),
      'INVALID_IMAGE',
      /not a decodable image/,
    );
    await expectCode(full.detect('/nonexistent/file.jpg'), 'INVALID_IMAGE', /cannot read/);
    await expectCode(full.detect(42 as never), 'INVALID_IMAGE', /unsupported image input/);
    await expectCode(full.detect(photo, { maxPixels: 1000 }), 'IMAGE_TOO_LARGE', /1920×1280/);
  });

  it('validates options with clear errors, and per-call options override', async () => {
    await expectCode(full.detect(photo, { minFaceSize: 8 }), 'INVALID_OPTION', /minFaceSize/);
    await expectCode(full.detect(photo, { thresholds: [0.6, 1.2, 0.7] }), 'INVALID_OPTION', /threshold/);
    await expectCode(full.detect(photo, { thresholds: { rnet: 1.2 } }), 'INVALID_OPTION', /threshold/);
    await expectCode(
      full.detect(photo, { thresholds: { qnet: 0.5 } }),
      'INVALID_OPTION',
      /unknown stage "qnet"/,
    );
    await expectCode(full.detect(photo, { scaleFactor: 1 }), 'INVALID_OPTION', /scaleFactor/);
    await expectCode(
      createDetector({ backend, stages: [pnet()], maxFaces: 0 }),
      'INVALID_OPTION',
      /maxFaces/,
    );
    const top = await full.detect(photo, { maxFaces: 1 });
    const all = await full.detect(photo);
    expect(top).toEqual(all.slice(0, 1));
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
    // A minimum face larger than every face in the photo finds none of them.
    expect(await full.detect(photo, { minFaceSize: 600 })).toEqual([]);
  });

  it('reports timings and candidate counts per stage', async () => {
    const details = await full.detectWithDetails(photo);
    expect(details.width).toBe(1920);
    expect(details.faces.length).toBe(3);
    const { pnet: p, rnet: r, onet: o } = details.timing.stages;
    expect(p!.candidatesIn).toBe(0);
    expect(r!.candidatesIn).toBe(p!.candidatesOut);
    expect(o!.candidatesIn).toBe(r!.candidatesOut);
    expect(o!.candidatesOut).toBe(3);
    expect(details.timing.totalMs).toBeGreaterThanOrEqual(p!.ms + r!.ms + o!.ms - 1);
  });
});

describe('worker threads', () => {
  it('find the same faces as onnxruntime alone in the calling thread, bit for bit, on sample photos', async () => {
    // The default backend splits P-Net's pyramid into bands and R-Net's and O-Net's crops into parts, run on
    // worker threads and the calling thread; each band and part gives the values of the whole, so the faces
    // must not differ in a single bit, not only within a tolerance.
    const threaded = await createDetector({
      backend: onnxNodeBackend({ workerThreads: 2 }),
      stages: [pnet(), rnet(), onet()],
    });
    const inline = await createDetector({
      backend: onnxNodeBackend({ workerThreads: 0 }),
      stages: [pnet(), rnet(), onet()],
    });
    try {
      for (const name of ['sample1.jpg', 'sample4.jpg', 'sample6.jpg']) {
        const image = await decodeImageFile(samplePath(name));
        const [a, b] = [await threaded.detectWithDetails(image), await inline.detectWithDetails(image)];
        expect(a.faces.length, name).toBeGreaterThan(0);
        expect(a.faces, name).toEqual(b.faces);
        for (const stage of ['pnet', 'rnet', 'onet'] as const) {
          expect(a.timing.stages[stage]!.candidatesOut, `${name} ${stage}`).toBe(
            b.timing.stages[stage]!.candidatesOut,
          );
        }
      }
    } finally {
      await Promise.all([threaded.dispose(), inline.dispose()]);
    }
  });
});

describe('disposal', () => {
  it('detect after dispose throws DETECTOR_DISPOSED; dispose waits for calls in flight', async () => {
    const detector = await createDetector({ backend, stages: [pnet(), rnet(), onet()] });
    await detector.warmup();
    const inFlight = detector.detect(photo);
    await detector.dispose();
    expect((await inFlight).length).toBe(3);
    await expectCode(detector.detect(photo), 'DETECTOR_DISPOSED');
    await detector.dispose();
  });

  it('a model that cannot be loaded fails with MODEL_LOAD_FAILED naming the stage', async () => {
    await expectCode(
      createDetector({ backend, stages: [pnet({ model: '/nonexistent/pnet.onnx' })] }),
      'MODEL_LOAD_FAILED',
      /pnet/,
    );
    await expectCode(
      createDetector({ backend, stages: [pnet(), rnet({ model: new Uint8Array([1, 2, 3]) })] }),
      'MODEL_LOAD_FAILED',
      /rnet/,
    );
  });
});
