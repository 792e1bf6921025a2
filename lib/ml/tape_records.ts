/**
 * Metaorders measured on a tape as the records the impact models learn from: one record per metaorder, its
 * features known at arrival ({@linkcode arrivalFeatures}) and its realised impact as the tape measured it.
 *
 * @module
 */
import type { TradeTape } from "../data/trade_tape.ts";
import type { ComparisonRecord } from "../core/trade.ts";
import { type ArrivalFeatureOptions, arrivalFeatures, type ArrivalMetaorders } from "./arrival_features.ts";

/**
 * The metaorder columns a record needs: arrival columns, the block, and the measured impact, either as
 * `impact` over the block's `dailyVolatility` (a `syntheticMetaorders` result) or as `realizedImpact`
 * directly (executed parent orders, see `executedOrders` in lib/tca).
 */
export type MeasuredMetaorders =
  & ArrivalMetaorders
  & { block: ArrayLike<number> }
  & (
    | {
      /** Side-adjusted log price change over the metaorder, over its block's daily volatility (`I / sigma_D`). */
      impact: ArrayLike<number>;
      /** Daily volatility of each block, fraction per day. */
      dailyVolatility: ArrayLike<number>;
    }
    | {
      /** Signed fractional price change from arrival to the end price, `(end - arrival) / arrival`. */
      realizedImpact: ArrayLike<number>;
    }
  );

/** One metaorder measured on a tape, as a record of the impact models (a `ComparisonRecord` and more). */
export interface TapeMetaorderRecord extends ComparisonRecord {
  /** Instrument. */
  symbol: string;
  /** Planned duration, minutes. */
  durationMinutes: number;
  /** `|Q|` over the volume expected during the planned duration at the trailing rate, fraction. */
  executionParticipation: number;
  /** Level-1 depth imbalance at arrival, signed with the order (positive: more depth on the order's side); NaN without quotes. */
  depthImbalance: number;
  /** Order-flow imbalance before arrival, signed with the order, over the mean level-1 depth; NaN without quotes. */
  orderFlowImbalance: number;
  /** Block (day) of the metaorder, for walk-forward splits by day. */
  block: number;
}

/** Result of {@linkcode tapeMetaorderRecords}. */
export interface TapeMetaorderRecords {
  /** Records in arrival order. */
  records: TapeMetaorderRecord[];
  /** Metaorders left out: no trailing volume or volatility yet (the tape's first window), or a non-finite impact. */
  dropped: number;
  /** Whether the book features exist (the tape carries quotes). */
  book: boolean;
  /** `"mid"` or `"trade"`: the price the features and the arrival price were read from. */
  priceReference: "mid" | "trade";
}

/**
 * Turns metaorders measured on a tape into impact-model records.
 *
 * `realizedImpact` is the signed fractional price change the tape measured: given, or
 * `sign * (exp(I * sigma_D) - 1)` with `I` the side-adjusted log change over `sigma_D` (the metaorder
 * definition that produced `impact` decides which end price it is). `dailyVolatility` and `averageDailyVolume` are the ex-ante trailing estimates,
 * so nothing in a record but `realizedImpact` is read after arrival. `spread` is 0 without quotes. Records
 * come out in arrival order (ties by input order), as walk-forward splits need.
 *
 * @param tape the trade tape.
 * @param metaorders metaorders measured on it (a `syntheticMetaorders` result has every column).
 * @param options arrival-feature windows.
 * @returns the records, the count dropped, and which price they read.
 * @throws {TypeError} | {RangeError} as {@linkcode arrivalFeatures}, or for a bad impact column.
 *
 * @example
 * ```ts
 * import { tapeMetaorderRecords } from "@lib/ml/tape_records.ts";
 * import assert from "node:assert/strict";
 * const tape = {
 *   timestamps: Float64Array.from([0, 1, 2, 3, 4].map((k) => k * 60_000)), prices: Float64Array.from([100, 101, 100, 101, 102]),
 *   sizes: new Float64Array(5).fill(1), signs: Int8Array.from([1, 1, -1, 1, 1]), symbol: "T", source: "csv" as const,
 * };
 * const { records } = tapeMetaorderRecords(tape, {
 *   first: [3], sign: [1], volume: [2], durationSeconds: [60], impact: [0.5], block: [0], dailyVolatility: [0.02],
 * });
 * assert.ok(Math.abs(records[0]!.realizedImpact - (Math.exp(0.01) - 1)) < 1e-15);
 * ```
 */
export function tapeMetaorderRecords(
  tape: TradeTape,
  metaorders: MeasuredMetaorders,
  options: ArrivalFeatureOptions = {},
): TapeMetaorderRecords {
  const action = "build metaorder records from a tape";
  const f = arrivalFeatures(tape, metaorders, options);
  const m = f.timestamp.length;
  const measured = "realizedImpact" in metaorders ? metaorders.realizedImpact : metaorders.impact;
  for (const [name, column] of [["impact", measured], ["block", metaorders.block]] as const) {
    if (column?.length !== m) {
      throw new TypeError(
        `Cannot ${action}: metaorders.${name} must have one entry per metaorder (${m}): current length is ${column?.length}`,
      );
    }
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) =>
    f.timestamp[a]! - f.timestamp[b]! || a - b
  );
  const records: TapeMetaorderRecord[] = [];
  let dropped = 0;
  for (const i of order) {
    const block = metaorders.block[i]!;
    const side = metaorders.sign[i]!;
    const realized = "realizedImpact" in metaorders
      ? metaorders.realizedImpact[i]!
      : side * Math.expm1(metaorders.impact[i]! * (metaorders.dailyVolatility[block] ?? NaN));
    const adv = f.averageDailyVolume[i]!, vol = f.dailyVolatility[i]!, price = f.arrivalPrice[i]!;
    if (!(adv > 0) || !(vol > 0) || !(price > 0) || !Number.isFinite(realized)) {
      dropped++;
      continue;
    }
    records.push({
      timestamp: f.timestamp[i]!,
      symbol: tape.symbol,
      size: side * metaorders.volume[i]!,
      durationMinutes: metaorders.durationSeconds[i]! / 60,
      arrivalPrice: price,
      spread: f.book && Number.isFinite(f.spread[i]!) ? f.spread[i]! : 0,
      averageDailyVolume: adv,
      dailyVolatility: vol,
      momentum: f.momentum[i]!,
      realizedImpact: realized,
      executionParticipation: f.executionParticipation[i]!,
      depthImbalance: f.depthImbalance[i]!,
      orderFlowImbalance: f.orderFlowImbalance[i]!,
      block,
    });
  }
  return { records, dropped, book: f.book, priceReference: f.priceReference };
}
