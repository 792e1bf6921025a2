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
import type { TradeTape } from "../data/trade_tape.ts";
import { assertInteger, assertObject, assertPositive, describeValue } from "../core/validate.ts";
import { GrowingArray } from "../core/arrays.ts";
import { lineFromSums } from "../core/ols.ts";
import { quantileBins } from "../core/bins.ts";
import {
  blockBootstrapCounts,
  type BlockSpec,
  describeBlocks,
  MIN_BOOTSTRAP_BLOCKS,
  percentileInterval,
} from "./blocks.ts";
import { assertBootstrapSettings, checkBlockSpec } from "./_block_checks.ts";
import { addWindows, type WindowColumns, windowColumns } from "./_aggregate_windows.ts";
import { assertTapeOnce, sameQuoteSource, tapeBlocksOnce, TapeLedger } from "./_accumulation.ts";
import type { TapeAccumulator } from "./tape_accumulator.ts";
import { DEFAULT_SEED } from "../core/random.ts";

/** Options of {@linkcode aggregateImpact} and {@linkcode createAggregateImpactAccumulator}. */
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
  /** Seed. Default `DEFAULT_SEED` (1, lib/core/random.ts). */
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
  /** R^2 of the return on signed volume (NaN when the price never moves: see `note`). */
  rSquared: number;
  /** Why a number is undefined or an interval missing (constant price, under 10 blocks); empty otherwise. */
  note: string;
}

/** Result of {@linkcode aggregateImpact}. */
export interface AggregateImpact {
  /** One entry per window length, in the order given. */
  windows: AggregateImpactWindow[];
  /** Price used for returns: the mid right after each window's last trade when the tape has quotes. */
  priceSource: "mid" | "trade price";
  priceReference: "mid" | "trade";
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
  const accumulator = createAggregateImpactAccumulator(options, action);
  assertTapeOnce(action, tape, 3);
  accumulator.add(tape);
  return accumulator.finish();
}

/**
 * Aggregate impact and Kyle's lambda as an accumulator (see `TapeAccumulator`): each `add(tape)` cuts the
 * tape's blocks into windows and keeps each window's signed volume, volume, return and block (28 bytes a
 * window and length: 0.25 GB for 90 M trades at T = 10), and `finish()` computes the scales, bins and Kyle's
 * lambda over every window added (Patzelt & Bouchaud 2018; Kyle 1985): the result of
 * {@linkcode aggregateImpact} on the tapes joined, which is one `add` and `finish`. Returns are read on the
 * quoted mids when the tapes carry quotes, else on trade prices; every tape added must agree.
 *
 * @param options window lengths and unit, bins, blocks, bootstrap (as {@linkcode aggregateImpact}).
 * @param action the action named in error messages (default `"measure aggregate impact"`).
 * @returns the accumulator.
 * @throws {TypeError} for windows that are not a non-empty array.
 * @throws {RangeError} for a bad option; `add` throws for a malformed tape or one whose quotes differ from
 *   the first's; `finish` for fewer than 3 trades, a length with fewer than 3 windows or a lambda that is
 *   not finite.
 *
 * @example
 * ```ts
 * import { createAggregateImpactAccumulator } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * // Two UTC days of a linear toy market (10 bps per unit of net volume), one trade per window.
 * const day = 86_400_000;
 * const toy = (start: number, nets: number[]) => {
 *   const prices: number[] = [];
 *   let p = 100;
 *   for (const net of nets) prices.push(p *= Math.exp((net * 10) / 1e4));
 *   return {
 *     timestamps: Float64Array.from(nets, (_, i) => start + i), prices: Float64Array.from(prices),
 *     sizes: Float64Array.from(nets, Math.abs), signs: Int8Array.from(nets, Math.sign), symbol: "TOY",
 *     source: "synthetic" as const,
 *   };
 * };
 * const a = createAggregateImpactAccumulator({ windows: [1], bins: 2, bootstrapSamples: 0 });
 * a.add(toy(0, [1, 2, -1, 3]));
 * a.add(toy(day, [-2, 1, 1]));
 * const { windows: [w] } = a.finish();
 * assert.equal(w!.windows, 5); // the first window of each day has no price before it
 * assert.ok(Math.abs(w!.kyleLambda - 10) < 1e-9); // bps per unit
 * ```
 */
