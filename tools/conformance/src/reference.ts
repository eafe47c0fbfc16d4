import { onnxNodeBackend } from '@mtcnn/backend-onnx/node';
import type { RawImage } from '@mtcnn/core';
import { buildConformanceReference, type ConformanceReference } from '@mtcnn/core/testing';
import { cascade } from './cascade.js';
import { recordImage, SMALL_OPTIONS, smallImages } from './images.js';

/** The reference every backend is held to: onnxruntime-node's CPU provider, on real images. */
export async function cpuReference(
  photos: readonly { label: string; image: RawImage }[],
): Promise<ConformanceReference> {
  return buildConformanceReference(onnxNodeBackend({ device: 'cpu' }), cascade, {
    recordImages: [await recordImage()],
    photos,
    small: await smallImages(),
    smallOptions: SMALL_OPTIONS,
  });
}
