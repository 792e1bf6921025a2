/**
 * Sign correlation from per-block lagged products (private; shared by `signCorrelation` and
 * `signsAndResponse`).
 * @module
 */
import type { TradeTape } from "../data/trade_tape.ts";
import type { SignCorrelation } from "./sign_correlation.ts";

/** Builds a {@linkcode SignCorrelation} from `sum eps_t eps_{t+l}` per block. */
export function signCorrelationFromProducts(
  tape: TradeTape,
  starts: Int32Array,
  products: Float64Array,
  maxLag: number,
  blocksDescription: string,
): SignCorrelation {
  const n = tape.signs.length, nb = starts.length - 1, lags = maxLag + 1;
  const signSums = new Float64Array(nb);
  let total = 0;
  for (let b = 0; b < nb; b++) {
    let s = 0;
    for (let t = starts[b]!; t < starts[b + 1]!; t++) s += tape.signs[t]!;
    signSums[b] = s;
    total += s;
  }
  const weights = new Float64Array(nb).fill(1);
  return {
    lags: Float64Array.from({ length: maxLag }, (_, i) => i + 1),
    correlation: correlationFromSums(products, signSums, starts, weights, lags),
    meanSign: total / n,
    trades: n,
    blocksDescription,
    blockStarts: starts,
    blockProducts: products,
    blockSignSums: signSums,
  };
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
