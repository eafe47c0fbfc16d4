// Node-only entry: the package's API, with a recognizer that also decodes image files and encoded bytes (sharp),
// and the folder-per-person dataset loader.
import { type NodeImageInput, nodeImageDecoder } from '@mtcnn/core/node';
import { createRecognizer as createCoreRecognizer } from '../recognizer.js';
import type { Recognizer, RecognizerOptions } from '../types.js';

export * from '../index.js';
export {
  DATASET_IMAGE_EXTENSIONS,
  type DatasetReport,
  type DatasetSample,
  type LabelledDataset,
  type LoadDatasetOptions,
  loadLabelledDataset,
} from './dataset.js';

/** A recognizer whose `detectAndEmbed` also takes file paths, file: URLs and encoded bytes. */
export type NodeRecognizer = Recognizer<NodeImageInput>;

/** The package's createRecognizer, with sharp decoding of files and bytes for `detectAndEmbed`. */
export async function createRecognizer(options: RecognizerOptions): Promise<NodeRecognizer> {
  // The decoder turns the Node-only inputs into pixels before the core sees them.
  const withDecoder =
    options && typeof options === 'object' ? { decodeImage: nodeImageDecoder, ...options } : options;
  return (await createCoreRecognizer(withDecoder)) as NodeRecognizer;
}
