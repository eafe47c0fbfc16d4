/** File extensions (lower case, no dot) that directory inputs are searched for. */
export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'gif', 'tif', 'tiff', 'avif'] as const;

/** Images in flight at once: one decoding while another runs the cascade keeps two cores busy. */
export const DEFAULT_CONCURRENCY = 2;
/** More images in flight than this only costs memory. */
export const MAX_CONCURRENCY = 64;
