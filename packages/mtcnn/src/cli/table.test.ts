import { describe, expect, it } from 'vitest';
import type { InputRecord } from './records.js';
import { FaceTable, summaryLine } from './table.js';

const ok: InputRecord = {
  file: 'a.jpg',
  width: 640,
  height: 480,
  faces: [
    { box: { x: 10, y: 20.25, width: 100, height: 120.5 }, score: 0.99991 },
    { box: { x: 300, y: 40, width: 80, height: 90 }, score: 0.8 },
  ],
  timing: { decodeMs: 1, totalMs: 2, stages: {} },
};
const none: InputRecord = { ...ok, file: 'empty-room.jpg', faces: [] };
const failed: InputRecord = {
  file: 'bad.png',
  error: { code: 'INVALID_IMAGE', message: 'bad.png is empty' },
};

describe('FaceTable', () => {
  it('writes a row per face, one for an image without faces and one for a failure', () => {
    const table = new FaceTable(['a.jpg', 'empty-room.jpg', 'bad.png']);
    expect(table.header()).toBe('FILE            FACE  SCORE          X         Y     WIDTH    HEIGHT\n');
    expect(table.rows(ok)).toBe(
      'a.jpg              1  0.9999      10.0      20.3     100.0     120.5\n' +
        '                   2  0.8000     300.0      40.0      80.0      90.0\n',
    );
    expect(table.rows(none)).toBe('empty-room.jpg     -  no faces (640×480)\n');
    expect(table.rows(failed)).toBe('bad.png         error INVALID_IMAGE: bad.png is empty\n');
  });

  it('shortens long paths from the left for a terminal, and keeps them whole for a file or a pipe', () => {
    const long = `${'very/'.repeat(20)}photo.jpg`;
    const row = new FaceTable([long]).rows({ ...none, file: long });
    expect(row.startsWith('…')).toBe(true);
    expect(row).toContain('photo.jpg');
    const whole = new FaceTable([long, 'a.jpg'], false, undefined, Number.POSITIVE_INFINITY);
    expect(whole.rows({ ...none, file: long })).toBe(`${long}     -  no faces (640×480)\n`);
    expect(whole.header().indexOf('FACE')).toBe(long.length + 2);
  });

  it('says why an image has no faces when it is smaller than --min-face', () => {
    const small = {
      ...none,
      warnings: ['the image (640×480) is smaller than --min-face 500: no face can be found'],
    };
    expect(new FaceTable(['empty-room.jpg']).rows(small)).toBe(
      'empty-room.jpg     -  no faces: the image (640×480) is smaller than --min-face 500: no face can be found\n',
    );
  });
});

describe('summaryLine', () => {
  it('counts images, faces and failures', () => {
    expect(summaryLine([ok, none, failed], 2.345)).toBe('3 images, 2 faces, 1 failed in 2.3 s\n');
    expect(summaryLine([none], 0.1)).toBe('1 image, 0 faces, 0 failed in 0.1 s\n');
  });
});
