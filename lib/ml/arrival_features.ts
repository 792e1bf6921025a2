/**
 * Features of a metaorder known when it arrives, measured on the tape it traded in: the inputs of impact
 * models learned from metaorders on a tape (synthetic metaorders from public trades, or a user's own parent
 * orders) rather than from orders with a planted law.
 *
 * Every feature of metaorder `m` reads only trades with a tape index below its first child `first[m]`, and
 * quotes stamped strictly before that child's time; the order's own plan (size, side, planned duration) is
 * known to its trader at arrival. The reference price is the mid in force when the tape carries quotes
 * (`tape.quotes`), else the last trade price.
 *
 * | feature | definition | unit |
 * | --- | --- | --- |
 * | `averageDailyVolume` | volume of the `volumeWindowSeconds` before arrival, scaled to 24 h | base units per day |
 * | `dailyVolatility` | realised volatility of the reference price over the `volatilityWindowSeconds` before arrival, sampled every `samplingSeconds`, scaled to a day (Andersen et al. 2003) | fraction per day |
 * | `momentum` | log return of the reference price over the `returnWindowSeconds` before arrival | fraction |
 * | `executionParticipation` | `|Q|` over the volume expected during the planned duration at the trailing rate | fraction |
 * | `spread` | quoted spread at arrival (book) | quote currency |
 * | `depthImbalance` | `(bidSize - askSize) / (bidSize + askSize)` at arrival (book) | in [-1, 1] |
 * | `orderFlowImbalance` | Cont, Kukanov & Stoikov (2014) order-flow imbalance summed over the `flowWindowSeconds` before arrival, over the mean level-1 depth (book) | dimensionless |
 *
 * Without quotes the book features are NaN, and {@linkcode ArrivalFeatures.book} is false.
 *
 * @module
 */
import type { TradeTape } from "../data/trade_tape.ts";
import { assertTradeTape } from "../data/trade_tape.ts";
import { assertEach, assertObject } from "../core/validate.ts";
import { MS_PER_DAY } from "../core/units.ts";

/** The metaorder columns the features read (a `syntheticMetaorders` result has them). */
export interface ArrivalMetaorders {
  /** Tape index of each metaorder's first child trade. */
  first: ArrayLike<number>;
  /** Side: +1 buy, -1 sell. */
  sign: ArrayLike<number>;
  /** Unsigned size `|Q|`, base units. */
  volume: ArrayLike<number>;
  /** Planned duration, seconds (for synthetic metaorders, first to last child). */
  durationSeconds: ArrayLike<number>;
}

/** Options of {@linkcode arrivalFeatures}. Every window ends at the first child and excludes it. */
export interface ArrivalFeatureOptions {
  /** Window of the trailing volume, seconds. Default 3,600. */
  volumeWindowSeconds?: number;
  /** Window of the realised volatility, seconds. Default 3,600. */
  volatilityWindowSeconds?: number;
  /** Sampling interval of the realised volatility, seconds. Default 60. */
  samplingSeconds?: number;
  /** Window of the recent return, seconds. Default 300. */
  returnWindowSeconds?: number;
  /** Window of the order-flow imbalance, seconds. Default 60. */
  flowWindowSeconds?: number;
}

/** Result of {@linkcode arrivalFeatures}: one value per metaorder in each column (NaN where undefined). */
export interface ArrivalFeatures {
  /** Arrival time (the first child's time), UTC ms. */
  timestamp: Float64Array;
  /** Reference price just before the first child: mid (with quotes) or last trade price. */
  arrivalPrice: Float64Array;
  averageDailyVolume: Float64Array;
  dailyVolatility: Float64Array;
  momentum: Float64Array;
  executionParticipation: Float64Array;
  spread: Float64Array;
  depthImbalance: Float64Array;
  orderFlowImbalance: Float64Array;
  /** Whether the book features were computed (the tape carries quotes). */
  book: boolean;
  /** `"mid"` with quotes, else `"trade"`. */
  priceReference: "mid" | "trade";
  /** The windows used, seconds. */
  windows: Required<ArrivalFeatureOptions>;
}

function settings(action: string, options: ArrivalFeatureOptions): Required<ArrivalFeatureOptions> {
  assertObject(action, "options", options);
  const {
    volumeWindowSeconds = 3_600,
    volatilityWindowSeconds = 3_600,
    samplingSeconds = 60,
    returnWindowSeconds = 300,
    flowWindowSeconds = 60,
  } = options;
  const resolved = {
    volumeWindowSeconds,
    volatilityWindowSeconds,
    samplingSeconds,
    returnWindowSeconds,
    flowWindowSeconds,
  };
  assertEach(action, "positive", resolved);
  if (samplingSeconds > volatilityWindowSeconds) {
    throw new RangeError(
      `Cannot ${action}: samplingSeconds must be <= volatilityWindowSeconds (${volatilityWindowSeconds}): ` +
        `current value is ${samplingSeconds}`,
    );
  }
  return resolved;
}

