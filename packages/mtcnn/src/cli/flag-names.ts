/** The library's option names and the flags that set them, for messages the library writes. */
const FLAG_OF: Readonly<Record<string, string>> = {
  minFaceSize: '--min-face',
  scaleFactor: '--scale-factor',
  thresholds: '--thresholds',
  maxFaces: '--max-faces',
  maxPixels: '--max-pixels',
};

/** The library's download and stdin limit has no flag: the message says what it is instead. */
const FIXED_LIMITS: Readonly<Record<string, string>> = { maxBytes: 'the limit on downloads and stdin' };

/**
 * A library message in the command line's words: `(option maxPixels)` becomes `(option --max-pixels)`, and a
 * message that starts with an option's name (`minFaceSize must be…`) starts with its flag.
 */
export function withFlagNames(message: string): string {
  return message
    .replace(/\(option (\w+)\)/g, (whole, name: string) =>
      FLAG_OF[name] ? `(option ${FLAG_OF[name]})` : FIXED_LIMITS[name] ? `(${FIXED_LIMITS[name]})` : whole,
    )
    .replace(/^(\w+)(?= must )/, (name: string) => FLAG_OF[name] ?? name);
}
