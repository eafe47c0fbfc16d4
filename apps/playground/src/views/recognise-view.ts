import type { EmbedderDescriptor } from '@mtcnn/core';
import { MOBILEFACENET } from '@mtcnn/mobilefacenet';
import { FaceGallery } from '@mtcnn/recognition';
import type { AppState } from '../app-state.js';
import type { BackendOption } from '../backends.js';
import { byId, h } from '../dom.js';
import { drawNamedFaces, type NamedFace } from '../draw/overlay.js';
import { formatMs } from '../format.js';
import { type Picture, pictureFromFile, pictureFromUrl, picturePixels } from '../images/picture.js';
import { SAMPLE_PHOTOS, SAMPLES_FOLDER } from '../images/samples.js';
import { galleryRecord, largestFace, matchLabel, restoreGallery } from '../recognition/gallery-record.js';
import { clearGalleryRecord, loadGalleryRecord, saveGalleryRecord } from '../recognition/gallery-store.js';
import { SerialQueue } from '../serial-queue.js';
import { defaultChoices } from '../stage-backends.js';
import { type Embedded, RecognitionClient } from '../worker/recognition-client.js';
import { WebcamMode } from './webcam-mode.js';

/** States of the status lines, also read by the end-to-end test. */
type StatusState = 'idle' | 'busy' | 'done' | 'live' | 'error';

/** Pictures are scaled to this longer side before detection: enough for a face to enrol, quick on WASM. */
const ENROL_MAX_SIDE = 1024;
/** Webcam frames keep the camera's resolution up to this side. */
const LIVE_MAX_SIDE = 640;

/** One webcam frame: the faces with their names. */
interface Recognised {
  readonly embedded: Embedded;
  readonly faces: readonly (NamedFace & { readonly name: string })[];
}

/**
 * The Recognise view: enrol people (a name and a picture or a webcam snapshot: the largest face is embedded and
 * added to the gallery), the gallery listed and kept in IndexedDB, and live recognition on the webcam with the
 * names drawn over the faces.
 */
export class RecogniseView {
  private readonly embedder: EmbedderDescriptor = MOBILEFACENET;
  private gallery = new FaceGallery(this.embedder);
  private worker: { key: string; loading: Promise<RecognitionClient> } | undefined;
  private readonly queue = new SerialQueue();
  private readonly backendSelect = byId<HTMLSelectElement>('recognise-backend');
  private readonly nameInput = byId<HTMLInputElement>('enrol-name');
  private readonly enrolStatus = byId('enrol-status');
  private readonly galleryStatus = byId('gallery-status');
  private readonly galleryList = byId<HTMLUListElement>('gallery-list');
  private readonly liveStatus = byId('recognise-status');
  private readonly liveButton = byId<HTMLButtonElement>('recognise-webcam');
  private readonly snapshotButton = byId<HTMLButtonElement>('enrol-snapshot');
  private readonly liveArea = byId('recognise-webcam-area');
  private readonly video = byId<HTMLVideoElement>('recognise-video');
  private readonly stats = byId('recognise-stats');
  private readonly faceList = byId<HTMLOListElement>('recognise-faces');
  private readonly webcam: WebcamMode<Recognised>;

  constructor(private readonly state: AppState) {
    this.setUpBackends(state.backends);
    this.setUpEnrolment();
    this.webcam = new WebcamMode(this.video, byId<HTMLCanvasElement>('recognise-overlay'), {
      detect: (frame) => this.recogniseFrame(frame),
      draw: (context, result, width, height) => {
        drawNamedFaces(context, result.faces, width, height);
        return result.faces.length;
      },
      maxSide: () => LIVE_MAX_SIDE,
      onFrame: (result, fps) => this.showFrame(result, fps),
      onStatus: (message, isError) => this.setStatus(this.liveStatus, isError ? 'error' : 'live', message),
      liveMessage: 'Webcam on: recognising on every frame the models can take.',
    });
    this.liveButton.addEventListener('click', () => void this.toggleLive());
    byId('gallery-clear').addEventListener('click', () => void this.clearGallery());
    this.renderGallery();
  }

