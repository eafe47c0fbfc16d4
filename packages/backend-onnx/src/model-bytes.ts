import type { ModelSource } from '@mtcnn/core/backend-kit';

/**
 * A `file:` URL as a path, without node:url (the web entry must not import Node modules, yet its
 * onnxruntime-web also runs in Node, where it reads model paths with fs). Handles POSIX and drive-letter paths.
 */
export function fileUrlPath(url: URL): string {
  const path = decodeURIComponent(url.pathname);
  return /^\/[A-Za-z]:\//.test(path) ? path.slice(1) : path;
}

/**
 * Model sources as onnxruntime takes them: bytes as they are, `file:` URLs as paths (Node), other URLs as
 * their href (fetched by the runtime).
 */
export function modelLocation(
  model: ModelSource,
  fileUrlToPath: (url: URL) => string = fileUrlPath,
): string | Uint8Array {
  if (model instanceof Uint8Array) return model;
  if (model instanceof URL) return model.protocol === 'file:' ? fileUrlToPath(model) : model.href;
  return model;
}