function assertMetaorders(action: string, m: ArrivalMetaorders, trades: number): number {
  assertObject(action, "metaorders", m);
  const n = m.first !== null && typeof m.first === "object" ? m.first.length : undefined;
  if (typeof n !== "number") {
    throw new TypeError(
      `Cannot ${action}: metaorders.first must be an array of tape indices: current value is ${m.first}`,
    );
  }
  for (const name of ["sign", "volume", "durationSeconds"] as const) {
    if (m[name]?.length !== n) {
      throw new TypeError(
        `Cannot ${action}: metaorders.${name} must have one entry per metaorder (metaorders.first has ${n}): ` +
          `current length is ${m[name]?.length}`,
      );
    }
  }
  for (let i = 0; i < n; i++) {
    const f = m.first[i]!, s = m.sign[i]!, q = m.volume[i]!, d = m.durationSeconds[i]!;
    if (!Number.isInteger(f) || f < 0 || f >= trades) {
      throw new RangeError(
        `Cannot ${action}: metaorders.first[${i}] must be a tape index in [0, ${trades}): current value is ${f}`,
      );
    }
    if (s !== 1 && s !== -1) {
      throw new RangeError(`Cannot ${action}: metaorders.sign[${i}] must be +1 or -1: current value is ${s}`);
    }
    if (!(q > 0) || !Number.isFinite(q)) {
      throw new RangeError(
        `Cannot ${action}: metaorders.volume[${i}] must be finite and > 0: current value is ${q}`,
      );
    }
    if (!(d >= 0) || !Number.isFinite(d)) {
      throw new RangeError(
        `Cannot ${action}: metaorders.durationSeconds[${i}] must be finite and >= 0: current value is ${d}`,
      );
    }
  }
  return n;
}

/**
 * The metaorders in tape order: indices `j` sorted by `firsts[j]`, ties in input order (a stable sort).
 * A counting sort over the tape's indices, O(n + m), when the tape is at most 64 times longer than the
 * metaorder list (or the list has more than 2^21 entries); otherwise the typed array's native sort of packed
 * keys `first * 2^21 + j` (exact in a double for `first < 2^31`, `j < 2^21`), O(m log m). Either replaces a
 * sort with a comparator, which calls back into JavaScript per comparison (about 0.4 s for 10^6).
 */
function tapeOrder(firsts: Int32Array, n: number): Int32Array {
  const m = firsts.length;
  const order = new Int32Array(m);
  const SHIFT = 2_097_152; // 2^21
  if (n <= 64 * m || m > SHIFT) {
    const start = new Int32Array(n + 1);
    for (let j = 0; j < m; j++) start[firsts[j]! + 1]!++;
    for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
    for (let j = 0; j < m; j++) order[start[firsts[j]!]!++] = j;
    return order;
  }
  const keys = new Float64Array(m);
  for (let j = 0; j < m; j++) keys[j] = firsts[j]! * SHIFT + j;
  keys.sort();
  for (let k = 0; k < m; k++) order[k] = keys[k]! % SHIFT;
  return order;
}

/**
 * The features of each metaorder known at its arrival (see the module documentation for each definition).
 *
 * Cost: O(n) once for prefix sums over the tape (volume, sampled squared returns, order-flow imbalance),
 * a sort of the metaorders by first child (counting sort, O(n + m), or O(m log m) for few metaorders on a
 * long tape), then one sweep of the tape in that order for the window starts; about 1 s for 10^6
 * metaorders on 10^7 trades with quotes (tests/ml/arrival_features_bench_notes.md).
 *
 * @param tape the trade tape the metaorders traded in; with `quotes` the book features are computed.
 * @param metaorders first child index, side, size and planned duration of each metaorder.
 * @param options window lengths, seconds.
 * @returns one column per feature.
 * @throws {TypeError} for a malformed tape or metaorder table.
 * @throws {RangeError} for an index outside the tape, a bad side, size or duration, or a bad window.
 *
 * @example
 * ```ts
 * import { arrivalFeatures } from "@lib/ml/arrival_features.ts";
 * import assert from "node:assert/strict";
 * // Trades one minute apart, 1 unit each; a metaorder arrives at the fourth trade.
 * const tape = {
 *   timestamps: Float64Array.from([0, 1, 2, 3, 4].map((k) => k * 60_000)), prices: Float64Array.from([100, 101, 100, 101, 102]),
 *   sizes: new Float64Array(5).fill(1), signs: Int8Array.from([1, 1, -1, 1, 1]), symbol: "T", source: "csv" as const,
 * };
 * const f = arrivalFeatures(tape, { first: [3], sign: [1], volume: [2], durationSeconds: [60] }, { volumeWindowSeconds: 180 });
 * assert.equal(f.arrivalPrice[0], 100); // the last trade before the first child
 * assert.equal(f.averageDailyVolume[0], 3 * 86_400 / 180); // 3 units in the 180 s before arrival, per day
 * assert.equal(f.book, false);
 * ```
 */
