import type { DetectOptions, Face } from '@mtcnn/core';
import type { AppState } from '../app-state.js';
import type { BackendOption } from '../backends.js';
import { byId, h } from '../dom.js';
import { fitWithin } from '../images/fit.js';
import { picturePixels } from '../images/picture.js';
import { type BackendRuns, buildCompareReport, type CompareReport } from '../results/compare-report.js';
import { type TimingPart, timingParts } from '../results/timing-parts.js';
import { detectorConfig, uniformChoices } from '../stage-backends.js';
import type { StandardStage } from '../standard-stages.js';
import { DetectorClient } from '../worker/detector-client.js';
import { compareChart } from './compare-chart.js';
import { agreementIntro, renderAgreement, renderCompareTimings } from './compare-tables.js';
import { fillWorkingSizes } from './detect-options.js';

/** Default longer side of the compared image: small enough for software WebGPU to finish in seconds. */
const DEFAULT_COMPARE_SIZE = 480;

/**
 * The Compare view: the current photo, scaled once, on every selected backend, each in a fresh worker (its
 * own onnxruntime-web runtime, so WASM thread counts do not clash), N runs each; then timings per stage,
 * a chart, and how far each backend's faces are from the reference backend's.
 */
export class CompareView {
  private readonly form = byId<HTMLFormElement>('compare-form');
  private readonly runsInput = byId<HTMLInputElement>('compare-runs');
  private readonly sizeSelect = byId<HTMLSelectElement>('compare-size');
  private readonly runButton = byId<HTMLButtonElement>('compare-run');
  private readonly downloadButton = byId<HTMLButtonElement>('compare-download');
  private readonly status = byId('compare-status');
  private readonly checkboxes: HTMLInputElement[] = [];
  private report: CompareReport | undefined;
  private running = false;

