// model.ts for browser bundles (package.json "browser" swaps it in): web backends load only the portable form,
// so only that file is written where bundlers look for assets (`new URL('literal', import.meta.url)`).
import type { ModelForms } from '@mtcnn/core';

/** The bundled model, resolved next to this module (bundlers turn this into an asset URL). */
export const PNET_MODEL_URL: URL = new URL('../model/pnet.onnx', import.meta.url);
// Not a literal, so bundlers leave the file out: no web backend loads the nchwc form.
const NCHWC_FILE = '../model/pnet.nchwc.onnx';
/** Where the nchwc form lies in the package; browser bundles do not include it (web backends never load it). */
export const PNET_NCHWC_MODEL_URL: URL = new URL(NCHWC_FILE, import.meta.url);
/** The bundled model in the form web backends load. */
export const PNET_MODEL: ModelForms = { portable: PNET_MODEL_URL };
