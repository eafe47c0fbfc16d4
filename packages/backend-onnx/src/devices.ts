// The device words users pick from, and which runtime serves each device where: the one place that maps them.
// A new device (say WebNN through onnxruntime-web) is named here, and served by the backend of its runtime.
// Data and its readers only, environment-neutral: both entries export it as it is, and apps read it to offer
// devices.

/** Where a model runs. */
export type Device = 'cpu' | 'wasm' | 'webgpu';

/** A device, or `auto`: the first device of {@link AUTO_ORDER} that loads the model. */
export type DeviceChoice = Device | 'auto';

/** Every device, in the order they are listed to users. */
export const DEVICES: readonly Device[] = ['cpu', 'wasm', 'webgpu'];

/** Every word a device option takes, `auto` last. */
export const DEVICE_CHOICES: readonly DeviceChoice[] = [...DEVICES, 'auto'];

/** Where the entries run: `node` (@mtcnn/backend-onnx/node) and `browser` (@mtcnn/backend-onnx/web). */
export type Environment = 'node' | 'browser';

/** What `auto` tries, in order, in each environment. */
export const AUTO_ORDER: { readonly [E in Environment]: readonly Device[] } = {
  // The native runtime; WebAssembly where onnxruntime-node is not installed or cannot start.
  node: ['cpu', 'wasm'],
  // The GPU where the browser offers one; WebAssembly everywhere.
  browser: ['webgpu', 'wasm'],
};

/** The runtimes: onnxruntime-node (`onnxNodeBackend`) and onnxruntime-web (`onnxWebBackend`). */
export type Runtime = 'node' | 'web';

/** Which runtime serves each device in each environment; a device missing from an environment is not served there. */
export const RUNTIME_OF = {
  node: { cpu: 'node', wasm: 'web', webgpu: 'node' },
  browser: { wasm: 'web', webgpu: 'web' },
} as const satisfies { readonly [E in Environment]: { readonly [D in Device]?: Runtime } };

/** The devices served in environment `E`. */
export type DeviceIn<E extends Environment> = keyof (typeof RUNTIME_OF)[E];

/** The devices runtime `R` serves, in any environment. */
export type DeviceOf<R extends Runtime> = {
  [E in Environment]: {
    [D in DeviceIn<E>]: (typeof RUNTIME_OF)[E][D] extends R ? D : never;
  }[DeviceIn<E>];
}[Environment];

/** The runtime that serves `device` in `environment`; undefined for a device not served there or no device. */
export function runtimeFor(environment: Environment, device: unknown): Runtime | undefined {
  const served: { readonly [D in Device]?: Runtime } = RUNTIME_OF[environment];
  return DEVICES.includes(device as Device) ? served[device as Device] : undefined;
}

/** The devices served in `environment`, in the order of {@link DEVICES}. */
export function devicesIn<E extends Environment>(environment: E): readonly DeviceIn<E>[] {
  return DEVICES.filter((d) => runtimeFor(environment, d) !== undefined) as DeviceIn<E>[];
}

/** The devices runtime `runtime` serves, in any environment, in the order of {@link DEVICES}. */
export function devicesOf<R extends Runtime>(runtime: R): readonly DeviceOf<R>[] {
  const environments = Object.keys(RUNTIME_OF) as Environment[];
  return DEVICES.filter((d) => environments.some((e) => runtimeFor(e, d) === runtime)) as DeviceOf<R>[];
}
