import { describe, expect, it } from 'vitest';
import { parseQueue, parseRate, type QueueWorkConfig } from './queue-options.js';
import { UsageError } from './usage-error.js';

const REDIS = 'redis://127.0.0.1:6379';

describe('parseQueue', () => {
  it('work: its own flags, and the job’s options checked by the job’s own parser', () => {
    const config = parseQueue(
      [
        'work',
        '--redis',
        REDIS,
        '--out',
        'res',
        '--procs',
        '3',
        '--rate=30/s',
        '--min-face',
        '40',
        '--until-empty',
      ],
      {},
    ) as QueueWorkConfig;
    expect(config).toMatchObject({
      action: 'work',
      redis: REDIS,
      out: 'res',
      procs: 3,
      rate: 30,
      untilEmpty: true,
    });
    expect(config.job).toMatchObject({ command: 'detect', detector: { minFaceSize: 40 }, inputs: [] });
    // Each of the N processes gets the same arguments, less --procs and --rate (the parent splits the rate).
    expect(config.childArgs).toEqual(['--redis', REDIS, '--out', 'res', '--until-empty', '--min-face', '40']);
    const align = parseQueue(
      ['work', '--redis', REDIS, '--out', 'res', '--job', 'align', '--template', 'facenet'],
      {},
    );
    expect((align as QueueWorkConfig).job).toMatchObject({
      command: 'align',
      out: 'res/crops',
      template: 'facenet',
    });
  });

  it('takes the Redis URL from MTCNN_REDIS_URL when --redis is not given', () => {
    expect(parseQueue(['status'], { MTCNN_REDIS_URL: REDIS })).toMatchObject({ redis: REDIS, once: false });
    expect(() => parseQueue(['status'], {})).toThrow(UsageError);
  });

  it('reads rates per second, minute and hour', () => {
    expect(parseRate('20/s', 'q')).toBe(20);
    expect(parseRate('600/m', 'q')).toBe(10);
    expect(parseRate('7200/h', 'q')).toBe(2);
    expect(parseRate('5', 'q')).toBe(5);
    for (const bad of ['0/s', 'fast', '5/d', '-1'])
      expect(() => parseRate(bad, 'q'), bad).toThrow(UsageError);
  });
});
