// The fidelity comparison: runs the cascade in one mode over a folder of photos and prints how it compares with a
// reference implementation's detections (recall of its faces at IoU 0.5 / 0.9 / 0.99, landmark error, extra
// faces) and with the ground truth (WIDER AP, easy / medium / hard at IoU 0.5). See README.md ("Fidelity modes").
//
//   node dist/fidelity/cli.js --images DIR --ground-truth FILE [--reference FILE] [--mode M] [--models DIR]
//     [--limit N] [--json F]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { onnxNodeBackend } from '@mtcnn/backend-onnx/node';
import { createDetector, type DetectOptions, decodeImageFile, type Face } from '@mtcnn/core/node';
import type { ReferenceFace } from '@mtcnn/core/testing';
import { onet } from '@mtcnn/onet';
import { pnet } from '@mtcnn/pnet';
import { rnet } from '@mtcnn/rnet';
import { stageModels } from 'mtcnn';
import { ReferenceTally } from './reference-compare.js';
import { type WiderPhoto, widerAp } from './wider-ap.js';
import { inSetting, WIDER_SETTINGS, type WiderFace } from './wider-settings.js';

/** The modes by name: the default cascade, facenet-pytorch compatibility, and the presets. */
export const MODES: Record<string, DetectOptions> = {
  default: {},
  'facenet-pytorch': { compat: 'facenet-pytorch' },
};

interface GroundTruthPhoto {
  readonly file: string;
  readonly width: number;
  readonly height: number;
  readonly faces: readonly WiderFace[];
}

interface ReferencePhoto {
  readonly width: number;
  readonly height: number;
  readonly faces: readonly {
    box: [number, number, number, number];
    prob: number;
    landmarks: [number, number][];
  }[];
}

function options() {
  const { values } = parseArgs({
    options: {
      images: { type: 'string' },
      'ground-truth': { type: 'string' },
      reference: { type: 'string' },
      mode: { type: 'string', default: 'default' },
      'min-face': { type: 'string' },
      'scale-factor': { type: 'string' },
      thresholds: { type: 'string' },
      offset: { type: 'string', default: '0' },
      every: { type: 'string', default: '1' },
      limit: { type: 'string' },
      threads: { type: 'string', default: '1' },
      json: { type: 'string' },
      models: { type: 'string' },
    },
  });
  if (!values.images || !values['ground-truth']) {
    throw new Error(
      'usage: cli.js --images DIR --ground-truth FILE [--reference FILE] [--mode default|facenet-pytorch] ' +
        '[--min-face N] [--scale-factor F] [--thresholds a,b,c] [--offset N] [--every K] [--limit N] [--threads N] ' +
        '[--models DIR (trained models, as pnpm train exports them)] [--json FILE]',
    );
  }
  const mode = MODES[values.mode!];
  if (!mode) throw new Error(`--mode must be one of ${Object.keys(MODES).join(', ')}`);
  const detect: Record<string, unknown> = { ...mode };
  if (values['min-face']) detect.minFaceSize = Number(values['min-face']);
  if (values['scale-factor']) detect.scaleFactor = Number(values['scale-factor']);
  if (values.thresholds) detect.thresholds = values.thresholds.split(',').map(Number);
  return { values, detect: detect as DetectOptions };
}

