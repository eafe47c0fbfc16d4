import type { BackendOption } from './backends.js';
import type { Picture } from './images/picture.js';

/** What both views share: the backends this browser offers and the photo being worked on. */
export class AppState {
  private current: Picture | undefined;
  private readonly listeners = new Set<(picture: Picture | undefined) => void>();

  constructor(readonly backends: readonly BackendOption[]) {}

  get picture(): Picture | undefined {
    return this.current;
  }

  /** The photo to work on; undefined clears it (an upload that could not be decoded replaces nothing). */
  setPicture(picture: Picture | undefined): void {
    const previous = this.current;
    this.current = picture;
    if (previous && previous !== picture) previous.bitmap.close();
    for (const listener of this.listeners) listener(picture);
  }

  onPictureChange(listener: (picture: Picture | undefined) => void): void {
    this.listeners.add(listener);
  }
}
