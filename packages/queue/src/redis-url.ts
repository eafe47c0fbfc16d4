import { QueueError } from './errors.js';

/** Where Redis is, parsed from its URL; `display` is the URL with any credentials replaced by `***`. */
export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly tls: boolean;
  /** Safe to print: never holds the username or the password. */
  readonly display: string;
}

/** The environment variables read beside the URL, so that a password need not appear in `ps` output. */
export const REDIS_URL_ENV = 'MTCNN_REDIS_URL';
export const REDIS_PASSWORD_ENV = 'MTCNN_REDIS_PASSWORD';

const DEFAULT_PORT = 6379;
const MAX_PORT = 65535;
const FORM = 'redis://[user:password@]host[:port][/db] or rediss:// for TLS';

function decode(part: string): string | undefined {
  if (part === '') return undefined;
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * Parses a Redis URL. The password comes from the URL or, when the URL has none, from
 * MTCNN_REDIS_PASSWORD. Errors never repeat the text given, which may hold a password.
 */
export function parseRedisUrl(text: string, env: NodeJS.ProcessEnv = process.env): RedisTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new QueueError('INVALID_REDIS_URL', `the Redis URL is not a URL; expected ${FORM}`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new QueueError(
      'INVALID_REDIS_URL',
      `the Redis URL has the scheme "${url.protocol.replace(/:$/, '')}"; expected ${FORM}`,
    );
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new QueueError('INVALID_REDIS_URL', `the Redis URL names no host; expected ${FORM}`);
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > MAX_PORT) {
    throw new QueueError('INVALID_REDIS_URL', `the Redis URL's port must be 1 to ${MAX_PORT}`);
  }
  const path = url.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d+$/.test(path)) {
    throw new QueueError(
      'INVALID_REDIS_URL',
      `the Redis URL's path must be a database number, got "/${path}"`,
    );
  }
  const db = path === '' ? 0 : Number(path);
  const username = decode(url.username);
  const password = decode(url.password) ?? (env[REDIS_PASSWORD_ENV] || undefined);
  const credentials = username !== undefined || password !== undefined ? '***@' : '';
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    host,
    port,
    db,
    username,
    password,
    tls: url.protocol === 'rediss:',
    display: `${url.protocol}//${credentials}${shownHost}:${port}/${db}`,
  };
}

/** `text` with the target's username and password (as given and URL-encoded) replaced by `***`. */
export function redact(text: string, target: RedisTarget): string {
  let out = text;
  for (const secret of [target.password, target.username]) {
    if (secret === undefined || secret.length === 0) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***');
  }
  return out;
}
