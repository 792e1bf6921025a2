/**
 * Aggregate impact: the price change over a window against the signed volume traded in it, and Kyle's lambda.
 *
 * Over windows of `T` trades (or `T` seconds), `R(dV, T) = <r | dV>` with `dV = sum eps_i v_i` the signed
 * volume and `r` the log return across the window. Patzelt & Bouchaud (2018) find that once `dV`
 * is rescaled by the window's typical volume `V_T` and `r` by its volatility `sigma_T`, the curves for
 * different `T` collapse onto one shape, linear for small imbalances and concave (sigmoid) for large ones.
 * Kyle's lambda (Kyle 1985) is the slope of `r` on `dV`: the linear price impact per unit of net order flow.
 *
 * @module
 */
import { assertTradeTape, type TradeTape } from "../data/trade_tape.ts";
import { assertInteger, assertObject, assertPositive, describeValue } from "../core/validate.ts";
import {
  blockBootstrapCounts,
  type BlockSpec,
  describeBlocks,
  percentileInterval,
  tapeBlocks,
} from "./blocks.ts";
import { assertBootstrapSettings, checkBlockSpec } from "./_block_checks.ts";
import { lineFromSums } from "./_ols.ts";
import { quantileBins } from "./_quantile_bins.ts";

/** Options of {@linkcode aggregateImpact}. */
export interface AggregateImpactOptions {
  /** Window lengths `T`. Default `[10, 100, 1000]`. */
  windows?: readonly number[];
  /** Unit of `T`: trades (default) or seconds. */
  unit?: "trades" | "seconds";
  /** Quantile bins of the rescaled imbalance. Default 15. */
  bins?: number;
  /** Blocks: windows never cross one; the bootstrap resamples them. Default `"day"`. */
  blocks?: BlockSpec;
  /** Block bootstrap resamples for Kyle's lambda. Default 500; 0 skips. */
  bootstrapSamples?: number;
  /** Interval level. Default 0.95. */
  confidence?: number;
  /** Seed. Default 42. */
  seed?: number;
}

/** Aggregate impact at one window length (see {@linkcode aggregateImpact}). */
export interface AggregateImpactWindow {
  /** Window length `T` and its unit. */
  window: number;
  unit: "trades" | "seconds";
  /** Windows measured (the first window of each block has no price before it and is skipped). */
  windows: number;
  /** `V_T`: mean traded volume per window, base units. */
  volumeScale: number;
  /** `sigma_T`: standard deviation of the window return, bps. */
  volatilityScale: number;
  /** Bin means: rescaled imbalance `dV / V_T`, rescaled return `r / sigma_T`, windows per bin. */
  bins: { imbalance: number[]; response: number[]; count: number[] };
  /** Kyle's lambda: OLS slope of the return (bps) on the signed volume (base units), bps per base unit. */
  kyleLambda: number;
  /** Percentile block-bootstrap interval of `kyleLambda`. */
  kyleLambdaInterval: [number, number];
  /** Slope in rescaled units, `(r / sigma_T)` per `(dV / V_T)`, dimensionless. */
  rescaledLambda: number;
  /** R^2 of the return on signed volume. */
  rSquared: number;
}

/** Result of {@linkcode aggregateImpact}. */
export interface AggregateImpact {
  /** One entry per window length, in the order given. */
  windows: AggregateImpactWindow[];
  /** Price used for returns (the tape has no quotes). */
  priceSource: "trade price";
  blocks: number;
  blocksDescription: string;
  confidence: number;
}

