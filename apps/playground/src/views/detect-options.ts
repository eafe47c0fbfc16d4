import {
  type CompatMode,
  DEFAULT_MIN_FACE_SIZE,
  DEFAULT_SCALE_FACTOR,
  DEFAULT_THRESHOLDS,
  type DetectOptions,
} from '@mtcnn/core';
import { byId, h } from '../dom.js';
import { WORKING_SIZES, workingSizeLabel } from '../images/fit.js';

/** What the options form asks for: the library's per-call options, and the working size of the image. */
export interface DetectSettings {
  readonly options: DetectOptions;
  /** Longer side the image is scaled down to before detection (0: original size). */
  readonly maxSide: number;
}

const DEFAULT_WORKING_SIZE = 0;

const FIELDS = {
  minFace: 'opt-min-face',
  scaleFactor: 'opt-scale-factor',
  pnet: 'opt-threshold-pnet',
  rnet: 'opt-threshold-rnet',
  onet: 'opt-threshold-onet',
} as const;

const DEFAULTS: Readonly<Record<keyof typeof FIELDS, number>> = {
  minFace: DEFAULT_MIN_FACE_SIZE,
  scaleFactor: DEFAULT_SCALE_FACTOR,
  pnet: DEFAULT_THRESHOLDS[0],
  rnet: DEFAULT_THRESHOLDS[1],
  onet: DEFAULT_THRESHOLDS[2],
};

/** Empty, not a number, or outside min…max. (Off-step values are fine: the step only sizes the arrows.) */
function isOutOfRange(input: HTMLInputElement): boolean {
  const { valueMissing, badInput, rangeUnderflow, rangeOverflow } = input.validity;
  return input.value === '' || valueMissing || badInput || rangeUnderflow || rangeOverflow;
}

/** Fills a select with the working sizes. */
export function fillWorkingSizes(select: HTMLSelectElement, selected: number): void {
  select.replaceChildren(
    ...WORKING_SIZES.map(
      (size) => new Option(workingSizeLabel(size), String(size), false, size === selected),
    ),
  );
}

/** The options form of the Detect view. */
export class DetectOptionsForm {
  private readonly inputs = Object.fromEntries(
    Object.entries(FIELDS).map(([key, id]) => [key, byId<HTMLInputElement>(id)]),
  ) as Record<keyof typeof FIELDS, HTMLInputElement>;
  private readonly workingSize = byId<HTMLSelectElement>('opt-working-size');
  /** Which implementation's results to reproduce (compat): the default cascade or facenet-pytorch's. */
  private readonly compat = byId<HTMLSelectElement>('opt-compat');
  private readonly error = byId('options-error');

  constructor(onChange: () => void) {
    fillWorkingSizes(this.workingSize, DEFAULT_WORKING_SIZE);
    for (const input of Object.values(this.inputs)) input.addEventListener('input', onChange);
    this.workingSize.addEventListener('change', onChange);
    this.compat.addEventListener('change', onChange);
    byId('options-reset').addEventListener('click', () => {
      for (const [key, input] of Object.entries(this.inputs)) {
        input.value = String(DEFAULTS[key as keyof typeof FIELDS]);
      }
      this.workingSize.value = String(DEFAULT_WORKING_SIZE);
      this.compat.value = 'mtcnn';
      onChange();
    });
  }

  /** The settings, or undefined (with every invalid field flagged and named next to the form) while any is. */
  read(): DetectSettings | undefined {
    const invalid = Object.values(this.inputs).filter(isOutOfRange);
    for (const input of Object.values(this.inputs))
      input.setAttribute('aria-invalid', String(invalid.includes(input)));
    this.error.replaceChildren(
      ...invalid.map((input) => {
        const label = document.querySelector(`label[for="${input.id}"]`)?.textContent ?? input.id;
        return h(
          'span',
          { 'data-field': input.id },
          `${label}: enter a number from ${input.min} to ${input.max}.`,
        );
      }),
    );
    if (invalid.length > 0) return undefined;
    const value = (key: keyof typeof FIELDS) => Number(this.inputs[key].value);
    return {
      options: {
        minFaceSize: value('minFace'),
        scaleFactor: value('scaleFactor'),
        thresholds: [value('pnet'), value('rnet'), value('onet')],
        compat: this.compat.value as CompatMode,
      },
      maxSide: Number(this.workingSize.value),
    };
  }

  /** Sets the working size (the webcam and tests use it). */
  setWorkingSize(maxSide: number): void {
    this.workingSize.value = String(maxSide);
  }
}
