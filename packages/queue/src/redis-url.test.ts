import { describe, expect, it } from 'vitest';
import { isQueueError } from './errors.js';
import { parseRedisUrl, redact } from './redis-url.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isQueueError(error) ? error.code : 'not a QueueError';
  }
  return undefined;
}

describe('parseRedisUrl', () => {
  it('reads host, port, database and TLS, with the defaults', () => {
    expect(parseRedisUrl('redis://cache.internal', {})).toMatchObject({
      host: 'cache.internal',
      port: 6379,
      db: 0,
      tls: false,
      username: undefined,
      password: undefined,
      display: 'redis://cache.internal:6379/0',
    });
    expect(parseRedisUrl('rediss://10.0.0.5:6380/3', {})).toMatchObject({ port: 6380, db: 3, tls: true });
    expect(parseRedisUrl('redis://[::1]:7000', {}).host).toBe('::1');
  });

  it('takes credentials from the URL, else the password from the environment, and never displays them', () => {
    const t = parseRedisUrl('redis://worker:s%40cret@h:1/2', {});
    expect([t.username, t.password]).toEqual(['worker', 's@cret']);
    expect(t.display).toBe('redis://***@h:1/2');
    const fromEnv = parseRedisUrl('redis://h', { MTCNN_REDIS_PASSWORD: 'hunter2' });
    expect(fromEnv.password).toBe('hunter2');
    expect(fromEnv.display).not.toContain('hunter2');
  });

  it('refuses what is not a Redis URL, without repeating the text (it may hold a password)', () => {
    for (const bad of ['localhost:6379', 'http://h', 'redis://', 'redis://h:99999', 'redis://h/abc']) {
      expect(
        codeOf(() => parseRedisUrl(bad, {})),
        bad,
      ).toBe('INVALID_REDIS_URL');
    }
    try {
      parseRedisUrl('http://user:topsecret@h', {});
    } catch (error) {
      expect((error as Error).message).not.toContain('topsecret');
    }
  });
});

describe('redact', () => {
  it('replaces the password and the username wherever they appear, encoded or not', () => {
    const t = parseRedisUrl('redis://bob:p%40ss@h', {});
    expect(redact('AUTH bob p@ss failed for redis://bob:p%40ss@h', t)).toBe(
      'AUTH *** *** failed for redis://***:***@h',
    );
  });
});
