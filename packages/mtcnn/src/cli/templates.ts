import { ARCFACE_SIZE, FACENET_CROP_SIZE } from '@mtcnn/core';

/** The crops `mtcnn align` makes: ArcFace's five-point alignment, or facenet-pytorch's margin crop. */
export type TemplateName = 'arcface' | 'facenet';
export const TEMPLATE_NAMES: readonly TemplateName[] = ['arcface', 'facenet'];

export const DEFAULT_ARCFACE_SIZE = ARCFACE_SIZE;
export const DEFAULT_FACENET_SIZE = FACENET_CROP_SIZE;
/** 32 px of margin on a 160 px crop: the box's side grows by a quarter, as FaceNet pipelines commonly use. */
export const DEFAULT_FACENET_MARGIN = 32;
