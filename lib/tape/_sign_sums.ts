/**
 * The sums behind the sign correlation `C(l)`, shared by the sign-correlation accumulator and the one that
 * measures signs and response together: per block, `sum eps_t eps_{t+l}` for `l = 0..maxLag` and the sum of
 * signs, kept block after block in tape order. Not exported from the area's face.
 * @module
 */
import { concatArrays } from "../core/arrays.ts";

/** Per-block lagged sign products and sign sums of the tapes added so far. */
export class SignSums {
  readonly maxLag: number;
  readonly #products: Float64Array[] = [];
  readonly #signSums: Float64Array[] = [];
  #total = 0;

  constructor(maxLag: number) {
    this.maxLag = maxLag;
  }

  /** Adds one tape's blocks `starts`: its signs and its products (block-major, `maxLag + 1` lags). */
  add(signs: Int8Array, starts: Int32Array, products: Float64Array): void {
    const nb = starts.length - 1;
    const sums = new Float64Array(nb);
    for (let b = 0; b < nb; b++) {
      let s = 0;
      for (let t = starts[b]!; t < starts[b + 1]!; t++) s += signs[t]!;
      sums[b] = s;
      this.#total += s;
    }
    this.#products.push(products);
    this.#signSums.push(sums);
  }

  /**
   * The sign correlation of everything added (the fields of a `SignCorrelation`), given the blocks of all
   * tapes (`blockStarts`, from 0) and their trade count. Gives the kept sums away: call once.
   */
  result(blockStarts: Int32Array, trades: number, blocksDescription: string) {
    const blockProducts = concatArrays(this.#products, Float64Array);
    this.#products.length = 0;
    const blockSignSums = concatArrays(this.#signSums, Float64Array);
    const nb = blockStarts.length - 1, lags = this.maxLag + 1;
    return {
      lags: Float64Array.from({ length: this.maxLag }, (_, i) => i + 1),
      correlation: correlationFromSums(
        blockProducts,
        blockSignSums,
        blockStarts,
        new Float64Array(nb).fill(1),
        lags,
      ),
      meanSign: this.#total / trades,
      trades,
      blocksDescription,
      blockStarts,
      blockProducts,
      blockSignSums,
    };
  }
}

/** `C(l)` for `l = 1..lags-1` from weighted per-block sums (weights = bootstrap counts). */
export function correlationFromSums(
  products: Float64Array,
  signSums: Float64Array,
  starts: Int32Array,
  weights: ArrayLike<number>,
  lags: number,
): Float64Array {
  const nb = starts.length - 1;
  let sum = 0, count = 0;
  for (let b = 0; b < nb; b++) {
    sum += weights[b]! * signSums[b]!;
    count += weights[b]! * (starts[b + 1]! - starts[b]!);
  }
  const mean = sum / count;
  const out = new Float64Array(lags - 1);
  for (let l = 1; l < lags; l++) {
    let num = 0, pairs = 0;
    for (let b = 0; b < nb; b++) {
      const w = weights[b]!;
      if (w === 0) continue;
      const size = starts[b + 1]! - starts[b]!;
      if (size <= l) continue;
      num += w * products[b * lags + l]!;
      pairs += w * (size - l);
    }
    out[l - 1] = pairs > 0 ? num / pairs - mean * mean : NaN;
  }
  return out;
}