  /** Reads the stored gallery; one made by another model is refused, with the reason shown. */
  async start(): Promise<void> {
    let message = 'No stored gallery: enrol someone.';
    let state = 'empty';
    try {
      const record = await loadGalleryRecord();
      if (record) {
        const restored = restoreGallery(record, this.embedder);
        if (restored.gallery) {
          this.gallery = restored.gallery;
          message = `Gallery restored from this browser (saved ${new Date(record.savedAt).toLocaleString()}).`;
          state = 'restored';
        } else {
          message = restored.refused;
          state = 'refused';
        }
      }
    } catch (error) {
      message = `The stored gallery could not be read: ${(error as Error).message}`;
      state = 'refused';
    }
    this.galleryStatus.textContent = message;
    this.galleryStatus.dataset.state = state;
    this.galleryStatus.classList.toggle('error', state === 'refused');
    this.renderGallery();
  }

  /** Stops the camera when the view is left: it is not shown, and the Detect view may want the camera. */
  hidden(): void {
    if (this.webcam.running) this.stopLive();
  }

  private setUpBackends(options: readonly BackendOption[]): void {
    this.backendSelect.replaceChildren(
      ...options.map((option) => {
        const element = new Option(
          option.available ? option.label : `${option.label} (unavailable: ${option.note})`,
          option.id,
        );
        element.disabled = !option.available;
        element.title = option.note;
        return element;
      }),
    );
    this.backendSelect.value = defaultChoices(options).pnet;
  }

  private setUpEnrolment(): void {
    const container = byId('enrol-samples');
    for (const sample of SAMPLE_PHOTOS) {
      const button = h('button', { type: 'button', class: 'sample' }, `Enrol from ${sample.label}`);
      button.addEventListener(
        'click',
        () => void this.enrol(() => pictureFromUrl(`${SAMPLES_FOLDER}/${sample.file}`, sample.file)),
      );
      container.append(button);
    }
    const fileInput = byId<HTMLInputElement>('enrol-file');
    fileInput.addEventListener('change', () => {
      const file = fileInput.files?.[0];
      if (file) void this.enrol(() => pictureFromFile(file));
      fileInput.value = '';
    });
    this.snapshotButton.addEventListener('click', () => void this.enrol(() => this.snapshot()));
  }

  /** The recognition worker for the chosen backend; a new choice starts a new worker. */
  private client(): Promise<RecognitionClient> {
    const option = this.state.backends.find((o) => o.id === this.backendSelect.value);
    if (!option) return Promise.reject(new Error(`unknown backend ${this.backendSelect.value}`));
    const config = { device: option.device, wasmThreads: option.threads };
    const key = JSON.stringify(config);
    if (this.worker?.key !== key) {
      const previous = this.worker;
      const loading = RecognitionClient.create(config).then(({ client }) => client);
      this.worker = { key, loading };
      loading.catch(() => {
        if (this.worker?.loading === loading) this.worker = undefined;
      });
      if (previous) void previous.loading.then((c) => c.dispose()).catch(() => undefined);
    }
    return this.worker.loading;
  }

  private async snapshot(): Promise<Picture> {
    if (!this.video.videoWidth) throw new Error('start the webcam first');
    return { name: 'webcam snapshot', bitmap: await createImageBitmap(this.video) };
  }

  private async enrol(load: () => Promise<Picture>): Promise<void> {
    const name = this.nameInput.value.trim();
    if (!name) {
      this.setStatus(this.enrolStatus, 'error', 'Type the person’s name first.');
      this.nameInput.focus();
      return;
    }
    this.setStatus(this.enrolStatus, 'busy', 'Loading the models and finding the face…');
    try {
      const picture = await load();
      const pixels = picturePixels(picture, ENROL_MAX_SIDE);
      picture.bitmap.close();
      const embedded = await this.queue.run(async () => (await this.client()).embed(pixels));
      const chosen = largestFace(embedded.faces);
      if (!chosen) {
        this.setStatus(this.enrolStatus, 'error', `No face found in ${picture.name}: nothing enrolled.`);
        return;
      }
      this.gallery.enroll(name, chosen.embedding);
      await this.save();
      const { width, height } = chosen.face.box;
      const count = this.gallery.embeddingsOf(name).length;
      this.setStatus(
        this.enrolStatus,
        'done',
        `Enrolled ${name} from ${picture.name}: the largest of ${embedded.faces.length} face` +
          `${embedded.faces.length === 1 ? '' : 's'} (${Math.round(width)} × ${Math.round(height)} px), ` +
          `${formatMs(embedded.workerMs)} ms. ${name} now has ${count} picture${count === 1 ? '' : 's'}.`,
        { name },
      );
    } catch (error) {
      this.setStatus(this.enrolStatus, 'error', `Enrolment failed: ${(error as Error).message}`);
    }
  }

