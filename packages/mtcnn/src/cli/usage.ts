import { AUTO_ORDER, DEVICES } from '@mtcnn/backend-onnx/node';
import {
  DEFAULT_MAX_PIXELS,
  DEFAULT_MIN_FACE_SIZE,
  DEFAULT_SCALE_FACTOR,
  DEFAULT_THRESHOLDS,
  DETECT_PRESETS,
} from '@mtcnn/core';
import { DEFAULT_FETCH_TIMEOUT_MS, DEFAULT_MAX_INPUT_BYTES } from '@mtcnn/core/node';
import { DLIB_RESNET } from '@mtcnn/dlib-resnet';
import { MOBILEFACENET } from '@mtcnn/mobilefacenet';
import { DEFAULT_CONCURRENCY, IMAGE_EXTENSIONS } from './defaults.js';
import { DEFAULT_FACENET_MARGIN, DEFAULT_FACENET_SIZE } from './templates.js';

function presetText(name: keyof typeof DETECT_PRESETS): string {
  const { minFaceSize, scaleFactor, thresholds } = DETECT_PRESETS[name];
  return `min face ${minFaceSize}, scale factor ${scaleFactor},
                        thresholds ${thresholds.join(',')} (--min-face, --scale-factor, --thresholds override them)`;
}
const MS_PER_SECOND = 1000;
const BYTES_PER_MIB = 1024 * 1024;

const DETECTION_OPTIONS = `Detection options:
  --min-face N          smallest face to find, in pixels, ≥ 12 (default ${DEFAULT_MIN_FACE_SIZE})
  --scale-factor F      image pyramid scale step in (0, 1) (default ${DEFAULT_SCALE_FACTOR})
  --thresholds A,B,C    P-Net, R-Net, O-Net face probability thresholds (default ${DEFAULT_THRESHOLDS.join(',')})
  --preset P            high-recall: small and hard faces, about 5× slower: ${presetText('highRecall')}
  --compat C            facenet-pytorch: the faces facenet-pytorch's MTCNN finds, as it computes them
                        (default mtcnn: the original MATLAB code's arithmetic)
  --models DIR          models of your own, as \`pnpm train\` exports them: DIR/pnet.onnx, rnet.onnx and/or
                        onet.onnx (a stage without one keeps its bundled model)
  --stages S            last stage to run: pnet, rnet or onet (default onet; only onet gives landmarks)
  --max-faces N         keep the N highest-scoring faces per image (default: all)
  --max-pixels N        refuse images over N pixels, checked from the header before decoding
                        (decompression bombs; default ${DEFAULT_MAX_PIXELS})
  --backend B           ${DEVICES.join(', ')} or auto (default auto: ${AUTO_ORDER.node.join(', else ')});
                        per stage: pnet=webgpu,rnet=cpu,onet=cpu (unnamed stages: auto)
  --concurrency N       images in flight at once (default ${DEFAULT_CONCURRENCY})`;

const COMMON = `Inputs are image files or directories, searched recursively for
${IMAGE_EXTENSIONS.map((e) => `.${e}`).join(' ')} files; http:// and https:// URLs (fetched, ${DEFAULT_FETCH_TIMEOUT_MS / MS_PER_SECOND} s
and ${DEFAULT_MAX_INPUT_BYTES / BYTES_PER_MIB} MiB at most); file: URLs; and - for an image read from stdin.

Exit status: 0 every input succeeded, 1 some inputs failed (each is reported on stderr and as an error
record) or the detector could not start, 2 usage error.`;

export const DETECT_USAGE = `Usage: mtcnn detect [options] <files|directories...>

Finds faces: a box, a score and five landmarks (eyes, nose, mouth corners) each.

Output:
  --json FILE           write a JSON array with one record per input, in input order (FILE - is stdout)
  --jsonl               stream one JSON record per line on stdout as each input finishes
                        (without --json or --jsonl: a table on stdout)
  --draw DIR            write annotated copies to DIR/<name>.jpg (JPEG inputs), .webp (WebP) or .png
                        (any other): boxes numbered from 1 with their scores, and landmarks:
                        left eye cyan, right eye blue, nose green, mouth left red, mouth right orange

${DETECTION_OPTIONS}

${COMMON}`;

