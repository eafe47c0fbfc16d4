// The model files, in both forms. Bundlers for the browser read model.browser.ts instead (package.json
// "browser"), so a web bundle carries only the portable form, the one web backends load.
import type { ModelForms } from '@mtcnn/core';

// Typed as the global URL so that the declarations name no Node module (browser projects have no @types/node).
/** The bundled model, resolved next to this module (bundlers turn this into an asset URL). */
export const ONET_MODEL_URL: URL = new URL('../model/onet.onnx', import.meta.url);
/** The nchwc form of the same network (see model-info.json): onnxruntime's x86-64 CPU provider runs it faster. */
export const ONET_NCHWC_MODEL_URL: URL = new URL('../model/onet.nchwc.onnx', import.meta.url);
/** The bundled model in both forms; each backend loads the one it runs best. */
export const ONET_MODEL: ModelForms = { portable: ONET_MODEL_URL, nchwc: ONET_NCHWC_MODEL_URL };
