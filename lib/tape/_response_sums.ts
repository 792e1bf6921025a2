/**
 * The sums behind the response function `R(l)`, shared by `responseFunction`, `signsAndResponse` and the
 * day-by-day measurement (`measureTapeDays`): per block, `sum eps_t (m_{t+l} - m_t)` over the pairs inside
 * it, added up block after block in tape order, so a month read one day at a time gives the same sums as
 * one call on the whole month. Not exported from the area's face.
 * @module
 */

/** Running totals of `R(l)`: numerators in ticks and bps, and pair counts, for `l = 1..maxLag`. */
export interface ResponseSums {
  maxLag: number;
  ticks: Float64Array;
  bps: Float64Array;
  /** `pairs[l]`, `l = 0..maxLag` (index 0 unused). */
  pairs: Float64Array;
}

/** Empty totals for lags `1..maxLag`. */
export function newResponseSums(maxLag: number): ResponseSums {
  return {
    maxLag,
    ticks: new Float64Array(maxLag),
    bps: new Float64Array(maxLag),
    pairs: new Float64Array(maxLag + 1),
  };
}

/** Entries of the table of logs in {@linkcode shiftedLevels} (a power of two). */
const LOG_CACHE_SIZE = 4096;

/**
 * Prices shifted by a reference `ref` so that the FFT sums stay small (the shift cancels in
 * `m_{t+l} - m_t`): levels in ticks, `(m - ref) / tick`, and log levels in bps, `(ln m - ln ref) * 1e4`.
 */
export function shiftedLevels(
  m: ArrayLike<number>,
  ref: number,
  tick: number,
): { level: Float64Array; logLevel: Float64Array } {
  const n = m.length, lnRef = Math.log(ref);
  const level = new Float64Array(n), logLevel = new Float64Array(n);
  // A tape revisits a few thousand price levels: each level's log is kept in a small table indexed by the
  // level in ticks and reused when the same price comes back (the same number as computing it again).
  const cachedPrice = new Float64Array(LOG_CACHE_SIZE).fill(NaN),
    cachedLog = new Float64Array(LOG_CACHE_SIZE);
  for (let i = 0; i < n; i++) {
    const p = m[i]!, l = (p - ref) / tick;
    level[i] = l;
    const key = ((l + 0.5) | 0) & (LOG_CACHE_SIZE - 1);
    if (cachedPrice[key] === p) logLevel[i] = cachedLog[key]!;
    else {
      const v = (Math.log(p) - lnRef) * 1e4;
      cachedPrice[key] = p;
      cachedLog[key] = v;
      logLevel[i] = v;
    }
  }
  return { level, logLevel };
}

/**
 * Adds the blocks `starts` of one tape to `sums`: from the lagged cross sums `sum eps_t level_{t+l}` (block
 * major, `maxLag + 1` lags), subtract `sum_{t, t+l in block} eps_t level_t` and count the pairs.
 */
export function addResponseSums(
  sums: ResponseSums,
  signs: Int8Array,
  level: Float64Array,
  logLevel: Float64Array,
  starts: Int32Array,
  cross: Float64Array,
  crossLog: Float64Array,
): void {
  const { ticks, bps, pairs } = sums;
  const nb = starts.length - 1, lags = sums.maxLag + 1;
  for (let b = 0; b < nb; b++) {
    const from = starts[b]!, to = starts[b + 1]!;
    let total = 0, totalLog = 0;
    for (let t = from; t < to; t++) {
      total += signs[t]! * level[t]!;
      totalLog += signs[t]! * logLevel[t]!;
    }
    let tail = 0, tailLog = 0;
    for (let l = 1; l < lags && l < to - from; l++) {
      const t = to - l;
      tail += signs[t]! * level[t]!;
      tailLog += signs[t]! * logLevel[t]!;
      ticks[l - 1] = ticks[l - 1]! + cross[b * lags + l]! - (total - tail);
      bps[l - 1] = bps[l - 1]! + crossLog[b * lags + l]! - (totalLog - tailLog);
      pairs[l] = pairs[l]! + (to - from - l);
    }
  }
}

/** `R(l)` in ticks and bps from the totals (NaN for a lag without pairs). */
export function responseFromSums(sums: ResponseSums): { ticks: Float64Array; bps: Float64Array } {
  const { maxLag, pairs } = sums;
  const ticks = new Float64Array(maxLag), bps = new Float64Array(maxLag);
  for (let l = 1; l <= maxLag; l++) {
    ticks[l - 1] = pairs[l]! > 0 ? sums.ticks[l - 1]! / pairs[l]! : NaN;
    bps[l - 1] = pairs[l]! > 0 ? sums.bps[l - 1]! / pairs[l]! : NaN;
  }
  return { ticks, bps };
}
