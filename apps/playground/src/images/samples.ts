/** A photo bundled with the playground. */
export interface SamplePhoto {
  /** File name in `@mtcnn/fixtures` (the @vladmandic/face-api demo photos) and under `samples/` in the app. */
  readonly file: string;
  /** Short name for the picker. */
  readonly label: string;
}

/**
 * Three of the six demo photos of `@vladmandic/face-api@1.7.15` (MIT), copied from `@mtcnn/fixtures` at build
 * time: three clear faces; three faces of which two sit near O-Net's threshold; five faces, one of them small.
 */
export const SAMPLE_PHOTOS: readonly SamplePhoto[] = [
  { file: 'sample1.jpg', label: 'Sample 1 · three faces' },
  { file: 'sample2.jpg', label: 'Sample 2 · near the threshold' },
  { file: 'sample4.jpg', label: 'Sample 4 · five faces, one small' },
];

/** Folder of the samples in the served app, relative to index.html. */
export const SAMPLES_FOLDER = 'samples';
