import type { IdentityMatch } from '@mtcnn/recognition/node';
import { type BatchWorker, runBatch } from './batch.js';
import { writeAnnotated } from './draw.js';
import { startRecognizer } from './embedders.js';
import { readGallery } from './gallery-file.js';
import type { IdentifyConfig } from './options.js';
import type { IdentityRecord } from './records.js';
import type { Terminal } from './terminal.js';

const SCORE_DECIMALS = 3;

/** The library's match as a JSON record: undefined labels become null (unknown), an infinite margin null. */
export function identityRecord(match: IdentityMatch): IdentityRecord {
  return {
    label: match.label ?? null,
    nearest: match.nearest ?? null,
    similarity: match.similarity,
    distance: match.distance,
    metric: match.metric,
    threshold: match.threshold,
    margin: Number.isFinite(match.margin) ? match.margin : null,
    ...(match.second ? { second: match.second } : {}),
  };
}

/** `Ann 0.812` (cosine) or `unknown 0.71` (distance) for the table. */
function identityCell(identity: IdentityRecord | undefined): string {
  if (!identity) return '-';
  const score = identity.metric === 'cosine' ? identity.similarity : identity.distance;
  const name = identity.label ?? `unknown (nearest ${identity.nearest ?? 'none'})`;
  return `${name}  ${identity.metric === 'cosine' ? 'sim' : 'dist'} ${score.toFixed(SCORE_DECIMALS)}`;
}

/**
 * `mtcnn identify`: every face detected, embedded and matched against the gallery (open set), optionally drawn
 * with its name. The gallery is read first: a missing file or one of another embedder is a usage error.
 */
export async function identifyCommand(config: IdentifyConfig, terminal: Terminal): Promise<number> {
  const gallery = await readGallery(config.gallery, config.embedder, 'identify');
  const { draw, threshold } = config;
  const start = async (): Promise<BatchWorker> => {
    const recognizer = await startRecognizer(config.embedder, { detectorOptions: config.detector });
    return {
      step: async ({ stem, image, format, record }) => {
        const embedded = await recognizer.embedFaces(image, record.faces);
        const identities = embedded.map(({ embedding }) =>
          identityRecord(gallery.match(embedding, threshold === undefined ? {} : { threshold })),
        );
        if (draw) {
          const names = identities.map((identity) => ({ name: identity.label ?? undefined }));
          await writeAnnotated(image, record.faces, draw, stem, format, names);
        }
        return { ...record, faces: record.faces.map((face, k) => ({ ...face, identity: identities[k]! })) };
      },
      dispose: () => recognizer.dispose(),
    };
  };
  const code = await runBatch(
    {
      command: 'identify',
      config,
      outputDirectories: { draw },
      start,
      tableColumn: { title: 'IDENTITY', cell: (record, k) => identityCell(record.faces[k]?.identity) },
    },
    terminal,
  );
  if (draw && terminal.stderrIsTerminal) terminal.err(`annotated copies are in ${draw}\n`);
  return code;
}
