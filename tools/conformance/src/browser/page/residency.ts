// Does keeping outputs on the GPU pay? Times each model on onnxruntime-web's WebGPU backend with outputs read
// back inside the run ('cpu') against outputs left in GPU buffers and downloaded by the adapter afterwards
// ('gpu-buffer'), on the reference's recorded inputs (real pyramid levels and crops), and whole detections of
// the GPU photos. The cascade needs every output on the CPU (thresholds, NMS, crops), so the question is
// which way of getting them there is faster.
import { type OnnxWebBackendOptions, onnxWebBackend } from '@mtcnn/backend-onnx/web';
import { type Backend, createDetector } from '@mtcnn/core';
import type { ConformanceReference } from '@mtcnn/core/testing';
import { cascade } from '../../cascade.js';

const LOCATIONS = ['cpu', 'gpu-buffer'] as const;
type Location = (typeof LOCATIONS)[number];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

export async function measureResidency(
  reference: ConformanceReference,
  photoLabels: readonly string[],
  runtime: Pick<OnnxWebBackendOptions, 'wasmPaths' | 'numThreads'>,
  repeats: number,
) {
  const backends = Object.fromEntries(
    LOCATIONS.map((location) => [
      location,
      onnxWebBackend({ device: 'webgpu', ...runtime, preferredOutputLocation: location }),
    ]),
  ) as Record<Location, Backend>;
  const models: Record<string, Record<Location, number>> = {};
  for (const stage of cascade(backends.cpu)) {
    const feeds = reference.runs[stage.name]!.map((run) => run.feeds);
    const sessions = {} as Record<Location, Awaited<ReturnType<Backend['createSession']>>>;
    for (const location of LOCATIONS) {
      sessions[location] = await backends[location].createSession(stage.model);
      for (const feed of feeds) await sessions[location].run(feed); // shader compilation, buffer pools
    }
    const times: Record<Location, number[]> = { cpu: [], 'gpu-buffer': [] };
    for (let r = 0; r < repeats; r++) {
      for (const location of LOCATIONS) {
        times[location].push(
          await timed(async () => {
            for (const feed of feeds) await sessions[location].run(feed);
          }),
        );
      }
    }
    models[`${stage.name} (${feeds.length} runs)`] = {
      cpu: median(times.cpu),
      'gpu-buffer': median(times['gpu-buffer']),
    };
    for (const location of LOCATIONS) await sessions[location].dispose();
  }

  const detections: Record<string, Record<Location, number>> = {};
  const images = [
    ...reference.photos.filter((p) => photoLabels.includes(p.label)),
    ...reference.small.slice(0, 1),
  ];
  const detectors = {} as Record<Location, Awaited<ReturnType<typeof createDetector>>>;
  for (const location of LOCATIONS)
    detectors[location] = await createDetector({ stages: cascade(backends[location]) });
  for (const image of images) {
    const options = reference.small.includes(image) ? reference.smallOptions : {};
    for (const location of LOCATIONS) await detectors[location].detect(image.image, options);
    const times: Record<Location, number[]> = { cpu: [], 'gpu-buffer': [] };
    // Interleaved, so that drift in the machine's load affects both alike.
    for (let r = 0; r < repeats; r++) {
      for (const location of LOCATIONS) {
        times[location].push(await timed(() => detectors[location].detect(image.image, options)));
      }
    }
    detections[image.label] = { cpu: median(times.cpu), 'gpu-buffer': median(times['gpu-buffer']) };
  }
  for (const location of LOCATIONS) await detectors[location].dispose();
  return { repeats, models, detections };
}
