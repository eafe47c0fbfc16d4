import type { Backend, Stage } from '@mtcnn/core';
import { onet } from '@mtcnn/onet';
import { pnet } from '@mtcnn/pnet';
import { rnet } from '@mtcnn/rnet';

/** The full cascade on one backend. */
export function cascade(backend: Backend): Stage[] {
  return [pnet({ backend }), rnet({ backend }), onet({ backend })];
}

/** P-Net on one backend, R-Net and O-Net on another: the per-stage mix. */
export function mixedCascade(pnetBackend: Backend, refineBackend: Backend): (backend: Backend) => Stage[] {
  return () => [
    pnet({ backend: pnetBackend }),
    rnet({ backend: refineBackend }),
    onet({ backend: refineBackend }),
  ];
}
