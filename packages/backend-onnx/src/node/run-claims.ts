/**
 * A table in shared memory where lanes claim the runs offered to several of them: a run is offered to every
 * worker lane and also left for the calling thread, and whichever lane starts it first runs it. The claim is one
 * atomic compare-and-swap, so it needs no message and no event loop: a worker takes its next run while the
 * calling thread is busy, and the calling thread takes a run no worker has reached yet. A lane reads a run's
 * input only after its claim succeeds, so the lanes that lose never touch it.
 *
 * Each run gets a slot while it is open; the slot holds the run's token until a lane claims it, then the
 * lane's mark. Tokens are unique among the runs in flight, so a late claim on a slot that has since gone to
 * another run fails, as it should.
 */
export class RunClaims {
  /** The table's words: FREE, a run's token while it is open, or the mark of the lane that claimed it. */
  private readonly words: Int32Array;
  /** Slots not in use (the calling thread's side only). */
  private readonly free: number[];

  /** A slot's word while no run holds it. Tokens are ≥ 0, lane marks ≤ -2. */
  static readonly FREE = -1;

  /** A new table of `slots` slots, or a view of an existing table's `buffer` (in a worker thread). */
  constructor(slotsOrBuffer: number | SharedArrayBuffer) {
    const buffer =
      typeof slotsOrBuffer === 'number'
        ? new SharedArrayBuffer(slotsOrBuffer * Int32Array.BYTES_PER_ELEMENT)
        : slotsOrBuffer;
    this.words = new Int32Array(buffer);
    if (typeof slotsOrBuffer === 'number') {
      this.words.fill(RunClaims.FREE);
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

  /** The word of a slot claimed by lane `lane` (≥ 0). */
  static markOf(lane: number): number {
    return -2 - lane;
  }

  /** Opens a slot for the run `id`; undefined when every slot is in use (the run is then not offered). */
  open(id: number): number | undefined {
    const slot = this.free.pop();
    if (slot !== undefined) Atomics.store(this.words, slot, RunClaims.tokenOf(id));
    return slot;
  }

  /** Lane `lane` takes run `id` in `slot`: true for the one lane that gets it, false if another already has. */
  claim(slot: number, id: number, lane: number): boolean {
    const token = RunClaims.tokenOf(id);
    return Atomics.compareExchange(this.words, slot, token, RunClaims.markOf(lane)) === token;
  }

  /** Whether run `id` is still open in `slot`. */
  isOpen(slot: number, id: number): boolean {
    return Atomics.load(this.words, slot) === RunClaims.tokenOf(id);
  }

  /** The lane that claimed the run in `slot`; undefined while it is open or the slot is free. */
  claimer(slot: number): number | undefined {
    const word = Atomics.load(this.words, slot);
    return word <= RunClaims.markOf(0) ? RunClaims.markOf(0) - word : undefined;
  }

  /** Gives a settled run's slot back (the calling thread's side). */
  close(slot: number): void {
    Atomics.store(this.words, slot, RunClaims.FREE);
    this.free.push(slot);
  }
}
