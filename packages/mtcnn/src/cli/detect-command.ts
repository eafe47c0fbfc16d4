import { type ImageStep, runBatch } from './batch.js';
import { writeAnnotated } from './draw.js';
import type { DetectConfig } from './options.js';
import type { Terminal } from './terminal.js';

/** `mtcnn detect`: faces per image, as a table, JSON or JSON lines, and optionally annotated copies. */
export async function detectCommand(config: DetectConfig, terminal: Terminal): Promise<number> {
  const { draw } = config;
  const step: ImageStep | undefined = draw
    ? async ({ stem, image, format, record }) => {
        await writeAnnotated(image, record.faces, draw, stem, format);
        return record;
      }
    : undefined;
  const code = await runBatch(
    { command: 'detect', config, outputDirectories: { draw }, ...(step ? { step } : {}) },
    terminal,
  );
  if (draw && terminal.stderrIsTerminal) terminal.err(`annotated copies are in ${draw}\n`);
  return code;
}