export function arrivalFeatures(
  tape: TradeTape,
  metaorders: ArrivalMetaorders,
  options: ArrivalFeatureOptions = {},
): ArrivalFeatures {
  const action = "compute arrival features";
  assertTradeTape(action, tape, 2);
  const windows = settings(action, options);
  const n = tape.timestamps.length;
  const m = assertMetaorders(action, metaorders, n);
  const { timestamps: t, sizes, prices } = tape;
  const quotes = tape.quotes;
  const book = quotes !== undefined;
  // Reference price of trade i: the mid in force before it (quotes), else the trade's own price for use
  // by later trades. refBefore(i) is the reference price known just before trade i.
  const refBefore = (i: number): number => {
    if (book) {
      const mid = quotes!.mids[i]!;
      if (Number.isFinite(mid)) return mid;
    }
    return i > 0 ? prices[i - 1]! : NaN;
  };
  // Prefix sums of volume: cumVolume[i] = sum of sizes[0..i).
  const cumVolume = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cumVolume[i + 1] = cumVolume[i]! + sizes[i]!;
  // Sampled reference prices on a grid of samplingSeconds from the first trade: price[k] is the reference
  // price known at the grid time g_k = t0 + k * step (the last trade strictly before it, or its mid), and
  // cumSquares[k] = sum over j < k of ln(price[j+1] / price[j])^2.
  const step = windows.samplingSeconds * 1_000;
  const t0 = t[0]!;
  const grid = Math.floor((t[n - 1]! - t0) / step) + 2;
  if (grid > 50_000_000) {
    throw new RangeError(
      `Cannot ${action}: samplingSeconds must leave at most 50,000,000 samples over the tape's span: current value is ${windows.samplingSeconds}`,
    );
  }
  const gridPrice = new Float64Array(grid);
  {
    let i = 0;
    for (let k = 0; k < grid; k++) {
      const g = t0 + k * step;
      while (i < n && t[i]! < g) i++;
      gridPrice[k] = i === 0
        ? NaN
        : (book && Number.isFinite(quotes!.mids[i - 1]!) ? quotes!.mids[i - 1]! : prices[i - 1]!);
    }
  }
  const cumSquares = new Float64Array(grid);
  for (let k = 1; k < grid; k++) {
    const a = gridPrice[k - 1]!, b = gridPrice[k]!;
    const r = Number.isFinite(a) && Number.isFinite(b) ? Math.log(b / a) : 0;
    cumSquares[k] = cumSquares[k - 1]! + r * r;
  }
  // Order-flow imbalance between consecutive trades' quotes (Cont, Kukanov & Stoikov 2014, eq. 2):
  // e = 1{b' >= b} qb' - 1{b' <= b} qb - 1{a' <= a} qa' + 1{a' >= a} qa, summed by prefix; depth prefix
  // for the normalisation. With quotes as of each trade, the event between trades i-1 and i is stamped at i.
  let cumFlow: Float64Array | null = null, cumDepth: Float64Array | null = null;
  if (book) {
    cumFlow = new Float64Array(n + 1);
    cumDepth = new Float64Array(n + 1);
    const { mids, spreads, bidSizes, askSizes } = quotes!;
    for (let i = 0; i < n; i++) {
      let e = 0, depth = 0;
      if (i > 0) {
        const bid0 = mids[i - 1]! - spreads[i - 1]! / 2, ask0 = mids[i - 1]! + spreads[i - 1]! / 2;
        const bid1 = mids[i]! - spreads[i]! / 2, ask1 = mids[i]! + spreads[i]! / 2;
        // NaN compares false everywhere: a missing quote contributes 0.
        const e1 = (bid1 >= bid0 ? bidSizes[i]! : 0) - (bid1 <= bid0 ? bidSizes[i - 1]! : 0) -
          (ask1 <= ask0 ? askSizes[i]! : 0) + (ask1 >= ask0 ? askSizes[i - 1]! : 0);
        if (bid0 === bid0 && ask0 === ask0 && bid1 === bid1 && ask1 === ask1) e = e1;
      }
      const d = (bidSizes[i]! + askSizes[i]!) / 2;
      if (Number.isFinite(e)) cumFlow[i + 1] = cumFlow[i]! + e;
      else cumFlow[i + 1] = cumFlow[i]!;
      depth = Number.isFinite(d) ? d : 0;
      cumDepth[i + 1] = cumDepth[i]! + depth;
    }
  }
  const out = {
    timestamp: new Float64Array(m),
    arrivalPrice: new Float64Array(m),
    averageDailyVolume: new Float64Array(m),
    dailyVolatility: new Float64Array(m),
    momentum: new Float64Array(m),
    executionParticipation: new Float64Array(m),
    spread: new Float64Array(m).fill(NaN),
    depthImbalance: new Float64Array(m).fill(NaN),
    orderFlowImbalance: new Float64Array(m).fill(NaN),
  };
  const volumeMs = windows.volumeWindowSeconds * 1_000;
  const returnMs = windows.returnWindowSeconds * 1_000;
  const flowMs = windows.flowWindowSeconds * 1_000;
  const volSteps = Math.max(1, Math.round(windows.volatilityWindowSeconds / windows.samplingSeconds));
  // Metaorders in tape order, so the window starts move forward only: one sweep of the tape instead of a
  // binary search (and its cache misses) per window per metaorder.
  const firsts = Int32Array.from({ length: m }, (_, j) => metaorders.first[j]!);
  const order = tapeOrder(firsts, n);
  let fromVolume = 0, fromReturn = 0, fromFlowPointer = 0;
  /** First index in [p, f] with `t >= x`, advancing from p (x and f non-decreasing across calls). */
  const advance = (p: number, x: number, f: number): number => {
    while (p < f && t[p]! < x) p++;
    return p;
  };
  // Inputs gathered into tape order, outputs written in tape order and scattered back once per column: the
  // loop then reads and writes its columns in sequence instead of at random rows.
  const sideOf = new Float64Array(m), volumeOf = new Float64Array(m), durationOf = new Float64Array(m);
  const firstOf = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const j = order[k]!;
    firstOf[k] = firsts[j]!;
    sideOf[k] = metaorders.sign[j]!;
    volumeOf[k] = metaorders.volume[j]!;
    durationOf[k] = metaorders.durationSeconds[j]!;
  }
  for (let k = 0; k < m; k++) {
    const f = firstOf[k]!, side = sideOf[k]!; // row k of the outputs is metaorder order[k]
    const arrival = t[f]!;
    out.timestamp[k] = arrival;
    const p = refBefore(f);
    out.arrivalPrice[k] = p;
    // Trailing volume over [arrival - window, arrival), trades before the first child only; a window cut by
    // the tape's start is scaled by the span actually seen.
    const from = fromVolume = advance(Math.min(fromVolume, f), arrival - volumeMs, f);
    const seenMs = Math.min(volumeMs, arrival - t0);
    const vol = cumVolume[f]! - cumVolume[from]!;
    const adv = seenMs > 0 && vol > 0 ? vol * MS_PER_DAY / seenMs : NaN;
    out.averageDailyVolume[k] = adv;
    const duration = durationOf[k]!;
    out.executionParticipation[k] = adv > 0 ? volumeOf[k]! / (adv * Math.max(duration, 1) / 86_400) : NaN;
    // Realised volatility over the sampling grid points at or before arrival.
    const kEnd = Math.floor((arrival - t0) / step);
    const kStart = Math.max(0, kEnd - volSteps);
    const spanSteps = kEnd - kStart;
    out.dailyVolatility[k] = spanSteps > 0
      ? Math.sqrt(
        (cumSquares[kEnd]! - cumSquares[kStart]!) * (86_400 / (spanSteps * windows.samplingSeconds)),
      )
      : NaN;
    // Recent return of the reference price over [arrival - returnWindow, arrival).
    const back = fromReturn = advance(Math.min(fromReturn, f), arrival - returnMs, f);
    const pBack = refBefore(back);
    out.momentum[k] = Number.isFinite(pBack) && Number.isFinite(p) ? Math.log(p / pBack) : 0;
    if (book) {
      const { spreads, bidSizes, askSizes } = quotes!;
      out.spread[k] = spreads[f]!;
      const b = bidSizes[f]!, a = askSizes[f]!;
      out.depthImbalance[k] = b + a > 0 ? side * (b - a) / (b + a) : NaN;
      const fromFlow = fromFlowPointer = advance(Math.min(fromFlowPointer, f), arrival - flowMs, f);
      // Events between consecutive trades in the window, up to the quote in force before the first child.
      const events = f - fromFlow;
      const depth = events > 0 ? (cumDepth![f + 1]! - cumDepth![fromFlow + 1]!) / events : NaN;
      out.orderFlowImbalance[k] = events > 0 && depth > 0
        ? side * (cumFlow![f + 1]! - cumFlow![fromFlow + 1]!) / depth
        : 0;
    }
  }
  const scratch = sideOf; // no longer needed: reused to scatter each column
  for (const column of Object.values(out)) {
    scratch.set(column);
    for (let k = 0; k < m; k++) column[order[k]!] = scratch[k]!;
  }
  return { ...out, book, priceReference: book ? "mid" : "trade", windows };
}
