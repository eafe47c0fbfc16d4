import type { DetectOptions, Face } from '@mtcnn/core';
import type { AppState } from '../app-state.js';
import type { BackendId, BackendOption } from '../backends.js';
import { byId, h } from '../dom.js';
import { drawFaces } from '../draw/overlay.js';
import { formatMs } from '../format.js';
import { type Picture, pictureFromFile, pictureFromUrl, picturePixels } from '../images/picture.js';
import { SAMPLE_PHOTOS, SAMPLES_FOLDER, type SamplePhoto } from '../images/samples.js';
import { acceptDroppedFiles } from '../input/drop-target.js';
import { LatestOnly, SerialQueue } from '../serial-queue.js';
import {
  chooseStageBackend,
  defaultChoices,
  describeChoices,
  detectorConfig,
  STAGE_LABELS,
  type StageChoices,
} from '../stage-backends.js';
import { STANDARD_STAGES, type StandardStage } from '../standard-stages.js';
import type { PageDetection } from '../worker/detector-client.js';
import { DetectorHolder } from '../worker/detector-holder.js';
import { DetectOptionsForm, type DetectSettings } from './detect-options.js';
import { renderFaces, renderLandmarkLegend, renderPicture, renderTimings } from './detect-results.js';
import { WebcamMode } from './webcam-mode.js';

/** States of the status line, also read by the end-to-end test. */
type StatusState = 'idle' | 'busy' | 'done' | 'live' | 'error';

const THREADS_NOTE =
  'WASM stages of one detector share one onnxruntime-web runtime, whose thread count is fixed when it starts.';

function backendOptionLabel(option: BackendOption): string {
  return option.available ? option.label : `${option.label} (unavailable: ${option.note})`;
}

function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The Detect view: one photo (or the webcam), backends per stage, options, and what the cascade found. */
export class DetectView {
  private choices: StageChoices;
  private readonly holder = new DetectorHolder();
  private readonly queue = new SerialQueue();
  private readonly rerun = new LatestOnly(() => this.detectPicture());
  private readonly form = new DetectOptionsForm(() => this.rerun.request());
  private readonly selects = new Map<StandardStage, HTMLSelectElement>();
  private readonly sampleButtons = new Map<string, HTMLButtonElement>();
  private readonly status = byId('detect-status');
  private readonly canvas = byId<HTMLCanvasElement>('picture-canvas');
  private readonly webcamArea = byId('webcam-area');
  private readonly webcamButton = byId<HTMLButtonElement>('webcam-toggle');
  private readonly webcamStats = byId('webcam-stats');
  private readonly timings = byId<HTMLTableElement>('timings-table').tBodies[0]!;
  private readonly faces = byId<HTMLOListElement>('faces-list');
  private readonly webcam: WebcamMode<PageDetection>;
  /** What the canvas shows, to draw it again at a new size. */
  private shown: { pixels: ImageData; faces: readonly Face[]; name: string } | undefined;

  constructor(private readonly state: AppState) {
    this.choices = defaultChoices(state.backends);
    renderLandmarkLegend(byId('landmark-legend'));
    this.setUpBackendPickers();
    this.setUpImageInputs();
    this.webcam = new WebcamMode(
      byId<HTMLVideoElement>('webcam-video'),
      byId<HTMLCanvasElement>('webcam-overlay'),
      {
        detect: (frame) => this.detectFrame(frame),
        draw: (context, result, width, height) => {
          drawFaces(context, result.detection.faces, width, height);
          return result.detection.faces.length;
        },
        maxSide: () => this.form.read()?.maxSide ?? 0,
        onFrame: (result, fps) => this.showFrame(result, fps),
        onStatus: (message, isError) => this.setStatus(isError ? 'error' : 'live', message),
      },
    );
    this.webcamButton.addEventListener('click', () => void this.toggleWebcam());
    state.onPictureChange(() => this.rerun.request());
    this.redrawOnResize();
  }

  /** The canvas is drawn at the resolution it is shown at; a new width (rotation, window) redraws it. */
  private redrawOnResize(): void {
    let lastWidth = 0;
    new ResizeObserver(([entry]) => {
      const width = Math.round(entry?.contentRect.width ?? 0);
      if (width === lastWidth) return;
      lastWidth = width;
      if (this.shown) renderPicture(this.canvas, this.shown.pixels, this.shown.faces, this.shown.name);
    }).observe(byId('picture-area'));
  }