/**
 * Aggregate impact `R(dV, T)` binned and rescaled (Patzelt & Bouchaud 2018), and Kyle's lambda per window
 * length `T`, from non-overlapping windows inside each block.
 *
 * Window return: `r = (ln p_last(w) - ln p_last(w - 1)) * 1e4` bps, from the last trade price of the previous
 * window to the last trade price of this one; the first window of a block is skipped. Seconds windows are
 * aligned on the block's first trade; empty ones are skipped. Cost O(n) per window length plus a sort per
 * length for the quantile bins; the bootstrap resamples per-block sums, O(bootstrapSamples * blocks).
 *
 * @param tape the trade tape.
 * @param options window lengths and unit, bins, blocks, bootstrap.
 * @returns one {@linkcode AggregateImpactWindow} per length.
 * @throws {TypeError} for a malformed tape.
 * @throws {RangeError} for a bad option, or a length with fewer than 3 windows.
 *
 * @example
 * ```ts
 * import { aggregateImpact } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * // A linear toy market, windows of 2 trades: each window holds two trades of the same side, net signed
 * // volume `net` BTC, and its price is the previous one times exp(10 bps * net): lambda = 10 bps per BTC.
 * const nets = [1, 1, -2, 3, 1, -1, 2];
 * const prices: number[] = [], signs: number[] = [], sizes: number[] = [];
 * let p = 100;
 * for (const net of nets) {
 *   p *= Math.exp((net * 10) / 1e4);
 *   prices.push(p, p);
 *   signs.push(Math.sign(net), Math.sign(net));
 *   sizes.push(Math.abs(net) / 2, Math.abs(net) / 2);
 * }
 * const tape = {
 *   timestamps: new Float64Array(14), prices: Float64Array.from(prices), sizes: Float64Array.from(sizes),
 *   signs: Int8Array.from(signs), symbol: "TOY", source: "synthetic" as const,
 * };
 * const { windows: [w] } = aggregateImpact(tape, { windows: [2], bins: 2, bootstrapSamples: 0 });
 * // 7 windows; the first has no price before it.
 * assert.equal(w!.windows, 6);
 * assert.ok(Math.abs(w!.kyleLambda - 10) < 1e-9); // bps per BTC
 * ```
 */
