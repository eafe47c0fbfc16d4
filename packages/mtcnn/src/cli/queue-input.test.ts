// The queue's own fetch rules, against a real local HTTP server: which failures are the input's (an error record)
// and which are the server's (the chunk is retried).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isMtcnnError } from '@mtcnn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchUnavailableError, readQueueInput } from './queue-input.js';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/small') res.writeHead(200).end(Buffer.alloc(500, 7));
    else if (req.url === '/large') res.writeHead(200).end(Buffer.alloc(5000, 7));
    else if (req.url === '/busy') res.writeHead(503).end();
    else if (req.url === '/cut') {
      // Promises 5000 bytes, sends 100, then drops the connection.
      res.writeHead(200, { 'Content-Length': '5000' });
      res.write(Buffer.alloc(100, 7), () => res.socket?.destroy());
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('readQueueInput', () => {
  it('returns a body within the limit as bytes, and paths as they are', async () => {
    const bytes = await readQueueInput(`${base}/small`, 1000);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect((bytes as Uint8Array).length).toBe(500);
    expect(await readQueueInput('/photos/a.jpg')).toBe('/photos/a.jpg');
  });

  it("a body over the limit and a 404 are the input's failures: IMAGE_TOO_LARGE and INVALID_IMAGE", async () => {
    const large = await readQueueInput(`${base}/large`, 1000).catch((e: unknown) => e);
    expect(isMtcnnError(large, 'IMAGE_TOO_LARGE'), String(large)).toBe(true);
    const missing = await readQueueInput(`${base}/missing`).catch((e: unknown) => e);
    expect(isMtcnnError(missing, 'INVALID_IMAGE'), String(missing)).toBe(true);
  });

  it("a 5xx and a connection cut mid-body are the server's: FetchUnavailableError, so the chunk is retried", async () => {
    const busy = await readQueueInput(`${base}/busy`).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(FetchUnavailableError);
    const cut = await readQueueInput(`${base}/cut`).catch((e: unknown) => e);
    expect(cut).toBeInstanceOf(FetchUnavailableError);
  });
});
