import {
  DEFAULT_ATTEMPTS,
  DEFAULT_CHUNK_SIZE,
  DEFAULT_QUEUE,
  REDIS_PASSWORD_ENV,
  REDIS_URL_ENV,
} from '@mtcnn/queue';

const TARGET = `  --redis URL           redis://[user:password@]host[:port][/db], rediss:// for TLS (default: $${REDIS_URL_ENV});
                        the password may instead be in $${REDIS_PASSWORD_ENV}, out of sight of ps
  --queue NAME          the queue (default ${DEFAULT_QUEUE}): one Redis holds many`;

export const QUEUE_ADD_USAGE = `Usage: mtcnn queue add --redis URL [--queue NAME] <files|directories|URLs...|--list FILE>

Adds inputs to the queue in chunks. A chunk's job id comes from its inputs, so adding the same list again is
a no-op. Relative paths are made absolute: every worker must see the same path (a shared file system), or
use http(s): URLs.

  --list FILE           one input per line (- reads stdin), as well as or instead of arguments
  --chunk-size N        inputs per job (default ${DEFAULT_CHUNK_SIZE}): larger chunks cost Redis less, smaller ones
                        spread a short queue over more workers and redo less when a worker dies
${TARGET}`;

export const QUEUE_WORK_USAGE = `Usage: mtcnn queue work --redis URL --out DIR [options] [detection options]

Takes chunks from the queue until stopped (SIGTERM or Ctrl-C: the chunk in hand goes back to the queue
after the image in hand), and writes one record per input to DIR: the record mtcnn detect --json writes
(align: with crops, in DIR/crops; embed: with embeddings). Inputs whose record exists are skipped. A bad
input gets an error record; a failure of the machinery (the disk, Redis) fails the chunk, which is retried
${DEFAULT_ATTEMPTS} times with backoff and then kept in the failed set (mtcnn queue retry-failed).

  --out DIR             where the records go: DIR/<2 hex>/<key>.json, key a hash of the input
  --job J               detect (default), align or embed; takes that command's options
  --procs N             N worker processes, one detector each (default 1; at most the cores)
  --rate N/s            at most N inputs per second for this command (also N/m, N/h)
  --until-empty         exit once nothing is waiting or in progress in the queue
  --concurrency N       chunks in progress at once per process (default 2: decoding overlaps detection)
  --lock-duration MS    a chunk of a worker that died is redone this long after (default 30000)
  --stalled-interval MS how often workers look for such chunks (default 30000)
${TARGET}

Detection, alignment and embedding options: as for mtcnn detect, align (--template, --size, --margin) and
embed (--embedder, --flip, --aligned); --json, --jsonl and --draw are not for queue work.`;

export const QUEUE_STATUS_USAGE = `Usage: mtcnn queue status --redis URL [--queue NAME] [--once] [--json]

Chunks waiting, in progress, done and failed; inputs done of all added, the rate (all workers, last minute)
and the time left at that rate. On a terminal it follows the queue with a progress bar until nothing is
waiting or in progress (Ctrl-C to leave); piped, or with --once, it prints once.

  --once                print once
  --json                print once, as JSON
${TARGET}`;

export const QUEUE_RETRY_USAGE = `Usage: mtcnn queue retry-failed --redis URL [--queue NAME]

Moves every chunk in the failed set (its retries ran out) back to waiting, with fresh attempts.

${TARGET}`;

export const QUEUE_COLLECT_USAGE = `Usage: mtcnn queue collect --out DIR --json FILE

Gathers the records queue work wrote to DIR into one JSON array (FILE - is stdout), in the order the inputs
were added, each input once: the same array mtcnn detect --json writes. Needs no Redis.

Exit status: 0 every record is a success, 1 some inputs failed (error records, counted on stderr).`;

export const QUEUE_USAGE = `Usage: mtcnn queue <action> [options]

Many images over many processes and machines, on a Redis queue (BullMQ). Needs the packages bullmq and
ioredis beside mtcnn (npm install bullmq ioredis) and a Redis server (7 or later).

  mtcnn queue add --redis URL <inputs...>       add inputs in chunks (adding them again is a no-op)
  mtcnn queue work --redis URL --out DIR        process chunks; run one per machine with --procs = cores
  mtcnn queue status --redis URL                waiting, in progress, done, failed, rate, time left
  mtcnn queue retry-failed --redis URL          send failed chunks round again
  mtcnn queue collect --out DIR --json FILE     the records in input order, as mtcnn detect --json
  mtcnn queue <action> --help                   the options of an action

Example, on one machine:
  mtcnn queue add --redis redis://127.0.0.1:6379 photos/
  mtcnn queue work --redis redis://127.0.0.1:6379 --out results/ --procs 2 --until-empty
  mtcnn queue collect --out results/ --json faces.json`;