export function aggregateImpact(tape: TradeTape, options: AggregateImpactOptions = {}): AggregateImpact {
  const action = "measure aggregate impact";
  assertObject(action, "options", options);
  const {
    windows = [10, 100, 1000],
    unit = "trades",
    bins = 15,
    blocks = "day",
    bootstrapSamples = 500,
    confidence = 0.95,
    seed = 42,
  } = options;
  assertTradeTape(action, tape, 3);
  assertInteger(action, "bins", bins, 1);
  assertBootstrapSettings(action, bootstrapSamples, confidence, seed);
  checkBlockSpec(action, blocks);
  if (unit !== "trades" && unit !== "seconds") {
    throw new RangeError(
      `Cannot ${action}: unit must be "trades" or "seconds": current value is ${describeValue(unit)}`,
    );
  }
  if (!Array.isArray(windows) || windows.length === 0) {
    throw new TypeError(
      `Cannot ${action}: windows must be a non-empty array: current value is ${describeValue(windows)}`,
    );
  }
  windows.forEach((w, i) =>
    unit === "trades"
      ? assertInteger(action, `windows[${i}]`, w, 1)
      : assertPositive(action, `windows[${i}]`, w)
  );
  const starts = tapeBlocks(tape.timestamps, blocks);
  const nb = starts.length - 1;
  const counts = bootstrapSamples > 0 ? blockBootstrapCounts(nb, { samples: bootstrapSamples, seed }) : null;
  const { timestamps, prices, sizes, signs } = tape;
  const n = prices.length;
  const out: AggregateImpactWindow[] = [];
  // Per-window values, reused across lengths (at most n windows).
  const dv = new Float64Array(n), ret = new Float64Array(n), vol = new Float64Array(n);
  const blockOf = new Int32Array(n);
  for (const T of windows) {
    let m = 0;
    for (let b = 0; b < nb; b++) {
      const from = starts[b]!, to = starts[b + 1]!;
      let key = -1, prevLast = -1, signed = 0, volume = 0, last = -1;
      const close = () => {
        if (last >= 0 && prevLast >= 0) {
          dv[m] = signed;
          vol[m] = volume;
          ret[m] = (Math.log(prices[last]!) - Math.log(prices[prevLast]!)) * 1e4;
          blockOf[m] = b;
          m++;
        }
        prevLast = last;
        signed = 0;
        volume = 0;
      };
      for (let t = from; t < to; t++) {
        const k = unit === "trades"
          ? Math.floor((t - from) / T)
          : Math.floor((timestamps[t]! - timestamps[from]!) / (T * 1000));
        if (k !== key) {
          close();
          key = k;
        }
        signed += signs[t]! * sizes[t]!;
        volume += sizes[t]!;
        last = t;
      }
      close();
    }
    if (m < 3) {
      throw new RangeError(
        `Cannot ${action}: windows of ${T} ${unit} must give at least 3 windows: current count is ${m}`,
      );
    }
    // Scales, per-block sums for the lambda, and quantile bins of the rescaled imbalance.
    let sv = 0, sr = 0, srr = 0;
    const sums = new Float64Array(nb * 6); // n, sx, sy, sxx, sxy, syy per block
    for (let i = 0; i < m; i++) {
      sv += vol[i]!;
      sr += ret[i]!;
      srr += ret[i]! * ret[i]!;
      const o = blockOf[i]! * 6, x = dv[i]!, y = ret[i]!;
      sums[o] = sums[o]! + 1;
      sums[o + 1] = sums[o + 1]! + x;
      sums[o + 2] = sums[o + 2]! + y;
      sums[o + 3] = sums[o + 3]! + x * x;
      sums[o + 4] = sums[o + 4]! + x * y;
      sums[o + 5] = sums[o + 5]! + y * y;
    }
    const volumeScale = sv / m;
    const volatilityScale = Math.sqrt(Math.max(0, srr / m - (sr / m) ** 2));
    const fitWeighted = (w: ArrayLike<number> | null) => {
      const s = [0, 0, 0, 0, 0, 0];
      for (let b = 0; b < nb; b++) {
        const wb = w ? w[b]! : 1;
        if (wb === 0) continue;
        for (let j = 0; j < 6; j++) s[j]! += wb * sums[b * 6 + j]!;
      }
      return lineFromSums(s[0]!, s[1]!, s[2]!, s[3]!, s[4]!, s[5]!);
    };
    const base = fitWeighted(null);
    if (!Number.isFinite(base.slope)) {
      throw new RangeError(
        `Cannot ${action}: Kyle's lambda over windows of ${T} ${unit} is not finite (net volumes from tape.sizes ` +
          `that overflow or never vary): current value is ${base.slope}`,
      );
    }
    const draws: number[] = [];
    if (counts) {
      for (let r = 0; r < bootstrapSamples; r++) {
        draws.push(fitWeighted(counts.subarray(r * nb, (r + 1) * nb)).slope);
      }
    }
    const binCount = Math.min(bins, m);
    const binOf = quantileBins(dv.subarray(0, m), binCount);
    const binX = new Float64Array(binCount),
      binY = new Float64Array(binCount),
      binN = new Float64Array(binCount);
    for (let i = 0; i < m; i++) {
      const k = binOf[i]!;
      binX[k] = binX[k]! + dv[i]!;
      binY[k] = binY[k]! + ret[i]!;
      binN[k] = binN[k]! + 1;
    }
    const imbalance: number[] = [], response: number[] = [], count: number[] = [];
    for (let k = 0; k < binCount; k++) {
      if (binN[k] === 0) continue;
      imbalance.push(binX[k]! / binN[k]! / volumeScale);
      response.push(volatilityScale > 0 ? binY[k]! / binN[k]! / volatilityScale : NaN);
      count.push(binN[k]!);
    }
    out.push({
      window: T,
      unit,
      windows: m,
      volumeScale,
      volatilityScale,
      bins: { imbalance, response, count },
      kyleLambda: base.slope,
      kyleLambdaInterval: draws.length > 0 ? percentileInterval(draws, confidence) : [base.slope, base.slope],
      rescaledLambda: volatilityScale > 0 ? (base.slope * volumeScale) / volatilityScale : NaN,
      rSquared: base.rSquared,
    });
  }
  return {
    windows: out,
    priceSource: "trade price",
    blocks: nb,
    blocksDescription: describeBlocks(blocks),
    confidence,
  };
}
