import type { Backend, RawImage, Stage } from '@mtcnn/core';
import { type ConformanceTarget, localConformanceTarget, type OutputTolerance } from '@mtcnn/core/testing';
import { nodeMemoryProbe } from './node-memory.js';
import { cpuReference } from './reference.js';
import { requiredWhereDemanded } from './required-target.js';

export interface NodeSubjectSpec {
  readonly name: string;
  readonly backend: () => Backend;
  readonly stages: (backend: Backend) => readonly Stage[];
  readonly tolerance: OutputTolerance;
  /** The photos for the full-detection check. */
  readonly photos: () => Promise<readonly { label: string; image: RawImage }[]>;
}

/** A subject checked in this Node process against the CPU reference; in CI a backend that cannot start fails. */
export function nodeTarget(spec: NodeSubjectSpec): ConformanceTarget {
  return requiredWhereDemanded(
    localConformanceTarget(spec.name, async () => ({
      subject: { name: spec.name, backend: spec.backend(), stages: spec.stages, tolerance: spec.tolerance },
      reference: await cpuReference(await spec.photos()),
      memory: nodeMemoryProbe(),
    })),
  );
}
