/** CSS class set on the target while a file is dragged over it. */
const DRAG_OVER_CLASS = 'drag-over';

/**
 * Accepts image files dropped on an element. (Keyboard and screen-reader users pick files with the file input
 * next to it; dropping is a shortcut, not the only way.)
 */
export function acceptDroppedFiles(target: HTMLElement, onFile: (file: File) => void): void {
  let depth = 0;
  const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
  target.addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth++;
    target.classList.add(DRAG_OVER_CLASS);
  });
  target.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  });
  target.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) target.classList.remove(DRAG_OVER_CLASS);
  });
  target.addEventListener('drop', (event) => {
    event.preventDefault();
    depth = 0;
    target.classList.remove(DRAG_OVER_CLASS);
    const file = event.dataTransfer?.files[0];
    if (file) onFile(file);
  });
}
