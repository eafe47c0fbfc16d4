// Test data the repository may ship: the six sample photos (@mtcnn/fixtures, MIT) with their reference detections
// as ground truth, laid out as a dataset folder (tools/train/README.md) of symbolic links.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGolden, sampleNames, samplePath } from '@mtcnn/fixtures';

/** A dataset folder of the sample photos; faces are the reference detections as { x, y, w, h }. */
export function sampleDataset(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mtcnn-samples-dataset-'));
  mkdirSync(join(dir, 'images'));
  const golden = loadGolden();
  const photos = sampleNames.map((name) => {
    symlinkSync(samplePath(name), join(dir, 'images', name));
    const { width, height, faces } = golden.results[name]!;
    return {
      file: name,
      width,
      height,
      faces: faces.map(({ box: [x1, y1, x2, y2] }) => ({ x: x1, y: y1, w: x2 - x1, h: y2 - y1 })),
    };
  });
  writeFileSync(join(dir, 'ground-truth.json'), JSON.stringify(photos));
  return dir;
}