export const ALIGN_USAGE = `Usage: mtcnn align [options] --out DIR <files|directories...>

Cuts one crop per face, ready for a face recognition model: DIR/<name>_face<n>.png, where n is the
face's number in the table (1 = highest score).

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

const EMBEDDER_OPTION = `  --embedder E          mobilefacenet (default: ${MOBILEFACENET.embeddingSize}-d, cosine similarity, threshold ${MOBILEFACENET.threshold})
                        or dlib (dlib's ResNet: ${DLIB_RESNET.embeddingSize}-d, Euclidean distance, threshold ${DLIB_RESNET.threshold})`;

const THRESHOLD_OPTION = `  --threshold T         same person when the similarity ≥ T (mobilefacenet) or the distance ≤ T (dlib);
                        default: the embedder's calibrated threshold`;

const OUTPUT_OPTIONS = `  --json FILE           write a JSON array with one record per input, in input order (FILE - is stdout)
  --jsonl               stream one JSON record per line on stdout as each input finishes
                        (without --json or --jsonl: a table on stdout)`;

export const EMBED_USAGE = `Usage: mtcnn embed [options] <files|directories...>

Face embeddings: every face found is aligned by its landmarks to the embedder's template and embedded;
records carry faces[].embedding, a unit-length vector.

Embedding:
${EMBEDDER_OPTION}
  --aligned             inputs are already aligned crops of the embedder's input size (mobilefacenet
                        ${MOBILEFACENET.inputSize} px: mtcnn align's arcface crops; dlib ${DLIB_RESNET.inputSize} px): no detection, and each
                        record is { file, embedding } (detection options are ignored)
  --flip                embed each crop and its mirror image and add the two (twice the work)

Output:
${OUTPUT_OPTIONS}

${DETECTION_OPTIONS}

${COMMON}`;

export const ENROLL_USAGE = `Usage: mtcnn enroll [options] --gallery FILE DATASET

Builds a face gallery from DATASET, one folder per person (DATASET/<person>/<images>, as facenet's
align_dataset and classifier.py read it; the folder name is the label): every image is detected, one
face embedded, and enrolled under its person. The gallery is written as JSON naming the embedder, so
identify refuses it for another.

Reported on stderr and in the records: images that failed to read, images without a face, images with
several faces (and what was done), people with a single usable image, and people with none.

Enrolment:
  --gallery FILE        where the gallery JSON goes (written when at least one face was enrolled)
${EMBEDDER_OPTION}
  --multiple-faces P    an image with several faces: largest (default) enrols the face with the largest
                        box, as facenet's align_dataset keeps one face per image; skip leaves it out

Output:
${OUTPUT_OPTIONS}
                        records: one per image, then one summary record (see the README)

${DETECTION_OPTIONS}

Exit status: 0 every image was read (images without a usable face are reported, not failures), 1 some
images failed to read or nothing could be enrolled (or the models could not start), 2 usage error.`;

export const IDENTIFY_USAGE = `Usage: mtcnn identify [options] --gallery FILE <files|directories...>

Who is each face? Every face found is embedded and matched against the gallery (mtcnn enroll): the
nearest identity when it is within the threshold, else unknown, with the similarity, distance and the
margin over the second nearest identity.

Identification:
  --gallery FILE        the gallery JSON from mtcnn enroll; one made with another embedder is refused
                        (exit status 2: pass the --embedder it was made with)
${EMBEDDER_OPTION}
${THRESHOLD_OPTION}

Output:
${OUTPUT_OPTIONS}
  --draw DIR            write annotated copies to DIR/<name>.jpg/.webp/.png (as for detect): boxes with each
                        face's number and name (or unknown)

${DETECTION_OPTIONS}

${COMMON}`;

export const VERIFY_USAGE = `Usage: mtcnn verify [options] A B

Same person or not: the best face (highest detection score) of image A against that of image B, on the
embedder's metric and threshold. Prints the verdict with the similarity, the distance and the threshold.

Verification:
${EMBEDDER_OPTION}
${THRESHOLD_OPTION}

Output:
  --json FILE           write the verdict as a JSON record (FILE - is stdout)
  --jsonl               print the verdict as one JSON line on stdout

${DETECTION_OPTIONS}

Exit status: 0 the comparison ran (same or not: read the verdict), 1 an input failed (unreadable, or
no face in it) or the models could not start, 2 usage error.`;

export const MAIN_USAGE = `Usage:
  mtcnn detect [options] <files|directories...>           find faces: a table, JSON, annotated copies
  mtcnn align [options] --out DIR <files|directories...>  aligned face crops for recognition models
  mtcnn embed [options] <files|directories...>            face embeddings (or --aligned crops)
  mtcnn enroll [options] --gallery FILE DATASET           a face gallery from a folder per person
  mtcnn identify [options] --gallery FILE <files|dirs...> who each face is, or unknown
  mtcnn verify [options] A B                              same person or not
  mtcnn queue add|work|status|retry-failed|collect …      many machines on a Redis queue
  mtcnn <command> --help                                  the options of a command
  mtcnn --version

Examples:
  mtcnn detect photos/ --draw annotated/
  mtcnn detect a.jpg b.png --json faces.json
  mtcnn align photos/ --out crops/ --template arcface
  mtcnn enroll people/ --gallery gallery.json
  mtcnn identify party.jpg --gallery gallery.json --draw named/
  mtcnn verify a.jpg b.jpg

MTCNN face detection (Zhang et al. 2016) on ONNX Runtime.`;