  /** The options currently set in the form (undefined while one is invalid). */
  currentOptions(): DetectOptions | undefined {
    return this.form.read()?.options;
  }

  /** Loads the first sample photo (the view's starting point). */
  async start(): Promise<void> {
    const first = SAMPLE_PHOTOS[0];
    if (first) await this.loadSample(first);
  }

  private setUpBackendPickers(): void {
    for (const stage of STANDARD_STAGES) {
      const select = byId<HTMLSelectElement>(`backend-${stage}`);
      select.replaceChildren(
        ...this.state.backends.map((option) => {
          const element = new Option(backendOptionLabel(option), option.id);
          element.disabled = !option.available;
          element.title = option.note;
          return element;
        }),
      );
      select.value = this.choices[stage];
      select.addEventListener('change', () => this.pickBackend(stage, select.value as BackendId));
      this.selects.set(stage, select);
    }
    byId('backend-note').textContent = THREADS_NOTE;
  }

  private pickBackend(stage: StandardStage, id: BackendId): void {
    const { choices, moved } = chooseStageBackend(this.choices, stage, id, this.state.backends);
    this.choices = choices;
    for (const [name, select] of this.selects) select.value = choices[name];
    const label = this.state.backends.find((o) => o.id === id)?.label ?? id;
    byId('backend-note').textContent =
      moved.length > 0
        ? `${joinNames(moved.map((s) => STAGE_LABELS[s]))} moved to ${label} too. ${THREADS_NOTE}`
        : THREADS_NOTE;
    this.rerun.request();
  }

  private setUpImageInputs(): void {
    const container = byId('sample-buttons');
    for (const sample of SAMPLE_PHOTOS) {
      const button = h('button', { type: 'button', class: 'sample', 'aria-pressed': 'false' }, sample.label);
      button.addEventListener('click', () => void this.loadSample(sample));
      this.sampleButtons.set(sample.file, button);
      container.append(button);
    }
    const fileInput = byId<HTMLInputElement>('file-input');
    fileInput.addEventListener('change', () => {
      const file = fileInput.files?.[0];
      if (file) void this.loadFile(file);
      fileInput.value = '';
    });
    acceptDroppedFiles(byId('picture-area'), (file) => void this.loadFile(file));
  }

  private async loadSample(sample: SamplePhoto): Promise<void> {
    await this.usePicture(() => pictureFromUrl(`${SAMPLES_FOLDER}/${sample.file}`, sample.file), sample.file);
  }

  private async loadFile(file: File): Promise<void> {
    await this.usePicture(() => pictureFromFile(file), undefined);
  }

  private async usePicture(load: () => Promise<Picture>, sampleFile: string | undefined): Promise<void> {
    this.setStatus('busy', 'Loading the image…');
    let picture: Picture;
    try {
      picture = await load();
    } catch (error) {
      // The previous photo's faces next to this error would read as this file's results.
      this.markSample(undefined);
      this.state.setPicture(undefined);
      this.clearResults();
      this.setStatus('error', (error as Error).message);
      return;
    }
    this.markSample(sampleFile);
    if (this.webcam.running) this.stopWebcam();
    this.state.setPicture(picture);
  }

  private markSample(sampleFile: string | undefined): void {
    for (const [file, button] of this.sampleButtons)
      button.setAttribute('aria-pressed', String(file === sampleFile));
  }

  /** No picture, no faces, no timings. */
  private clearResults(): void {
    this.shown = undefined;
    this.canvas.width = 0;
    this.canvas.height = 0;
    this.canvas.dataset.faces = '0';
    this.canvas.setAttribute('aria-label', 'No image');
    this.timings.replaceChildren();
    this.faces.replaceChildren();
  }

  private async toggleWebcam(): Promise<void> {
    if (this.webcam.running) {
      this.stopWebcam();
      this.rerun.request();
      return;
    }
    this.webcamButton.disabled = true;
    this.setStatus('busy', 'Asking for the camera…');
    const started = await this.webcam.start();
    this.webcamButton.disabled = false;
    if (!started) return;
    this.canvas.hidden = true;
    this.webcamArea.hidden = false;
    this.webcamButton.textContent = 'Stop webcam';
    this.webcamButton.setAttribute('aria-pressed', 'true');
  }

