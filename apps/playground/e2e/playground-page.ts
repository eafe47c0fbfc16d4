import type { Page } from 'playwright-core';

/** How the page's own status lines say that a detection finished. */
export interface DetectionDone {
  readonly config: string;
  readonly size: string;
  readonly faces: number;
}

export type Corners = [number, number, number, number];

/** Drives the playground through its controls, as a user would, and reads what it shows. */
export class PlaygroundPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.waitForSelector('body[data-ready="true"]');
  }

  /** Backend ids with whether they are available and the reason shown when they are not. */
  async backends(): Promise<Record<string, { available: boolean; note: string }>> {
    return this.page.$$eval('#backend-pnet option', (options) =>
      Object.fromEntries(
        (options as HTMLOptionElement[]).map((o) => [o.value, { available: !o.disabled, note: o.title }]),
      ),
    );
  }

  async chooseBackendForAllStages(id: string): Promise<void> {
    for (const stage of ['pnet', 'rnet', 'onet']) await this.page.selectOption(`#backend-${stage}`, id);
  }

  async setWorkingSize(maxSide: number): Promise<void> {
    await this.page.selectOption('#opt-working-size', String(maxSide));
  }

  async pickSample(label: string): Promise<void> {
    await this.page.getByRole('button', { name: label }).click();
  }

  /**
   * Waits until the status line reports a finished detection with this backend description and size (and,
   * when given, this image and face count).
   */
  async waitForDetection(
    config: string,
    size: string,
    timeout: number,
    also: { image?: string; faces?: number } = {},
  ): Promise<DetectionDone> {
    const extra =
      (also.image ? `[data-image="${also.image}"]` : '') +
      (also.faces !== undefined ? `[data-faces="${also.faces}"]` : '');
    const status = this.page.locator(
      `#detect-status[data-state="done"][data-config="${config}"][data-size="${size}"]${extra}`,
    );
    try {
      await status.waitFor({ timeout });
    } catch (error) {
      const shown = await this.page.locator('#detect-status').textContent();
      throw new Error(`no detection on ${config} at ${size} within ${timeout} ms; status: ${shown}`, {
        cause: error,
      });
    }
    return { config, size, faces: Number(await status.getAttribute('data-faces')) };
  }

  /** Faces drawn on the canvas (as it reports them) and the boxes listed, as corners. */
  async shownFaces(): Promise<{ drawn: number; listed: Corners[] }> {
    const drawn = Number(await this.page.getAttribute('#picture-canvas', 'data-faces'));
    const listed = await this.page.$$eval('#faces-list li[data-box]', (items) =>
      items.map((li) => {
        const [x, y, w, h] = (li.getAttribute('data-box') ?? '').split(',').map(Number) as [
          number,
          number,
          number,
          number,
        ];
        return [x, y, x + w, y + h] as [number, number, number, number];
      }),
    );
    return { drawn, listed };
  }

  /** Drops a file on the picture, as dragging it from the desktop does. */
  async dropFile(selector: string, name: string, bytes: Buffer, type: string): Promise<void> {
    const dataTransfer = await this.page.evaluateHandle(
      ({ name, base64, type }) => {
        const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([data], name, { type }));
        return transfer;
      },
      { name, base64: bytes.toString('base64'), type },
    );
    for (const event of ['dragenter', 'dragover', 'drop'])
      await this.page.dispatchEvent(selector, event, { dataTransfer });
  }

  async openTab(name: 'Detect' | 'Compare backends'): Promise<void> {
    await this.page.getByRole('tab', { name }).click();
  }
}

/** Intersection over union of two boxes given as corners. */
export function iou(a: Corners, b: Corners): number {
  const w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = w * h;
  const area = (c: Corners) => (c[2] - c[0]) * (c[3] - c[1]);
  return inter / (area(a) + area(b) - inter);
}
