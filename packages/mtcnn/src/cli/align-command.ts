import { join } from 'node:path';
import { alignFace, arcfaceTemplate, cropFaceWithMargin, type RgbImage } from '@mtcnn/core';
import { type ImageStep, runBatch } from './batch.js';
import type { AlignConfig } from './options.js';
import { writePng } from './png.js';
import type { CropRecord } from './records.js';
import type { Terminal } from './terminal.js';

/** The step that cuts one crop per face, `<out>/<stem>_face<n>.png`, n from 1 (also `mtcnn queue work --job align`'s). */
export function alignStep(config: Pick<AlignConfig, 'out' | 'template' | 'size' | 'margin'>): ImageStep {
  const template = config.template === 'arcface' ? arcfaceTemplate(config.size) : undefined;
  return async ({ stem, image, record }) => {
    const crops: CropRecord[] = [];
    for (const [k, face] of record.faces.entries()) {
      // Numbered from 1 in the name, as in the table; `face` in the record stays the index into `faces`.
      const path = join(config.out, `${stem}_face${k + 1}.png`);
      let crop: RgbImage;
      if (template) {
        const aligned = alignFace(image, face, template);
        crop = aligned.image;
        crops.push({ face: k, path, matrix: [...aligned.matrix] });
      } else {
        const cut = cropFaceWithMargin(image, face.box, { size: config.size, margin: config.margin });
        crop = cut.image;
        crops.push({ face: k, path, region: cut.region });
      }
      await writePng(crop, path);
    }
    return { ...record, crops };
  };
}

/** `mtcnn align`: one crop per face, `<stem>_face<n>.png` (n from 1), aligned to ArcFace's template or cut with a margin. */
export async function alignCommand(config: AlignConfig, terminal: Terminal): Promise<number> {
  const step = alignStep(config);
  return runBatch(
    { command: 'align', config, outputDirectories: { out: config.out }, step, tableCrops: true },
    terminal,
  );
}
