import type { ModelSource } from '@mtcnn/core';

/**
 * Model sources as onnxruntime takes them: bytes as they are, `file:` URLs as paths (Node), other URLs as
 * their href (fetched by the runtime).
 */
export function modelLocation(model: ModelSource, fileUrlToPath?: (url: URL) => string): string | Uint8Array {
  if (model instanceof Uint8Array) return model;
  if (model instanceof URL)
    return model.protocol === 'file:' && fileUrlToPath ? fileUrlToPath(model) : model.href;
  return model;
}
