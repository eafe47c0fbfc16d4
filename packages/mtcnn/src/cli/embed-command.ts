import type { NodeRecognizer } from '@mtcnn/recognition/node';
import { type BatchWorker, runBatch } from './batch.js';
import { decodeInput } from './detect-file.js';
import { startRecognizer } from './embedders.js';
import type { EmbedConfig } from './options.js';
import type { AlignedRecord } from './records.js';
import type { Terminal } from './terminal.js';

/** A Float32Array as the plain numbers JSON writes (float32 values print exactly as doubles). */
export const toNumbers = (v: Float32Array): number[] => Array.from(v);

/** The recognizer and how each input is embedded: `mtcnn embed`'s, and `mtcnn queue work --job embed`'s. */
export async function startEmbedWorker(config: EmbedConfig): Promise<BatchWorker> {
  const recognizer: NodeRecognizer = await startRecognizer(config.embedder, {
    detectorOptions: config.detector,
    flip: config.flip,
  });
  const dispose = () => recognizer.dispose();
  if (config.aligned) {
    const processFile = async (file: string): Promise<AlignedRecord> => {
      const { image } = await decodeInput(file, config.maxPixels);
      // The recognizer refuses a crop that is not inputSize × inputSize (INVALID_IMAGE): reported per input.
      const [embedding] = await recognizer.embedAligned([image]);
      return { file, embedding: toNumbers(embedding!) };
    };
    return { processFile, dispose };
  }
  return {
    step: async ({ image, record }) => {
      const embedded = await recognizer.embedFaces(image, record.faces);
      return {
        ...record,
        faces: embedded.map(({ face, embedding }) => ({ ...face, embedding: toNumbers(embedding) })),
      };
    },
    dispose,
  };
}

/**
 * `mtcnn embed`: every face detected, aligned to the embedder's template and embedded (`faces[].embedding`); with
 * --aligned, each input is one aligned crop and its record is `{ file, embedding }`.
 */
export async function embedCommand(config: EmbedConfig, terminal: Terminal): Promise<number> {
  const start = () => startEmbedWorker(config);
  return runBatch(
    {
      command: 'embed',
      config,
      outputDirectories: {},
      start,
      detect: !config.aligned,
      tableColumn: {
        title: 'EMBEDDING',
        cell: (record, k) => `${record.faces[k]?.embedding?.length ?? 0} values`,
      },
    },
    terminal,
  );
}
