import { describe, expect, it } from 'vitest';
import { isModelForms, selectModelForm } from './model-forms.js';

const portable = new URL('file:///models/pnet.onnx');
const nchwc = new URL('file:///models/pnet.nchwc.onnx');

describe('selectModelForm', () => {
  it('uses a single source as it is, whatever the backend prefers', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(selectModelForm(bytes, ['nchwc'])).toBe(bytes);
    expect(selectModelForm('pnet.onnx', ['nchwc'])).toBe('pnet.onnx');
    expect(selectModelForm(portable, [])).toBe(portable);
  });

  it('picks the first preferred form the model has', () => {
    expect(selectModelForm({ portable, nchwc }, ['nchwc'])).toBe(nchwc);
    expect(selectModelForm({ portable, nchwc }, ['fp16', 'nchwc'])).toBe(nchwc);
  });

  it('falls back to the portable form', () => {
    expect(selectModelForm({ portable, nchwc }, [])).toBe(portable);
    expect(selectModelForm({ portable }, ['nchwc'])).toBe(portable);
  });
});

describe('isModelForms', () => {
  it('tells forms from sources', () => {
    expect(isModelForms({ portable })).toBe(true);
    expect(isModelForms(portable)).toBe(false);
    expect(isModelForms('x.onnx')).toBe(false);
    expect(isModelForms(new Uint8Array(1))).toBe(false);
  });
});