  private stopWebcam(): void {
    this.webcam.stop();
    this.webcamArea.hidden = true;
    this.canvas.hidden = false;
    this.webcamButton.textContent = 'Start webcam';
    this.webcamButton.setAttribute('aria-pressed', 'false');
    this.setStatus('idle', 'Webcam off.');
  }

  /**
   * Runs a detection through the view's one detector, loading it first if the backends changed (`loading`
   * is told so, to say it where the caller shows progress).
   */
  private run(
    image: () => ImageData | ImageBitmap,
    settings: DetectSettings,
    loading: (message: string) => void,
  ): Promise<{ result: PageDetection; described: string }> {
    const config = detectorConfig(this.choices, this.state.backends);
    const described = describeChoices(this.choices, this.state.backends);
    return this.queue.run(async () => {
      if (!this.holder.has(config)) loading(`Loading the models on ${described}…`);
      const { client } = await this.holder.get(config);
      return { result: await client.detect(image(), settings.options), described };
    });
  }

  private async detectPicture(): Promise<void> {
    const settings = this.form.read();
    if (!settings || this.webcam.running || !this.state.picture) return;
    this.setStatus('busy', 'Detecting…');
    let pixels: ImageData | undefined;
    let name = '';
    let used: Picture | undefined;
    try {
      const { result, described } = await this.run(
        () => {
          // Read the picture when the job starts: a newer one may have replaced it while this one waited.
          const picture = this.state.picture;
          if (!picture) throw new Error('the image was cleared');
          used = picture;
          name = picture.name;
          pixels = picturePixels(picture, settings.maxSide);
          return pixels;
        },
        settings,
        (message) => this.setStatus('busy', message),
      );
      // The webcam may have started while this waited its turn: its frames own the results now; and a photo
      // that was replaced or cleared meanwhile has no results to show.
      if (this.webcam.running || this.state.picture !== used) return;
      this.shown = { pixels: pixels!, faces: result.detection.faces, name };
      renderPicture(this.canvas, pixels!, result.detection.faces, name);
      this.showResult(result);
      const { width, height } = result.detection;
      const count = result.detection.faces.length;
      this.setStatus(
        'done',
        `${count} face${count === 1 ? '' : 's'} in ${name} (${width} × ${height}) — ${formatMs(result.workerMs)} ms on ${described}.`,
        { config: described, size: `${width}x${height}`, faces: String(count), image: name },
      );
    } catch (error) {
      // A photo replaced or cleared meanwhile: this error is not about what the page shows now.
      if (used === undefined ? !this.state.picture : this.state.picture !== used) return;
      this.setStatus('error', `Detection failed: ${(error as Error).message}`);
    }
  }

  private async detectFrame(frame: ImageBitmap): Promise<PageDetection> {
    const settings = this.form.read();
    if (!settings) {
      frame.close();
      throw new Error('fix the options first');
    }
    const loading = (message: string) => {
      this.webcamStats.textContent = message;
    };
    return (await this.run(() => frame, settings, loading)).result;
  }

  private showFrame(result: PageDetection, fps: number): void {
    this.showResult(result);
    const count = result.detection.faces.length;
    // Not the live status line: announcing every frame would drown a screen reader.
    this.webcamStats.textContent = `${count} face${count === 1 ? '' : 's'} · ${formatMs(result.workerMs)} ms per frame · ${fps.toFixed(1)} detections/s`;
    this.webcamStats.dataset.frames = String(Number(this.webcamStats.dataset.frames ?? 0) + 1);
  }

  private showResult(result: PageDetection): void {
    renderTimings(this.timings, result);
    renderFaces(this.faces, result.detection.faces);
  }

  private setStatus(state: StatusState, message: string, details: Record<string, string> = {}): void {
    this.status.textContent = message;
    this.status.dataset.state = state;
    this.status.classList.toggle('error', state === 'error');
    for (const key of ['config', 'size', 'faces', 'image']) delete this.status.dataset[key];
    Object.assign(this.status.dataset, details);
    byId('detect-results').setAttribute('aria-busy', String(state === 'busy'));
  }
}
