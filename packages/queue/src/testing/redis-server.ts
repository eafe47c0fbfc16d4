import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How long redis-server gets to start answering on its port. */
const START_TIMEOUT_MS = 20_000;
const POLL_MS = 50;

/**
 * Whether tests can start redis-server. In CI (CI=true) its absence is a failure of the machine's setup, not
 * a reason to skip: `.ci/run` installs it.
 */
export function redisServerAvailable(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI === 'true') {
      throw new Error(
        'redis-server is not installed, and CI must run the queue tests: apt-get install redis-server',
      );
    }
    return false;
  }
}

export const SKIP_MESSAGE =
  'redis-server is not installed: the queue tests are skipped (apt-get install redis-server)';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => {
      socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
      socket.write('PING\r\n');
    });
  });
}

/** A redis-server of the test's own, on a free 127.0.0.1 port, persistence off. */
export interface TestRedis {
  readonly port: number;
  readonly url: string;
  /** Saves the data to its directory and stops (`SHUTDOWN SAVE`): what a restart of a persistent Redis does. */
  shutdownSave(): Promise<void>;
  /** Starts it again on the same port, loading what {@link shutdownSave} saved. */
  restart(): Promise<void>;
  /** Kills it and removes its directory. */
  stop(): Promise<void>;
}

/** Starts redis-server with no automatic snapshots and no append-only file; stop() it after. */
export async function startRedisServer(): Promise<TestRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'mtcnn-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const launch = async () => {
    const proc = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--logfile',
        join(dir, 'redis.log'),
      ],
      { stdio: 'ignore' },
    );
    child = proc;
    const exited = new Promise<never>((_, reject) =>
      proc.once('exit', (code) =>
        reject(new Error(`redis-server exited with code ${code} at startup (log: ${dir}/redis.log)`)),
      ),
    );
    const deadline = Date.now() + START_TIMEOUT_MS;
    const ready = (async () => {
      while (Date.now() < deadline) {
        if (await answers(port)) return;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      throw new Error(`redis-server did not answer on port ${port} within ${START_TIMEOUT_MS} ms`);
    })();
    await Promise.race([ready, exited]);
    exited.catch(() => undefined);
  };
  const exitOf = (proc: ChildProcess | undefined) =>
    new Promise<void>((resolve) => {
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) resolve();
      else proc.once('exit', () => resolve());
    });
  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async shutdownSave() {
      const proc = child;
      const socket = new Socket();
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.connect(port, '127.0.0.1', () => socket.write('SHUTDOWN SAVE\r\n', () => resolve()));
      });
      await exitOf(proc);
      socket.destroy();
    },
    restart: launch,
    async stop() {
      const proc = child;
      proc?.kill('SIGKILL');
      await exitOf(proc);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
