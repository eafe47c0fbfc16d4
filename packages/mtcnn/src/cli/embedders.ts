import { backendForDevice, type DeviceChoice } from '@mtcnn/backend-onnx/node';
import type { Detector, Embedder } from '@mtcnn/core';
import { dlibResnet } from '@mtcnn/dlib-resnet';
import { mobilefacenet } from '@mtcnn/mobilefacenet';
import { createRecognizer, type NodeRecognizer } from '@mtcnn/recognition/node';
import type { MtcnnOptions } from '../detector.js';

/** The embedders the CLI ships, by their `--embedder` name. */
export type EmbedderName = 'mobilefacenet' | 'dlib';
export const EMBEDDER_NAMES: readonly EmbedderName[] = ['mobilefacenet', 'dlib'];
/** MobileFaceNet: the smaller, faster model (192-d, cosine); dlib's ResNet is the alternative (128-d, euclidean). */
export const DEFAULT_EMBEDDER: EmbedderName = 'mobilefacenet';

const FACTORIES: Record<EmbedderName, () => Embedder> = {
  mobilefacenet: () => mobilefacenet(),
  dlib: () => dlibResnet(),
};

export function embedderFor(name: EmbedderName): Embedder {
  return FACTORIES[name]();
}

/** The `--embedder` name whose model has this id, to suggest it when a gallery belongs to another. */
export function embedderNameOfId(id: string): EmbedderName | undefined {
  return EMBEDDER_NAMES.find((name) => embedderFor(name).id === id);
}

/**
 * A recognizer for `name`, its model on the device the detector's O-Net uses (the stage whose crops it follows;
 * `auto` unless --backend names one), detecting with `detector` when given.
 */
export function startRecognizer(
  name: EmbedderName,
  options: { detectorOptions: MtcnnOptions; flip?: boolean; detector?: Detector },
): Promise<NodeRecognizer> {
  const device = options.detectorOptions.device;
  const choice: DeviceChoice = typeof device === 'string' ? device : (device?.onet ?? 'auto');
  return createRecognizer({
    embedder: embedderFor(name),
    backend: backendForDevice(choice),
    ...(options.flip ? { flip: true } : {}),
    ...(options.detector ? { detector: options.detector } : {}),
  });
}
