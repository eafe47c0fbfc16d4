/**
 * Headers that make the page cross-origin isolated. WebAssembly threads need SharedArrayBuffer, which browsers
 * only expose to isolated pages; every server of the playground (dev, preview, the e2e server, a static host)
 * must send both on every response.
 */
export const CROSS_ORIGIN_ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
