import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { chromium } from 'playwright-core';

const ORT = '/work/main/node_modules/.pnpm/onnxruntime-web@1.30.0/node_modules/onnxruntime-web/dist/';
const types = {
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.html': 'text/html',
  '.onnx': 'application/octet-stream',
};
const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  let file;
  if (url.pathname.startsWith('/ort/')) file = ORT + url.pathname.slice(5);
  else if (url.pathname.startsWith('/model/')) {
    const m = url.pathname.slice(7).replace('.onnx', '');
    file = `/work/main/packages/${m}/model/${m}.onnx`;
  } else if (url.pathname === '/') file = '/tmp/spike/index.html';
  try {
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': types[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless=new',
    '--no-sandbox',
    '--enable-unsafe-webgpu',
    '--disable-gpu-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    ...process.argv.slice(3),
  ],
});
const page = await browser.newPage();
page.on('console', (m) => console.log('console:', m.text()));
await page.goto(`http://127.0.0.1:${server.address().port}/`);
console.log(await page.evaluate(`window.bench(${JSON.stringify(process.argv[2])})`));
await browser.close();
server.close();