  constructor(
    private readonly state: AppState,
    private readonly detectOptions: () => DetectOptions | undefined,
  ) {
    this.setUpBackendChoices();
    fillWorkingSizes(this.sizeSelect, DEFAULT_COMPARE_SIZE);
    this.sizeSelect.addEventListener('change', () => this.describeImage());
    state.onPictureChange(() => this.describeImage());
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.compare();
    });
    this.downloadButton.addEventListener('click', () => this.download());
    let lastWidth = 0;
    new ResizeObserver(([entry]) => {
      const width = Math.round(entry?.contentRect.width ?? 0);
      if (width === lastWidth) return;
      lastWidth = width;
      this.drawChart();
    }).observe(byId('compare-chart'));
    this.describeImage();
  }

  private setUpBackendChoices(): void {
    const container = byId('compare-backends');
    for (const option of this.state.backends) {
      const input = h('input', {
        type: 'checkbox',
        id: `compare-${option.id}`,
        value: option.id,
        checked: option.available,
        disabled: !option.available,
      });
      this.checkboxes.push(input);
      container.append(
        h(
          'div',
          { class: 'checkbox' },
          input,
          h('label', { for: input.id }, option.label, h('span', { class: 'hint' }, ` — ${option.note}`)),
        ),
      );
    }
  }

  private describeImage(): void {
    const picture = this.state.picture;
    const target = byId('compare-image');
    if (!picture) {
      target.textContent = 'Pick an image in the Detect view first.';
      return;
    }
    const { width, height } = fitWithin(
      picture.bitmap.width,
      picture.bitmap.height,
      Number(this.sizeSelect.value),
    );
    target.textContent = `Image: ${picture.name}, compared at ${width} × ${height} (the Detect view's options).`;
  }

  private selectedBackends(): BackendOption[] {
    const ids = new Set(this.checkboxes.filter((c) => c.checked && !c.disabled).map((c) => c.value));
    return this.state.backends.filter((b) => ids.has(b.id));
  }

  private setStatus(state: 'busy' | 'done' | 'error', message: string): void {
    this.status.textContent = message;
    this.status.dataset.state = state;
    this.status.classList.toggle('error', state === 'error');
  }

  private async compare(): Promise<void> {
    if (this.running) return;
    const picture = this.state.picture;
    const backends = this.selectedBackends();
    const runs = Number(this.runsInput.value);
    const options = this.detectOptions();
    if (!picture) return this.setStatus('error', 'Pick an image in the Detect view first.');
    if (backends.length === 0) return this.setStatus('error', 'Select at least one backend.');
    if (!this.runsInput.checkValidity() || !Number.isInteger(runs)) {
      return this.setStatus(
        'error',
        `Runs per backend: enter a whole number from ${this.runsInput.min} to ${this.runsInput.max}.`,
      );
    }
    if (!options) return this.setStatus('error', 'Fix the options in the Detect view first.');

    this.running = true;
    this.runButton.disabled = true;
    this.form.setAttribute('aria-busy', 'true');
    const pixels = picturePixels(picture, Number(this.sizeSelect.value));
    const results: BackendRuns[] = [];
    try {
      for (const [i, backend] of backends.entries()) {
        const progress = (what: string) =>
          this.setStatus('busy', `Backend ${i + 1} of ${backends.length}, ${backend.label}: ${what}`);
        results.push(await this.measure(backend, pixels, options, runs, progress));
      }
      this.report = buildCompareReport({
        createdAt: new Date(),
        environment: {
          userAgent: navigator.userAgent,
          crossOriginIsolated: globalThis.crossOriginIsolated === true,
          hardwareConcurrency: navigator.hardwareConcurrency,
        },
        image: { name: picture.name, width: pixels.width, height: pixels.height },
        options,
        runsPerBackend: runs,
        results,
      });
      this.render(this.report);
      const failed = results.filter((r) => r.error).length;
      this.setStatus(
        failed ? 'error' : 'done',
        `Compared ${results.length} backend${results.length === 1 ? '' : 's'}, ${runs} runs each, on ${pixels.width} × ${pixels.height}` +
          (failed ? `; ${failed} failed.` : '.'),
      );
    } finally {
      this.running = false;
      this.runButton.disabled = false;
      this.form.setAttribute('aria-busy', 'false');
    }
  }

  /** Loads the models on one backend in a fresh worker and runs the detection `runs` times. */
  private async measure(
    backend: BackendOption,
    pixels: ImageData,
    options: DetectOptions,
    runs: number,
    progress: (what: string) => void,
  ): Promise<BackendRuns> {
    const timings: Partial<Record<TimingPart, number>>[] = [];
    const faces: Face[][] = [];
    let candidates: Partial<Record<StandardStage, number>> = {};
    let loadMs = Number.NaN;
    let client: DetectorClient | undefined;
    try {
      progress('loading the models…');
      const created = await DetectorClient.create(
        detectorConfig(uniformChoices(backend.id), this.state.backends),
      );
      client = created.client;
      loadMs = created.loadMs;
      for (let run = 1; run <= runs; run++) {
        progress(`run ${run} of ${runs}…`);
        const result = await client.detect(pixels, options);
        timings.push(timingParts(result));
        faces.push(result.detection.faces);
        candidates = Object.fromEntries(
          Object.entries(result.detection.timing.stages).map(([stage, report]) => [
            stage,
            report.candidatesOut,
          ]),
        );
      }
      return { backend, loadMs, runs: timings, candidates, faces };
    } catch (error) {
      return { backend, loadMs, runs: timings, candidates, faces, error: (error as Error).message };
    } finally {
      await client?.dispose().catch(() => undefined);
    }
  }

  private render(report: CompareReport): void {
    byId('compare-results').hidden = false;
    renderCompareTimings(byId<HTMLTableElement>('compare-table'), report);
    this.drawChart();
    byId('agreement-intro').textContent = agreementIntro(report);
    renderAgreement(byId<HTMLTableElement>('agreement-table').tBodies[0]!, report);
    this.downloadButton.disabled = false;
  }

  /** Draws the chart for the width it has (again whenever that changes), so its text keeps its size. */
  private drawChart(): void {
    const container = byId('compare-chart');
    if (!this.report || container.clientWidth === 0) return;
    container.replaceChildren(compareChart(this.report, container.clientWidth));
  }

  private download(): void {
    if (!this.report) return;
    const blob = new Blob([`${JSON.stringify(this.report, null, 2)}\n`], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const stamp = this.report.createdAt.replace(/[:.]/g, '-');
    const link = h('a', { href: url, download: `mtcnn-compare-${stamp}.json` });
    document.body.append(link);
    link.click();
    link.remove();
    // Revoke after the click has been handled; the download keeps its own reference.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
