// A video for Chromium's fake camera (--use-file-for-fake-video-capture), made at test time from a photo, so the
// camera shows real faces. Y4M is the simplest format it reads: a text header, then raw I420 frames; Chromium
// loops the file.
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

export interface Rgba {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** RGBA to I420 (BT.601, full range, as the "C420jpeg" header says), chroma averaged over 2 × 2 pixels. */
function i420(image: Rgba): Uint8Array {
  const { width: w, height: h, data } = image;
  const out = new Uint8Array(w * h * 1.5);
  const u0 = w * h;
  const v0 = u0 + (w / 2) * (h / 2);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      out[y * w + x] = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
    }
  for (let y = 0; y < h; y += 2)
    for (let x = 0; x < w; x += 2) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const i = ((y + dy) * w + x + dx) * 4;
        r += data[i]!;
        g += data[i + 1]!;
        b += data[i + 2]!;
      }
      r /= 4;
      g /= 4;
      b /= 4;
      const c = (y / 2) * (w / 2) + x / 2;
      out[u0 + c] = Math.min(255, Math.max(0, 128 - 0.168736 * r - 0.331264 * g + 0.5 * b));
      out[v0 + c] = Math.min(255, Math.max(0, 128 + 0.5 * r - 0.418688 * g - 0.081312 * b));
    }
  return out;
}

/** Writes `frames` copies of the image as a Y4M file (even width and height). */
export function writeY4m(path: string, image: Rgba, frames = 2): void {
  const header = Buffer.from(`YUV4MPEG2 W${image.width} H${image.height} F10:1 Ip A1:1 C420jpeg\n`);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), i420(image)]);
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}

/**
 * A photo served by the page's origin, decoded by the browser and letterboxed into `width` × `height` (the
 * camera's size): Node needs no image decoder for it.
 */
export async function photoAsFrame(page: Page, url: string, width: number, height: number): Promise<Rgba> {
  const { base64 } = await page.evaluate(
    async ({ url, width, height }) => {
      const bitmap = await createImageBitmap(await (await fetch(url)).blob());
      const scale = Math.min(width / bitmap.width, height / bitmap.height);
      const [w, h] = [bitmap.width * scale, bitmap.height * scale];
      const context = new OffscreenCanvas(width, height).getContext('2d')!;
      context.fillStyle = '#000';
      context.fillRect(0, 0, width, height);
      context.drawImage(bitmap, (width - w) / 2, (height - h) / 2, w, h);
      const bytes = new Uint8Array(context.getImageData(0, 0, width, height).data.buffer);
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000)
        text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return { base64: btoa(text) };
    },
    { url, width, height },
  );
  return { width, height, data: new Uint8Array(Buffer.from(base64, 'base64')) };
}
