/**
 * The momentum forecast's kernel, without validation: `momentumForecast` (signal.ts) and the backtest, which
 * calls it every day, share it.
 *
 * @module
 */
import type { AssetUniverse } from "./universe.ts";

/** Kernel of `momentumForecast`, without validation (the backtest calls it every day). */
export function momentumInto(
  universe: AssetUniverse,
  day: number,
  halfLife: number,
  informationCoefficient: number,
  out: Float64Array,
): void {
  const n = universe.symbols.length;
  const a = Math.pow(2, -1 / halfLife);
  // Use at most 10 half-lives (weights below 2^-10 of the first are dropped), normalised over the used weights.
  const lags = Math.min(day, Math.ceil(10 * halfLife));
  let wsum = 0, w2sum = 0;
  for (let k = 0, w = 1; k < lags; k++, w *= a) {
    wsum += w;
    w2sum += w * w;
  }
  const noise = Math.sqrt(w2sum) / wsum; // sd of the weighted mean of unit iid returns
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let k = 0, w = 1; k < lags; k++, w *= a) m += w * universe.returns[(day - 1 - k) * n + i]!;
    m /= wsum;
    const sigma = universe.dailyVolatility[i]!;
    out[i] = informationCoefficient * sigma * (m / (sigma * noise));
  }
}
