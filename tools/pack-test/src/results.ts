// What the packed-install test measured, written by the test and read by write-readme-sizes.mjs.
export const RESULTS_FILE = new URL('../results/latest.json', import.meta.url).pathname;

export interface InstallReport {
  readonly scenario: string;
  /** The command as the README gives it (the test passes the tarballs for the workspace's packages). */
  readonly command: string;
  readonly seconds: number;
  /** `du -sb node_modules` after the install. */
  readonly nodeModulesBytes: number;
  /** The part of it that is onnxruntime-node (0 where it is not installed). */
  readonly onnxruntimeNodeBytes: number;
}

export interface Results {
  readonly node: string;
  readonly npm: string;
  readonly tarballs: readonly {
    readonly name: string;
    readonly version: string;
    readonly bytes: number;
    readonly unpackedBytes: number;
    readonly files: number;
  }[];
  readonly installs: readonly InstallReport[];
  /** The Vite app's dist, and the same app built with package.json's "browser" field ignored. */
  readonly bundle:
    | { readonly bytes: number; readonly wasmBytes: number; readonly bytesWithNchwc: number }
    | undefined;
}