async function main() {
  const { values, detect } = options();
  const groundTruth: GroundTruthPhoto[] = JSON.parse(readFileSync(values['ground-truth']!, 'utf8'));
  const reference: Record<string, ReferencePhoto> | undefined = values.reference
    ? JSON.parse(readFileSync(values.reference, 'utf8'))
    : undefined;
  const offset = Number(values.offset);
  // Every K-th photo from the offset: a subset spread over all events (the file lists them event by event).
  const every = Number(values.every);
  const photos = groundTruth
    .slice(offset)
    .filter((_, i) => i % every === 0)
    .slice(0, values.limit ? Number(values.limit) : undefined);
  const threads = Number(values.threads);
  const own = values.models ? stageModels(values.models) : {};
  const detector = await createDetector({
    backend: onnxNodeBackend({ workerThreads: 0, intraOpNumThreads: threads }),
    stages: [pnet({ model: own.pnet }), rnet({ model: own.rnet }), onet({ model: own.onet })],
    ...detect,
  });
  const tally = new ReferenceTally();
  const ours: { photo: GroundTruthPhoto; faces: Face[] }[] = [];
  let detectMs = 0;
  let cpuMs = 0;
  try {
    await detector.warmup();
    for (const [n, photo] of photos.entries()) {
      const image = await decodeImageFile(join(values.images!, photo.file));
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const faces = await detector.detect(image);
      const cpu = process.cpuUsage(cpuBefore);
      detectMs += performance.now() - started;
      // CPU time of the process (onnxruntime runs on this thread alone): less swayed than the wall clock by
      // other work on a shared machine.
      cpuMs += (cpu.user + cpu.system) / 1000;
      ours.push({ photo, faces });
      const ref = reference?.[photo.file];
      if (ref) {
        const refFaces: ReferenceFace[] = ref.faces.map((f) => ({
          box: f.box,
          score: f.prob,
          landmarks: f.landmarks,
        }));
        tally.add(photo.file, faces, refFaces);
      }
      if ((n + 1) % 100 === 0) process.stderr.write(`${n + 1}/${photos.length}\n`);
    }
  } finally {
    await detector.dispose();
  }

  const lines = [
    `mode ${values.mode} ${JSON.stringify(detect)}: ${photos.length} photos (from #${offset}, every ${every})` +
      (values.models ? `, models from ${values.models} (${Object.keys(own).join(', ')})` : ''),
    `detection time per photo: ${(detectMs / photos.length).toFixed(1)} ms wall, ${(cpuMs / photos.length).toFixed(1)} ms CPU (decoding excluded; ${threads} onnxruntime thread(s), no worker threads)`,
  ];
  if (reference) lines.push('against the reference:', ...tally.summary().map((l) => `  ${l}`));
  const toWider = (faces: readonly Face[]) =>
    faces.map((f) => ({ x: f.box.x, y: f.box.y, w: f.box.width, h: f.box.height, score: f.score }));
  const ap = (detections: (p: GroundTruthPhoto, i: number) => readonly Face[] | undefined) =>
    Object.fromEntries(
      WIDER_SETTINGS.map((setting) => {
        const wider: WiderPhoto[] = ours.map(({ photo }, i) => ({
          faces: photo.faces,
          counted: photo.faces.map((f) => inSetting(f, setting)),
          detections: toWider(detections(photo, i) ?? []),
        }));
        return [setting, widerAp(wider, 0.5)];
      }),
    );
  const oursAp = ap((_, i) => ours[i]!.faces);
  const fmt = (r: ReturnType<typeof ap>) =>
    WIDER_SETTINGS.map(
      (s) => `${s} ${r[s]!.ap.toFixed(4)} (recall ${r[s]!.recall.toFixed(3)}, ${r[s]!.faces} faces)`,
    ).join(', ');
  lines.push(`WIDER AP at IoU 0.5, ours: ${fmt(oursAp)}`);
  let referenceAp: ReturnType<typeof ap> | undefined;
  if (reference) {
    referenceAp = ap((photo) =>
      reference[photo.file]?.faces.map((f) => ({
        box: { x: f.box[0], y: f.box[1], width: f.box[2] - f.box[0], height: f.box[3] - f.box[1] },
        score: f.prob,
      })),
    );
    lines.push(`WIDER AP at IoU 0.5, reference: ${fmt(referenceAp)}`);
  }
  console.log(lines.join('\n'));
  if (values.json) {
    writeFileSync(
      values.json,
      JSON.stringify(
        {
          mode: values.mode,
          options: detect,
          models: values.models ? Object.keys(own) : undefined,
          photos: photos.length,
          offset,
          msPerPhoto: detectMs / photos.length,
          cpuMsPerPhoto: cpuMs / photos.length,
          reference: reference
            ? { ...tally, summary: tally.summary(), landmarkErrors: undefined }
            : undefined,
          ap: oursAp,
          referenceAp,
        },
        null,
        1,
      ),
    );
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
