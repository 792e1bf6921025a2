/**
 * Parent orders executed in a market as records for transaction cost analysis and the impact models: each
 * order's arrival features, its benchmarks read off the tape, and its markouts on the market's own price
 * path, one row per record.
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";
import type { TradeTape } from "../data/trade_tape.ts";
import type { ArrivalFeatureOptions } from "../ml/arrival_features.ts";
import { type TapeMetaorderRecord, tapeMetaorderRecords } from "../ml/tape_records.ts";
import { markoutColumn } from "./markouts.ts";
import { executedOrders, type ParentOrders } from "./parent_orders.ts";

/** One executed parent order: a tape metaorder record with its fills' benchmarks (a `TradeRecord` too). */
export interface ExecutedOrderRecord extends TapeMetaorderRecord {
  /** The parent order's id. */
  orderId: string;
  /** Size-weighted mean fill price, quote per base unit. */
  executionPrice: number;
  /** VWAP of the tape from the first to the last fill, quote per base unit. */
  vwap: number;
  /** Mid (or last trade price) just after the last fill, quote per base unit. */
  endPrice: number;
  /** Number of child fills. */
  fills: number;
}

/** Result of {@linkcode executedOrderRecords}. */
export interface ExecutedOrderRecords {
  /** Records in arrival order. */
  records: ExecutedOrderRecord[];
  /**
   * The parents' markouts per record: `index` (u32, the record's position, as `analyzeTrades` numbers its
   * rows) and one `markout<minutes>m` column per horizon (null past the tape's end), to join on `index`.
   */
  markouts: pl.DataFrame;
  /** Orders left out: no trailing volume or volatility yet (the tape's first window). */
  dropped: number;
  /** Whether the tape carries quotes (book features, mids, quoted spreads). */
  book: boolean;
  /** `"mid"` or `"trade"`: the price the benchmarks were read from. */
  priceReference: "mid" | "trade";
}

/**
 * Turns parent orders executed in a market into records: `tapeMetaorderRecords(tape,
 * executedOrders(parents, tape))` (arrival features from the tape before each order; realised impact
 * `(endPrice - arrivalPrice) / arrivalPrice`, mid to mid with quotes), each joined to its parent's
 * benchmarks from `parentOrdersFromFills`: `arrivalPrice` and `spread` (quoted, at arrival),
 * `executionPrice`, `vwap` (interval VWAP of the tape), `endPrice`. So the spread enters a record once, as
 * the quoted spread at arrival, and the realised impact is a move of the mid that holds no spread crossing:
 * `analyzeTrades` charges the half spread once, in `spreadCost`. The markouts are the parents' (side-adjusted
 * move of the mid after the last fill, relative to the end price), so the decay they show is measured.
 *
 * @param parents a result of `parentOrdersFromFills` on the same tape.
 * @param tape the tape the orders traded on (with quotes for mids, spreads and book features).
 * @param options arrival-feature windows (`arrivalFeatures`).
 * @returns the records, their markouts as a frame, the count dropped, and which price was read.
 * @throws {TypeError} | {RangeError} as `tapeMetaorderRecords`.
 *
 * @example
 * ```ts
 * import { executedOrderRecords, parentOrdersFromFills } from "@lib/tca/mod.ts";
 * import assert from "node:assert/strict";
 * const n = 200, t = Float64Array.from({ length: n }, (_, i) => i * 60_000);
 * const tape = { timestamps: t, prices: Float64Array.from(t, (_, i) => 100 + (i % 3) * 0.1), sizes: new Float64Array(n).fill(1),
 *   signs: Int8Array.from(t, (_, i) => (i % 2 ? 1 : -1)), symbol: "T", source: "csv" as const };
 * const fills = { orderId: ["a", "a"], timestamp: [t[150]!, t[151]!], price: [tape.prices[150]!, tape.prices[151]!], size: [1, 1], side: [1, 1] };
 * const parents = parentOrdersFromFills(fills, tape, { markoutSeconds: [60] });
 * const { records, markouts } = executedOrderRecords(parents, tape);
 * assert.equal(records[0]!.orderId, "a");
 * assert.equal(records[0]!.executionPrice, parents.orders[0]!.executionPrice);
 * assert.deepEqual(markouts.columns, ["index", "markout1m"]);
 * ```
 */
export function executedOrderRecords(
  parents: ParentOrders,
  tape: TradeTape,
  options: ArrivalFeatureOptions = {},
): ExecutedOrderRecords {
  const columns = executedOrders(parents, tape);
  // The block column carries each order's position through tapeMetaorderRecords (which sorts and drops);
  // the day block is put back below.
  const position = Int32Array.from(columns.block, (_, i) => i);
  const measured = tapeMetaorderRecords(tape, { ...columns, block: position }, options);
  const kept = measured.records.map((r) => r.block);
  const records = measured.records.map((r, k): ExecutedOrderRecord => {
    const i = kept[k]!, o = parents.orders[i]!;
    return {
      ...r,
      block: columns.block[i]!,
      orderId: o.orderId,
      arrivalPrice: o.arrivalPrice,
      spread: o.spread,
      executionPrice: o.executionPrice,
      vwap: o.vwap,
      endPrice: o.endPrice,
      fills: o.fills,
    };
  });
  const markouts = pl.DataFrame([
    pl.Series("index", kept.map((_, k) => k), pl.UInt32),
    ...parents.markouts.map(({ seconds, values }) =>
      pl.Series(markoutColumn(seconds / 60), kept.map((i) => values[i] ?? null), pl.Float64)
    ),
  ]);
  return {
    records,
    markouts,
    dropped: measured.dropped,
    book: measured.book,
    priceReference: measured.priceReference,
  };
}
