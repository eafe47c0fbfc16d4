// A static file server for the test page, on 127.0.0.1 only. It sends the headers that make the page
// cross-origin isolated (COOP/COEP), without which browsers refuse SharedArrayBuffer and so WebAssembly threads.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.onnx': 'application/octet-stream',
};

const ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

export interface StaticServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `directories` (URL prefix → folder) and `buffers` (exact path → bytes). Paths that escape their
 * folder are refused.
 */
export async function startServer(
  directories: Readonly<Record<string, string>>,
  buffers: Readonly<Record<string, Uint8Array>>,
): Promise<StaticServer> {
  const server: Server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    const buffer = buffers[path];
    if (buffer) {
      response.writeHead(200, { ...ISOLATION, 'content-type': 'application/octet-stream' });
      response.end(buffer);
      return;
    }
    const prefix = Object.keys(directories)
      .filter((p) => path.startsWith(p))
      .sort((a, b) => b.length - a.length)[0];
    if (prefix !== undefined) {
      const root = normalize(directories[prefix]!);
      const relative = path.slice(prefix.length) || 'index.html';
      const file = normalize(join(root, relative));
      if (file.startsWith(root + sep) && (await stat(file).catch(() => undefined))?.isFile()) {
        response.writeHead(200, {
          ...ISOLATION,
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        });
        createReadStream(file).pipe(response);
        return;
      }
    }
    response.writeHead(404, ISOLATION);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
