import { AUTO_ORDER, DEVICES } from '@mtcnn/backend-onnx/node';
import {
  DEFAULT_MAX_PIXELS,
  DEFAULT_MIN_FACE_SIZE,
  DEFAULT_SCALE_FACTOR,
  DEFAULT_THRESHOLDS,
} from '@mtcnn/core';
import { DEFAULT_CONCURRENCY, IMAGE_EXTENSIONS } from './defaults.js';
import { DEFAULT_FACENET_MARGIN, DEFAULT_FACENET_SIZE } from './templates.js';

const DETECTION_OPTIONS = `Detection options:
  --min-face N          smallest face to find, in pixels, ≥ 12 (default ${DEFAULT_MIN_FACE_SIZE})
  --scale-factor F      image pyramid scale step in (0, 1) (default ${DEFAULT_SCALE_FACTOR})
  --thresholds A,B,C    P-Net, R-Net, O-Net face probability thresholds (default ${DEFAULT_THRESHOLDS.join(',')})
  --stages S            last stage to run: pnet, rnet or onet (default onet; only onet gives landmarks)
  --max-faces N         keep the N highest-scoring faces per image (default: all)
  --max-pixels N        refuse images over N pixels, checked from the header before decoding
                        (decompression bombs; default ${DEFAULT_MAX_PIXELS})
  --backend B           ${DEVICES.join(', ')} or auto (default auto: ${AUTO_ORDER.node.join(', else ')});
                        per stage: pnet=webgpu,rnet=cpu,onet=cpu (unnamed stages: auto)
  --concurrency N       images in flight at once (default ${DEFAULT_CONCURRENCY})`;

const COMMON = `Inputs are image files or directories, searched recursively for
${IMAGE_EXTENSIONS.map((e) => `.${e}`).join(' ')} files.

Exit status: 0 every input succeeded, 1 some inputs failed (each is reported on stderr and as an error
record) or the detector could not start, 2 usage error.`;

export const DETECT_USAGE = `Usage: mtcnn detect [options] <files|directories...>

Finds faces: a box, a score and five landmarks (eyes, nose, mouth corners) each.

Output:
  --json FILE           write a JSON array with one record per input, in input order (FILE - is stdout)
  --jsonl               stream one JSON record per line on stdout as each input finishes
                        (without --json or --jsonl: a table on stdout)
  --draw DIR            write annotated copies to DIR/<name>.png: boxes, scores, landmarks

${DETECTION_OPTIONS}

${COMMON}`;

export const ALIGN_USAGE = `Usage: mtcnn align [options] --out DIR <files|directories...>

Cuts one crop per face, ready for a face recognition model: DIR/<name>_face<k>.png, where k is the
face's index in the detection results (0 = highest score).

Alignment:
  --out DIR             where the crops go (created if missing)
  --template T          arcface (default): the five landmarks fitted to the ArcFace template by a
                        least-squares similarity transform, bilinear warp, black outside the photo;
                        facenet: the box grown by a margin, cut and resized (facenet-pytorch's extract_face)
  --size N              crop side in pixels: arcface 112 (or a multiple of 112 or 128);
                        facenet default ${DEFAULT_FACENET_SIZE}
  --margin N            facenet: margin around the box, in pixels of the crop (default ${DEFAULT_FACENET_MARGIN})
  --json FILE, --jsonl  as for detect; records also list each face's crop

${DETECTION_OPTIONS}

${COMMON}`;

export const MAIN_USAGE = `Usage:
  mtcnn detect [options] <files|directories...>           find faces: a table, JSON, annotated copies
  mtcnn align [options] --out DIR <files|directories...>  aligned face crops for recognition models
  mtcnn <command> --help                                  the options of a command
  mtcnn --version

Examples:
  mtcnn detect photos/ --draw annotated/
  mtcnn detect a.jpg b.png --json faces.json
  mtcnn align photos/ --out crops/ --template arcface

MTCNN face detection (Zhang et al. 2016) on ONNX Runtime.`;
