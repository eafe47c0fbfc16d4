/** A conformance check that did not hold; the message says what was measured and what was allowed. */
export class ConformanceFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceFailure';
  }
}

export function ensure(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new ConformanceFailure(message());
}