  private async remove(label: string): Promise<void> {
    this.gallery.remove(label);
    await this.save();
    this.setStatus(this.enrolStatus, 'done', `Removed ${label}.`);
  }

  private async clearGallery(): Promise<void> {
    this.gallery = new FaceGallery(this.embedder);
    try {
      await clearGalleryRecord();
      this.galleryStatus.textContent = 'Gallery cleared.';
      this.galleryStatus.dataset.state = 'empty';
      this.galleryStatus.classList.remove('error');
    } catch (error) {
      this.galleryStatus.textContent = `The stored gallery could not be cleared: ${(error as Error).message}`;
    }
    this.renderGallery();
  }

  /** Writes the gallery to IndexedDB (replacing any stored one, a refused one included). */
  private async save(): Promise<void> {
    this.renderGallery();
    try {
      await saveGalleryRecord(galleryRecord(this.gallery));
      this.galleryStatus.textContent = `Saved in this browser (IndexedDB), model ${this.embedder.id}.`;
      this.galleryStatus.dataset.state = 'saved';
      this.galleryStatus.classList.remove('error');
    } catch (error) {
      this.galleryStatus.textContent = `The gallery could not be saved: ${(error as Error).message}`;
      this.galleryStatus.dataset.state = 'error';
      this.galleryStatus.classList.add('error');
    }
  }

  private renderGallery(): void {
    const labels = this.gallery.identities;
    this.galleryList.replaceChildren(
      ...labels.map((label) => {
        const count = this.gallery.embeddingsOf(label).length;
        const remove = h(
          'button',
          { type: 'button', class: 'secondary', 'aria-label': `Remove ${label}` },
          'Remove',
        );
        remove.addEventListener('click', () => void this.remove(label));
        return h(
          'li',
          { 'data-label': label, 'data-count': count },
          h('span', {}, `${label} · ${count} picture${count === 1 ? '' : 's'}`),
          ' ',
          remove,
        );
      }),
    );
    if (labels.length === 0) this.galleryList.append(h('li', { class: 'hint' }, 'Nobody enrolled yet.'));
  }

  private async toggleLive(): Promise<void> {
    if (this.webcam.running) {
      this.stopLive();
      return;
    }
    this.liveButton.disabled = true;
    this.setStatus(this.liveStatus, 'busy', 'Asking for the camera…');
    const started = await this.webcam.start();
    this.liveButton.disabled = false;
    if (!started) return;
    this.liveArea.hidden = false;
    this.snapshotButton.disabled = false;
    this.liveButton.textContent = 'Stop live recognition';
    this.liveButton.setAttribute('aria-pressed', 'true');
  }

  private stopLive(): void {
    this.webcam.stop();
    this.liveArea.hidden = true;
    this.snapshotButton.disabled = true;
    this.liveButton.textContent = 'Start live recognition';
    this.liveButton.setAttribute('aria-pressed', 'false');
    this.setStatus(this.liveStatus, 'idle', 'Webcam off.');
  }

  private async recogniseFrame(frame: ImageBitmap): Promise<Recognised> {
    const loading = this.worker === undefined;
    if (loading) this.stats.textContent = 'Loading the models…';
    const embedded = await this.queue.run(async () => (await this.client()).embed(frame));
    const faces = embedded.faces.map(({ face, embedding }) => {
      const match = this.gallery.match(embedding);
      return {
        face,
        name: match.label ?? 'unknown',
        label: matchLabel(match),
        known: match.label !== undefined,
      };
    });
    return { embedded, faces };
  }

  private showFrame(result: Recognised, fps: number): void {
    const count = result.faces.length;
    this.stats.textContent =
      `${count} face${count === 1 ? '' : 's'} · ${formatMs(result.embedded.workerMs)} ms per frame · ` +
      `${fps.toFixed(1)} frames/s`;
    this.stats.dataset.frames = String(Number(this.stats.dataset.frames ?? 0) + 1);
    this.faceList.replaceChildren(
      ...result.faces.map((f) => h('li', { 'data-known': String(f.known), 'data-name': f.name }, f.label)),
    );
  }

  private setStatus(
    element: HTMLElement,
    state: StatusState,
    message: string,
    details: Record<string, string> = {},
  ): void {
    element.textContent = message;
    element.dataset.state = state;
    element.classList.toggle('error', state === 'error');
    delete element.dataset.name;
    Object.assign(element.dataset, details);
  }
}
