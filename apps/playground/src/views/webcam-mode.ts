import { fitWithin } from '../images/fit.js';
import { closeCamera, openCamera } from '../input/camera.js';

/** What a mode does with each frame: the Detect view detects, the Recognise view detects, embeds and matches. */
export interface WebcamHooks<R> {
  /** Works on one frame (the bitmap is transferred to a worker). */
  detect(frame: ImageBitmap): Promise<R>;
  /** Draws the result over the video, in frame pixels; returns the number of faces drawn. */
  draw(context: CanvasRenderingContext2D, result: R, width: number, height: number): number;
  /** The longer side frames are scaled down to (0: camera resolution). */
  maxSide(): number;
  onFrame(result: R, framesPerSecond: number): void;
  onStatus(message: string, isError: boolean): void;
  /** The status once the camera runs. */
  readonly liveMessage?: string;
}

/** How often the frame rate shown is recomputed. */
const FPS_WINDOW_MS = 1000;

/** Resolves when the video has a new frame to show (or at the next animation frame where that is unknown). */
function nextFrame(video: HTMLVideoElement): Promise<void> {
  return new Promise((resolve) => {
    if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(() => resolve());
    else requestAnimationFrame(() => resolve());
  });
}

/**
 * Live webcam mode: shows the camera, grabs a frame from the video element whenever the detector is free,
 * and draws the faces on a canvas laid over the video. One frame is in flight at a time, so a slow backend
 * lowers the detection rate instead of queueing frames.
 */
export class WebcamMode<R> {
  private stream: MediaStream | undefined;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly overlay: HTMLCanvasElement,
    private readonly hooks: WebcamHooks<R>,
  ) {}

  get running(): boolean {
    return this.stream !== undefined;
  }

  /** Opens the camera and starts detecting. Resolves false (with the reason shown) when there is no camera. */
  async start(): Promise<boolean> {
    if (this.stream) return true;
    let stream: MediaStream;
    try {
      stream = await openCamera();
    } catch (error) {
      this.hooks.onStatus((error as Error).message, true);
      return false;
    }
    this.stream = stream;
    this.video.srcObject = stream;
    try {
      await this.video.play();
    } catch (error) {
      this.stop();
      this.hooks.onStatus(`The camera stream could not be played: ${(error as Error).message}`, true);
      return false;
    }
    this.hooks.onStatus(
      this.hooks.liveMessage ?? 'Webcam on: detecting on every frame the detector can take.',
      false,
    );
    void this.loop(stream);
    return true;
  }

  stop(): void {
    if (!this.stream) return;
    closeCamera(this.stream);
    this.stream = undefined;
    this.video.srcObject = null;
    this.overlay.getContext('2d')?.clearRect(0, 0, this.overlay.width, this.overlay.height);
  }

  private async loop(stream: MediaStream): Promise<void> {
    let frames = 0;
    let windowStart = performance.now();
    let fps = 0;
    while (this.stream === stream) {
      await nextFrame(this.video);
      if (this.stream !== stream) break;
      const size = fitWithin(this.video.videoWidth, this.video.videoHeight, this.hooks.maxSide());
      if (!this.video.videoWidth) continue;
      let result: R;
      try {
        const frame = await createImageBitmap(this.video, {
          resizeWidth: size.width,
          resizeHeight: size.height,
          resizeQuality: 'medium',
        });
        result = await this.hooks.detect(frame);
      } catch (error) {
        if (this.stream !== stream) break;
        this.stop();
        this.hooks.onStatus(`Webcam stopped: ${(error as Error).message}`, true);
        break;
      }
      if (this.stream !== stream) break;
      this.overlay.width = size.width;
      this.overlay.height = size.height;
      const context = this.overlay.getContext('2d');
      const drawn = context ? this.hooks.draw(context, result, size.width, size.height) : 0;
      this.overlay.dataset.faces = String(drawn);
      frames++;
      const now = performance.now();
      if (now - windowStart >= FPS_WINDOW_MS) {
        fps = (frames * 1000) / (now - windowStart);
        frames = 0;
        windowStart = now;
      }
      this.hooks.onFrame(result, fps);
    }
  }
}
