import { describe, expect, test } from 'vitest';
import { cameraErrorMessage } from './camera.js';

const named = (name: string) => Object.assign(new Error('x'), { name });

describe('cameraErrorMessage', () => {
  test('explains denial, a missing camera and a busy camera', () => {
    expect(cameraErrorMessage(named('NotAllowedError'))).toMatch(/denied/);
    expect(cameraErrorMessage(named('NotFoundError'))).toMatch(/No camera/);
    expect(cameraErrorMessage(named('NotReadableError'))).toMatch(/in use/);
  });

  test('passes anything else through', () => {
    expect(cameraErrorMessage(new Error('boom'))).toMatch(/boom/);
    expect(cameraErrorMessage('odd')).toMatch(/odd/);
  });
});
