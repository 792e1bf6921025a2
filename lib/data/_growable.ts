/**
 * A growable `Float64Array` column (private to lib/data): amortised O(1) push, no per-row objects.
 * @module
 */
export class GrowableColumn {
  #data: Float64Array;
  #length = 0;
  constructor(capacity = 1024) {
    this.#data = new Float64Array(Math.max(capacity, 16));
  }
  get length(): number {
    return this.#length;
  }
  push(value: number): void {
    if (this.#length === this.#data.length) {
      const next = new Float64Array(this.#data.length * 2);
      next.set(this.#data);
      this.#data = next;
    }
    this.#data[this.#length++] = value;
  }
  /** A trimmed copy of the values pushed so far. */
  toArray(): Float64Array {
    return this.#data.slice(0, this.#length);
  }
}
