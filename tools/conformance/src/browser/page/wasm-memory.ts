// Watches the WebAssembly memories the page creates. onnxruntime-web's multi-threaded build creates its
// (shared) memory from JavaScript, so wrapping the constructor before the runtime loads sees it; the memory's
// size is then read from the real object. (performance.measureUserAgentSpecificMemory would report it too, but
// Chromium answers it only after a scheduled garbage collection, up to a minute later.)

const memories = new Set<WebAssembly.Memory>();
let installed = false;

/** Starts watching; call before onnxruntime-web loads. */
export function watchWasmMemories(): void {
  if (installed) return;
  installed = true;
  WebAssembly.Memory = new Proxy(WebAssembly.Memory, {
    construct(target, args: [WebAssembly.MemoryDescriptor]) {
      const memory = Reflect.construct(target, args) as WebAssembly.Memory;
      memories.add(memory);
      return memory;
    },
  });
}

/** Bytes of all watched memories, or undefined when none was seen (the runtime made its memory inside wasm). */
export function wasmMemoryBytes(): number | undefined {
  if (memories.size === 0) return undefined;
  let bytes = 0;
  for (const memory of memories) bytes += memory.buffer.byteLength;
  return bytes;
}
