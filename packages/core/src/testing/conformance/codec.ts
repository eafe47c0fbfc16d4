// Moves a conformance reference between processes (Node builds it, a browser page checks against it): a JSON
// header with the typed arrays replaced by references into one binary body.

type Typed = Float32Array | Uint8Array | Uint8ClampedArray;
const KINDS = { Float32Array, Uint8Array, Uint8ClampedArray } as const;
type Kind = keyof typeof KINDS;
interface Ref {
  readonly $typed: Kind;
  readonly offset: number;
  readonly length: number;
}

function kindOf(value: unknown): Kind | undefined {
  if (value instanceof Float32Array) return 'Float32Array';
  if (value instanceof Uint8ClampedArray) return 'Uint8ClampedArray';
  if (value instanceof Uint8Array) return 'Uint8Array';
  return undefined;
}

/** Encodes plain data (objects, arrays, numbers, strings, typed arrays) into one buffer. */
export function encodeConformanceData(value: unknown): Uint8Array {
  const chunks: Typed[] = [];
  let size = 0;
  const header = JSON.stringify(value, (_key, v: unknown) => {
    const kind = kindOf(v);
    if (!kind) return v;
    const typed = v as Typed;
    size = Math.ceil(size / 4) * 4; // keep Float32Array views aligned
    const ref: Ref = { $typed: kind, offset: size, length: typed.length };
    chunks.push(typed);
    size += typed.byteLength;
    return ref;
  });
  const head = new TextEncoder().encode(header);
  const bodyStart = Math.ceil((4 + head.length) / 4) * 4;
  const out = new Uint8Array(bodyStart + size);
  new DataView(out.buffer).setUint32(0, head.length, true);
  out.set(head, 4);
  let at = 0;
  for (const typed of chunks) {
    at = Math.ceil(at / 4) * 4;
    out.set(new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength), bodyStart + at);
    at += typed.byteLength;
  }
  return out;
}

/** The inverse of {@link encodeConformanceData}; the typed arrays are views into `bytes`' buffer. */
export function decodeConformanceData<T>(bytes: Uint8Array): T {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headLength = view.getUint32(0, true);
  const header = new TextDecoder().decode(bytes.subarray(4, 4 + headLength));
  const bodyStart = bytes.byteOffset + Math.ceil((4 + headLength) / 4) * 4;
  if (bodyStart % 4 !== 0) throw new RangeError('conformance data must start 4-byte aligned');
  return JSON.parse(header, (_key, v: unknown) => {
    if (v && typeof v === 'object' && '$typed' in v) {
      const ref = v as Ref;
      return new KINDS[ref.$typed](bytes.buffer as ArrayBuffer, bodyStart + ref.offset, ref.length);
    }
    return v;
  }) as T;
}
