// What the test page offers the Node side, shared by both so the two cannot drift apart.
import type { CheckOutcome, ConformanceCheckName, ConformanceReference } from '@mtcnn/core/testing';

/** The subjects the page can check, each a backend (or mix of backends) of onnxruntime-web. */
export const BROWSER_SUBJECTS = ['wasm', 'webgpu', 'mixed'] as const;
export type BrowserSubject = (typeof BROWSER_SUBJECTS)[number];

/** Where the page finds its data and onnxruntime-web's files on the test server. */
export const ROUTES = { reference: '/data/reference.bin', ort: '/ort/' } as const;

/** What Node serves the page: the CPU reference, and which of its photos each kind of subject detects. */
export interface PageData {
  readonly reference: ConformanceReference;
  readonly photos: { readonly full: readonly string[]; readonly gpu: readonly string[] };
}

/** What the page reports about itself once loaded. */
export interface PageInfo {
  readonly crossOriginIsolated: boolean;
  readonly hardwareConcurrency: number;
  readonly webgpu: string;
  readonly memory: string;
}

export interface ConformancePage {
  readonly info: PageInfo;
  run(subject: BrowserSubject, check: ConformanceCheckName): Promise<CheckOutcome>;
  /** Times P-Net's outputs read back inside the run against kept in GPU buffers (see residency/). */
  measureResidency(repeats: number): Promise<unknown>;
}

declare global {
  interface Window {
    /** Set by the page once its reference data is loaded. */
    conformance?: Promise<ConformancePage>;
  }
}
