/**
 * Headers that make the page cross-origin isolated. WebAssembly threads need SharedArrayBuffer, which browsers
 * only expose to isolated pages; every server of the playground (dev, preview, the e2e server, a static host)
 * must send both on every response. The e2e server (@mtcnn/fixtures/static-server) sends these very ones.
 */
export { CROSS_ORIGIN_ISOLATION_HEADERS } from '@mtcnn/fixtures/static-server';
