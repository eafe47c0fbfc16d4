import { collectResults } from '@mtcnn/queue';
import { EXIT_FAILED, EXIT_OK } from './exit-codes.js';
import { JsonArrayWriter } from './json-array.js';
import type { QueueCollectConfig } from './queue-options.js';
import { type InputRecord, isErrorRecord } from './records.js';
import type { Terminal } from './terminal.js';
import { UsageError } from './usage-error.js';

/** `mtcnn queue collect`: queue work's records in input order, as one JSON array. */
export async function queueCollectCommand(config: QueueCollectConfig, terminal: Terminal): Promise<number> {
  let collected: Awaited<ReturnType<typeof collectResults>>;
  try {
    collected = await collectResults(config.out);
  } catch (error) {
    throw new UsageError(
      `cannot read the records in "${config.out}": ${(error as Error).message}`,
      'queue collect',
    );
  }
  let json: JsonArrayWriter;
  try {
    json = new JsonArrayWriter(config.json, (text) => terminal.out(text));
  } catch (error) {
    throw new UsageError(
      `cannot write the --json file "${config.json}": ${(error as Error).message}`,
      'queue collect',
    );
  }
  const records = collected.records as InputRecord[];
  for (const record of records) json.add(record);
  json.close();
  const failed = records.filter(isErrorRecord).length;
  for (const input of collected.missing)
    terminal.err(`mtcnn: ${input}: its record is missing from ${config.out}\n`);
  terminal.err(
    `mtcnn: collected ${records.length} records` +
      (failed > 0 ? `, ${failed} of them error records` : '') +
      '\n',
  );
  return failed > 0 ? EXIT_FAILED : EXIT_OK;
}
