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
import { assertObject } from "../core/validate.ts";
import { blockBootstrapCounts, type BlockSpec, describeBlocks, tapeBlocks } from "./blocks.ts";
import { addWindows, aggregateSettings, windowColumns, windowResult } from "./_aggregate_windows.ts";

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
  assertObject(action, "options", options);
  assertTradeTape(action, tape, 3);
  const settings = aggregateSettings(action, options);
  const { windows, unit, blocks, bootstrapSamples, confidence, seed } = settings;
  const starts = tapeBlocks(tape.timestamps, blocks);
  const nb = starts.length - 1;
  const counts = bootstrapSamples > 0 ? blockBootstrapCounts(nb, { samples: bootstrapSamples, seed }) : null;
  const out: AggregateImpactWindow[] = [];
  // Per-window values, reused across lengths (at most n windows).
  const columns = windowColumns(tape.prices.length);
  for (const T of windows) {
    columns.count = 0;
    addWindows(columns, tape, starts, T, unit);
    out.push(windowResult(action, columns, nb, T, settings, counts));
  }
  return {
    windows: out,
    priceSource: tape.quotes ? "mid" : "trade price",
    priceReference: tape.quotes ? "mid" : "trade",
    blocks: nb,
    blocksDescription: describeBlocks(blocks),
    confidence,
  };
}
