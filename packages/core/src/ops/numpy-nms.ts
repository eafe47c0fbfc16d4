import type { NmsMode } from './nms.js';

/** numpy's quicksort leaves partitions of at most this many elements (+1) to insertion sort. */
const SMALL_QUICKSORT = 15;

/** numpy's `less` for floats: NaNs sort last. */
function less(a: number, b: number): boolean {
  return a < b || (Number.isNaN(b) && !Number.isNaN(a));
}

/** numpy's heapsort of the indices `tosort[from … from + n - 1]` by `v` (aheapsort_), 1-based as numpy's. */
function argHeapsort(v: Float32Array, tosort: Int32Array, from: number, n: number): void {
  const a = (k: number) => tosort[from + k - 1]!;
  const set = (k: number, value: number) => {
    tosort[from + k - 1] = value;
  };
  // Moves `tmp` down from position `start` of the 1-based heap of `size` entries (numpy writes this loop twice).
  const siftDown = (tmp: number, start: number, size: number) => {
    let i = start;
    for (let j = start << 1; j <= size; ) {
      if (j < size && less(v[a(j)]!, v[a(j + 1)]!)) j += 1;
      if (less(v[tmp]!, v[a(j)]!)) {
        set(i, a(j));
        i = j;
        j += j;
      } else break;
    }
    set(i, tmp);
  };
  for (let l = n >> 1; l > 0; --l) siftDown(a(l), l, n);
  for (; n > 1; ) {
    const tmp = a(n);
    set(n, a(1));
    n -= 1;
    siftDown(tmp, 1, n);
  }
}

/**
 * `np.argsort(v)` with numpy 1.x's default kind (quicksort: numpy's introsort, aquicksort_), step for step, so that
 * equal values come out in the order numpy gives them: which of two boxes with the same score facenet-pytorch
 * keeps depends on it.
 */
export function numpyArgsort(v: Float32Array): Int32Array {
  const num = v.length;
  const tosort = Int32Array.from({ length: num }, (_, i) => i);
  if (num < 2) return tosort;
  const swap = (x: number, y: number) => {
    const t = tosort[x]!;
    tosort[x] = tosort[y]!;
    tosort[y] = t;
  };
  let pl = 0;
  let pr = num - 1;
  const stack: number[] = [];
  const depths: number[] = [];
  // numpy's depth limit: twice the index of the highest set bit of the length.
  let cdepth = 2 * (31 - Math.clz32(num));
  for (;;) {
    let sorted = false;
    if (cdepth < 0) {
      argHeapsort(v, tosort, pl, pr - pl + 1);
      sorted = true;
    }
    while (!sorted && pr - pl > SMALL_QUICKSORT) {
      const pm = pl + ((pr - pl) >> 1);
      if (less(v[tosort[pm]!]!, v[tosort[pl]!]!)) swap(pm, pl);
      if (less(v[tosort[pr]!]!, v[tosort[pm]!]!)) swap(pr, pm);
      if (less(v[tosort[pm]!]!, v[tosort[pl]!]!)) swap(pm, pl);
      const vp = v[tosort[pm]!]!;
      let pi = pl;
      let pj = pr - 1;
      swap(pm, pj);
      for (;;) {
        do ++pi;
        while (less(v[tosort[pi]!]!, vp));
        do --pj;
        while (less(vp, v[tosort[pj]!]!));
        if (pi >= pj) break;
        swap(pi, pj);
      }
      swap(pi, pr - 1);
      // The larger partition waits on the stack.
      if (pi - pl < pr - pi) {
        stack.push(pi + 1, pr);
        pr = pi - 1;
      } else {
        stack.push(pl, pi - 1);
        pl = pi + 1;
      }
      depths.push(--cdepth);
    }
    if (!sorted) {
      for (let pi = pl + 1; pi <= pr; ++pi) {
        const vi = tosort[pi]!;
        const vp = v[vi]!;
        let pj = pi;
        while (pj > pl && less(vp, v[tosort[pj - 1]!]!)) {
          tosort[pj] = tosort[pj - 1]!;
          pj--;
        }
        tosort[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    pr = stack.pop()!;
    pl = stack.pop()!;
    cdepth = depths.pop()!;
  }
  return tosort;
}

/**
 * facenet-pytorch's own NMS (`nms_numpy`, through `batched_nms_numpy`), which it runs only for the final 'Min' step
 * after O-Net: pixel-inclusive areas (x2 - x1 + 1) × (y2 - y1 + 1) as the reference MTCNN, but in float32 (numpy
 * arrays of the float32 boxes), boxes visited from the end of `np.argsort(scores)` (numpyArgsort: among equal
 * scores numpy's order decides), and a box kept for the next round while its overlap is ≤ the threshold rounded
 * to float32 (numpy compares a float32 array with a Python float in float32). Returns the kept indices in the
 * order picked.
 */
export function numpyNms(
  boxes: Float64Array,
  scores: Float64Array,
  threshold: number,
  mode: NmsMode,
  count: number = scores.length,
): number[] {
  const f32 = Math.fround;
  const area = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const b = 4 * i;
    area[i] = f32(f32(f32(boxes[b + 2]! - boxes[b]!) + 1) * f32(f32(boxes[b + 3]! - boxes[b + 1]!) + 1));
  }
  const limit = f32(threshold);
  let live = Array.from(numpyArgsort(Float32Array.from(scores.subarray(0, count))));
  const kept: number[] = [];
  while (live.length > 0) {
    const i = live[live.length - 1]!;
    kept.push(i);
    const bi = 4 * i;
    const next: number[] = [];
    for (let m = 0; m < live.length - 1; m++) {
      const j = live[m]!;
      const bj = 4 * j;
      const w = Math.max(
        0,
        f32(f32(Math.min(boxes[bi + 2]!, boxes[bj + 2]!) - Math.max(boxes[bi]!, boxes[bj]!)) + 1),
      );
      const h = Math.max(
        0,
        f32(f32(Math.min(boxes[bi + 3]!, boxes[bj + 3]!) - Math.max(boxes[bi + 1]!, boxes[bj + 1]!)) + 1),
      );
      const inter = f32(w * h);
      const overlap =
        mode === 'min'
          ? f32(inter / Math.min(area[i]!, area[j]!))
          : f32(inter / f32(f32(area[i]! + area[j]!) - inter));
      if (overlap <= limit) next.push(j);
    }
    live = next;
  }
  return kept;
}
