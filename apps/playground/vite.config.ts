import { defineConfig } from 'vite';
import { CROSS_ORIGIN_ISOLATION_HEADERS } from './vite/isolation-headers.js';
import { samplePhotosPlugin } from './vite/sample-photos-plugin.js';
import { workspaceBuiltPlugin } from './vite/workspace-built.js';

export default defineConfig({
  // Relative asset URLs: the build works from any folder of any static host.
  base: './',
  plugins: [workspaceBuiltPlugin(), samplePhotosPlugin()],
  server: { headers: CROSS_ORIGIN_ISOLATION_HEADERS },
  preview: { headers: CROSS_ORIGIN_ISOLATION_HEADERS },
  // The detector runs in a module worker that imports onnxruntime-web on demand: that needs ES workers.
  worker: { format: 'es' },
  // One onnxruntime-web, the playground's own, whichever package imports it (@mtcnn/backend-onnx does).
  resolve: { dedupe: ['onnxruntime-web'] },
  // onnxruntime-web is already an ES bundle; pre-bundling it only moves the files it locates at run time.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: {
    target: 'es2022',
    // onnxruntime-web's runtime (≈ 0.4 MB) is one chunk on purpose; its .wasm is a separate asset.
    chunkSizeWarningLimit: 1024,
  },
});
