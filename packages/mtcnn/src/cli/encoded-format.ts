/** The encodings `--draw` writes back as they came in; anything else is drawn as PNG. */
export type EncodedFormat = 'jpeg' | 'png' | 'webp';

const JPEG_MAGIC = [0xff, 0xd8, 0xff];
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const RIFF = 'RIFF';
const WEBP = 'WEBP';
const WEBP_TAG_OFFSET = 8;

function startsWith(bytes: Uint8Array, magic: readonly number[], offset = 0): boolean {
  return magic.every((b, i) => bytes[offset + i] === b);
}

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The format of encoded image bytes from their signature, or undefined for the others (GIF, TIFF, AVIF…). */
export function encodedFormat(bytes: Uint8Array): EncodedFormat | undefined {
  if (startsWith(bytes, JPEG_MAGIC)) return 'jpeg';
  if (startsWith(bytes, PNG_MAGIC)) return 'png';
  if (startsWith(bytes, ascii(RIFF)) && startsWith(bytes, ascii(WEBP), WEBP_TAG_OFFSET)) return 'webp';
  return undefined;
}
