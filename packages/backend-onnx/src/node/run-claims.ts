/**
 * A table in shared memory where threads claim the runs offered to more than one of them: a run is offered to
 * a worker thread and also left for the calling thread, and whichever of the two starts it first runs it. The
 * claim is one atomic compare-and-swap, so it needs no message and no event loop: a worker takes its next run
 * while the calling thread is busy, and the calling thread takes a run the worker has not reached yet.
 *
 * Each run gets a slot while it is open; the slot holds the run's token until someone claims it. Tokens are
 * unique among the runs in flight, so a late claim on a slot that has since gone to another run fails, as it
 * should.
 */
export class RunClaims {
  /** The table's words: a run's token while it is open, CLAIMED once taken. */
  private readonly words: Int32Array;
  /** Slots not in use (the calling thread's side only). */
  private readonly free: number[];

  /** A slot's word once its run is taken. Tokens are ≥ 0. */
  static readonly CLAIMED = -1;

  /** A new table of `slots` slots, or a view of an existing table's `buffer` (in a worker thread). */
  constructor(slotsOrBuffer: number | SharedArrayBuffer) {
    const buffer =
      typeof slotsOrBuffer === 'number'
        ? new SharedArrayBuffer(slotsOrBuffer * Int32Array.BYTES_PER_ELEMENT)
        : slotsOrBuffer;
    this.words = new Int32Array(buffer);
    if (typeof slotsOrBuffer === 'number') {
      this.words.fill(RunClaims.CLAIMED);
      this.free = Array.from({ length: slotsOrBuffer }, (_, k) => slotsOrBuffer - 1 - k);
    } else {
      this.free = [];
    }
  }

  get buffer(): SharedArrayBuffer {
    return this.words.buffer as SharedArrayBuffer;
  }

  /** A run's token: its id folded into the non-negative int32 range. */
  static tokenOf(id: number): number {
    return id % 0x7fffffff;
  }

  /** Opens a slot for the run `id`; undefined when every slot is in use (the run is then not offered). */
  open(id: number): number | undefined {
    const slot = this.free.pop();
    if (slot !== undefined) Atomics.store(this.words, slot, RunClaims.tokenOf(id));
    return slot;
  }

  /** Takes run `id` in `slot`: true for the one thread that gets it, false if another already has. */
  claim(slot: number, id: number): boolean {
    const token = RunClaims.tokenOf(id);
    return Atomics.compareExchange(this.words, slot, token, RunClaims.CLAIMED) === token;
  }

  /** Whether run `id` is still open in `slot`. */
  isOpen(slot: number, id: number): boolean {
    return Atomics.load(this.words, slot) === RunClaims.tokenOf(id);
  }

  /** Gives a settled run's slot back (the calling thread's side). */
  close(slot: number): void {
    Atomics.store(this.words, slot, RunClaims.CLAIMED);
    this.free.push(slot);
  }
}