export function createAggregateImpactAccumulator(
  options: AggregateImpactOptions = {},
  action = "measure aggregate impact",
): TapeAccumulator<AggregateImpact> {
  const settings = aggregateSettings(action, options);
  const { windows, unit, blocks, bootstrapSamples, confidence, seed } = settings;
  const ledger = new TapeLedger(action);
  // Per window length, the windows of every tape in tape order; one scratch table for a tape's windows.
  const tables = windows.map(() => ({
    dv: new GrowingArray(Float64Array),
    vol: new GrowingArray(Float64Array),
    ret: new GrowingArray(Float64Array),
    block: new GrowingArray(Int32Array),
  }));
  let scratch = windowColumns(0);
  let fromMids: boolean | undefined;
  return {
    add(tape: TradeTape): void {
      if (!ledger.admit(tape)) return;
      const withMids = tape.quotes !== undefined;
      fromMids = sameQuoteSource(action, fromMids, withMids);
      const starts = tapeBlocksOnce(tape, blocks);
      const n = tape.prices.length;
      if (scratch.dv.length < n) scratch = windowColumns(n);
      windows.forEach((T, k) => {
        scratch.count = 0;
        addWindows(scratch, tape, starts, T, unit, ledger.blocks);
        const c = scratch.count, into = tables[k]!;
        into.dv.push(scratch.dv.subarray(0, c));
        into.vol.push(scratch.vol.subarray(0, c));
        into.ret.push(scratch.ret.subarray(0, c));
        into.block.push(scratch.block.subarray(0, c));
      });
      ledger.record(starts);
    },
    finish(): AggregateImpact {
      ledger.close();
      scratch = windowColumns(0);
      ledger.assertTrades(3);
      const nb = ledger.blocks;
      const counts = bootstrapSamples > 0 ? blockBootstrapCounts(nb, { bootstrapSamples, seed }) : null;
      return {
        windows: windows.map((T, k) => {
          const from = tables[k]!;
          const columns: WindowColumns = {
            dv: from.dv.toArray(),
            vol: from.vol.toArray(),
            ret: from.ret.toArray(),
            block: from.block.toArray(),
            count: from.dv.length,
          };
          return windowResult(action, columns, nb, T, settings, counts);
        }),
        priceSource: fromMids ? "mid" : "trade price",
        priceReference: fromMids ? "mid" : "trade",
        blocks: nb,
        blocksDescription: describeBlocks(blocks),
        confidence,
      };
    },
  };
}

/** Checked options of `aggregateImpact`, with defaults. */
type AggregateSettings = Required<AggregateImpactOptions>;

/**
 * Checks the options of `aggregateImpact` (all but the tape) and fills in the defaults.
 * @throws {TypeError} for windows that are not a non-empty array.
 * @throws {RangeError} for a bad option (named, with its value).
 */
function aggregateSettings(action: string, options: AggregateImpactOptions): AggregateSettings {
  assertObject(action, "options", options);
  const {
    windows = [10, 100, 1000],
    unit = "trades",
    bins = 15,
    blocks = "day",
    bootstrapSamples = 500,
    confidence = 0.95,
    seed = DEFAULT_SEED,
  } = options;
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
  return { windows, unit, bins, blocks, bootstrapSamples, confidence, seed };
}

/**
 * Scales, quantile bins of the imbalance and Kyle's lambda (with its block-bootstrap interval from `counts`,
 * resample-major over `nb` blocks) from the windows of one length.
 * @throws {RangeError} for fewer than 3 windows or a lambda that is not finite.
 */
function windowResult(
  action: string,
  windows: WindowColumns,
  nb: number,
  T: number,
  settings: Pick<AggregateSettings, "unit" | "bins" | "bootstrapSamples" | "confidence">,
  counts: Int32Array | null,
): AggregateImpactWindow {
  const { unit, bins, bootstrapSamples, confidence } = settings;
  const { dv, vol, ret, block: blockOf, count: m } = windows;
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
  const notes: string[] = [];
  if (!(volatilityScale > 0)) {
    notes.push(
      `the price never moves over these windows: lambda is 0 and R^2 and the rescaled lambda are undefined (NaN)`,
    );
  }
  if (nb < MIN_BOOTSTRAP_BLOCKS) notes.push(`no interval (${nb} block${nb === 1 ? "" : "s"})`);
  return {
    window: T,
    unit,
    windows: m,
    note: notes.join("; "),
    volumeScale,
    volatilityScale,
    bins: { imbalance, response, count },
    kyleLambda: base.slope,
    kyleLambdaInterval: draws.length > 0 && nb >= MIN_BOOTSTRAP_BLOCKS
      ? percentileInterval(draws, confidence)
      : [NaN, NaN],
    rescaledLambda: volatilityScale > 0 ? (base.slope * volumeScale) / volatilityScale : NaN,
    rSquared: base.rSquared,
  };
}
