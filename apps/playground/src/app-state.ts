import type { BackendOption } from './backends.js';
import type { Picture } from './images/picture.js';

/** What both views share: the backends this browser offers and the photo being worked on. */
export class AppState {
  private current: Picture | undefined;
  private readonly listeners = new Set<(picture: Picture) => void>();

  constructor(readonly backends: readonly BackendOption[]) {}

  get picture(): Picture | undefined {
    return this.current;
  }

  setPicture(picture: Picture): void {
    const previous = this.current;
    this.current = picture;
    if (previous && previous !== picture) previous.bitmap.close();
    for (const listener of this.listeners) listener(picture);
  }

  onPictureChange(listener: (picture: Picture) => void): void {
    this.listeners.add(listener);
  }
}
