// Reading encoded images from files and URLs, against a real local HTTP server serving a sample photo.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { samplePath } from '@mtcnn/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMtcnnError } from '../errors.js';
import { decodeImageFile, readImage } from './index.js';
import { readAllBytes, readImageBytes } from './read-image-bytes.js';

let server: Server;
let base: string;
let photo: Buffer;

beforeAll(async () => {
  photo = await readFile(samplePath('sample1.jpg'));
  server = createServer((request, response) => {
    if (request.url === '/sample1.jpg') {
      response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': photo.length });
      response.end(photo);
    } else if (request.url === '/chunked.jpg') {
      // No content-length: the size limit must hold while reading.
      response.writeHead(200, { 'content-type': 'image/jpeg' });
      response.write(photo.subarray(0, 1000));
      response.end(photo.subarray(1000));
    } else if (request.url === '/slow.jpg') {
      response.writeHead(200, { 'content-type': 'image/jpeg' });
      response.write(photo.subarray(0, 100)); // …and never the rest
    } else {
      response.writeHead(404, 'Not Found');
      response.end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isMtcnnError(error)).toBe(true);
  return error as { code: string; message: string };
}

describe('readImageBytes', () => {
  it('fetches an http URL: the same bytes as the file; decoded to the photo’s size', async () => {
    const bytes = await readImageBytes(new URL(`${base}/sample1.jpg`));
    expect(Buffer.from(bytes).equals(photo)).toBe(true);
    expect(Buffer.from(await readImageBytes(new URL(`${base}/chunked.jpg`))).equals(photo)).toBe(true);
    const image = await decodeImageFile(new URL(`${base}/sample1.jpg`));
    expect([image.width, image.height]).toEqual([1920, 1280]);
    const rgb = await readImage(new URL(`${base}/sample1.jpg`));
    expect(rgb.data.length).toBe(1920 * 1280 * 3);
  });

  it('a 404 is INVALID_IMAGE naming the URL and the status', async () => {
    const url = `${base}/missing.jpg`;
    expect(await failure(readImageBytes(new URL(url)))).toMatchObject({
      code: 'INVALID_IMAGE',
      message: `cannot fetch ${url}: HTTP 404 Not Found`,
    });
  });

  it('over maxBytes is IMAGE_TOO_LARGE, from the declared length or while reading', async () => {
    for (const path of ['/sample1.jpg', '/chunked.jpg']) {
      const url = `${base}${path}`;
      expect(await failure(readImageBytes(new URL(url), { maxBytes: 5000 }))).toMatchObject({
        code: 'IMAGE_TOO_LARGE',
        message: `${url} is over the limit of 5000 bytes (option maxBytes)`,
      });
    }
  });

  it('a download that does not finish in time is INVALID_IMAGE naming the URL', async () => {
    const url = `${base}/slow.jpg`;
    const error = await failure(readImageBytes(new URL(url), { timeoutMs: 300 }));
    expect(error).toMatchObject({
      code: 'INVALID_IMAGE',
      message: `cannot fetch ${url}: no complete answer within 0.3 s`,
    });
  });

  it('a refused connection is INVALID_IMAGE with the reason', async () => {
    // A port that was just free: nothing listens on it.
    const spare = createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const port = (spare.address() as AddressInfo).port;
    await new Promise((resolve) => spare.close(resolve));
    const error = await failure(readImageBytes(new URL(`http://127.0.0.1:${port}/x.jpg`)));
    expect(error.code).toBe('INVALID_IMAGE');
    expect(error.message).toMatch(
      /^cannot fetch http:\/\/127\.0\.0\.1:\d+\/x\.jpg: fetch failed: .*ECONNREFUSED/,
    );
  });

  it('reads paths and file: URLs; other schemes are INVALID_IMAGE saying which are read', async () => {
    const path = samplePath('sample1.jpg');
    expect(Buffer.from(await readImageBytes(path)).equals(photo)).toBe(true);
    expect(Buffer.from(await readImageBytes(pathToFileURL(path))).equals(photo)).toBe(true);
    expect(await failure(readImageBytes(new URL('ftp://example.com/a.jpg')))).toMatchObject({
      code: 'INVALID_IMAGE',
      message: 'cannot read ftp://example.com/a.jpg: ftp: URLs are not read (file:, http: and https: are)',
    });
  });
});

describe('readAllBytes', () => {
  it('joins a stream’s chunks, and stops past maxBytes', async () => {
    const chunks = () => Readable.from([Buffer.from('abc'), Buffer.from('defg')]);
    expect(Buffer.from(await readAllBytes(chunks(), 'stdin')).toString()).toBe('abcdefg');
    expect(await failure(readAllBytes(chunks(), 'stdin', 5))).toMatchObject({
      code: 'IMAGE_TOO_LARGE',
      message: 'stdin is over the limit of 5 bytes (option maxBytes)',
    });
  });
});
