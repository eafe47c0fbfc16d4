import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as browser from './model.browser.js';
import * as node from './model.js';

describe('the model files, for Node and for browser bundles', () => {
  it('Node gets both forms; browser bundles the portable form only, under the same names', () => {
    expect(Object.keys(browser).sort()).toEqual(Object.keys(node).sort());
    expect(node.PNET_MODEL).toEqual({ portable: node.PNET_MODEL_URL, nchwc: node.PNET_NCHWC_MODEL_URL });
    expect(browser.PNET_MODEL).toEqual({ portable: browser.PNET_MODEL_URL });
    expect(browser.PNET_MODEL_URL.href).toBe(node.PNET_MODEL_URL.href);
    expect(browser.PNET_NCHWC_MODEL_URL.href).toBe(node.PNET_NCHWC_MODEL_URL.href);
  });

  it('package.json swaps the browser module in for bundlers', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(manifest.browser).toEqual({ './dist/model.js': './dist/model.browser.js' });
  });
});
