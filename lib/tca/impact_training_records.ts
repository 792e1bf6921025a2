/**
 * The training records of the learned impact models, from the chapter's one market (`loadMarket`): parent
 * orders executed in the simulated order book when the market is simulated, or synthetic metaorders built
 * from the public trades when it is a real tape (there are no parent orders on a public tape). Either way
 * each record holds features known at arrival and the realised impact of the order, and the answer says
 * which of the two it is.
 *
 * @module
 */
import type { TradeTape } from "../data/trade_tape.ts";
import { assertObject, describeValue } from "../core/validate.ts";
import { executeOrdersInBook, type OrdersInBookOptions } from "../execution/orders_in_book.ts";
import { type RandomParentOrderOptions, randomParentOrders } from "../execution/parent_order_plans.ts";
import type { ArrivalFeatureOptions } from "../ml/arrival_features.ts";
import { BOOK_IMPACT_FEATURES, type ImpactFeatureName, TAPE_IMPACT_FEATURES } from "../ml/features.ts";
import { type TapeMetaorderRecord, tapeMetaorderRecords } from "../ml/tape_records.ts";
import { mergeSameTimeFills } from "../tape/merge_fills.ts";
import { type SyntheticMetaorderOptions, syntheticMetaorders } from "../tape/synthetic_metaorders.ts";
import { executedOrders, parentOrdersFromFills } from "./parent_orders.ts";
import { DEFAULT_SEED } from "../core/random.ts";

/** What the records are: orders executed in the simulated book, or synthetic metaorders from a real tape. */
export type ImpactTrainingKind =
  | "simulated-book-orders"
  | "synthetic-metaorders-with-quotes"
  | "synthetic-metaorders-trades-only";

/** The market the records come from: a `loadMarket` answer (only these fields are read). */
export interface ImpactTrainingMarket {
  /** The trades, with `quotes` when quotes were joined. */
  tape: TradeTape;
  /** True for the simulated order book. */
  simulated: boolean;
  /** Short name of the market (`"BTCUSDT linear (Bybit)"`). */
  label: string;
}

/** Options of {@linkcode impactTrainingRecords}. */
export interface ImpactTrainingOptions {
  /**
   * Simulated market: the desk's parent orders (`randomParentOrders`). `averageDailyVolume` defaults to 50,000, the
   * simulated book's default flow in base units per day (lib/book/README.md); the rest to
   * `randomParentOrders`' defaults.
   */
  desk?: Omit<RandomParentOrderOptions, "averageDailyVolume"> & { averageDailyVolume?: number };
  /**
   * Simulated market: the run of the book the orders execute in (`executeOrdersInBook`). Default seed
   * {@linkcode DEFAULT_SEED}.
   */
  book?: OrdersInBookOptions;
  /** Real tape: the synthetic metaorder definition (`syntheticMetaorders`; its defaults, UTC-day blocks). */
  metaorders?: SyntheticMetaorderOptions;
  /**
   * Real tape: merge same-time, same-side prints into one trade first (`mergeSameTimeFills`), so that one
   * taker order sweeping several levels is one trade of one synthetic trader. Default true.
   */
  mergeFills?: boolean;
  /** Windows of the arrival features (`arrivalFeatures`). */
  features?: ArrivalFeatureOptions;
}

/** Result of {@linkcode impactTrainingRecords}. */
export interface ImpactTrainingRecords {
  /** The records, in arrival order. */
  records: TapeMetaorderRecord[];
  /** Orders or metaorders left out: no trailing volume or volatility yet, or a non-finite impact. */
  dropped: number;
  /** What the records are. */
  kind: ImpactTrainingKind;
  /** Short label for tables and captions, e.g. `"synthetic metaorders from a real tape, trades only"`. */
  label: string;
  /** Sentences saying exactly what the records are: market, span, counts, definition, target, features. */
  description: string;
  /** Whether the book features exist (the tape carries quotes). */
  book: boolean;
  /** `"mid"` or `"trade"`: the price the target and the features were read from. */
  priceReference: "mid" | "trade";
  /** The features to learn from: `BOOK_IMPACT_FEATURES` with quotes, else `TAPE_IMPACT_FEATURES`. */
  features: readonly ImpactFeatureName[];
  /** The tape the records were measured on (the run of the book with the orders, or the merged real tape). */
  tape: TradeTape;
  /** True when the records come from the simulated book: they test the method, not a market. */
  simulated: boolean;
  /** One sentence on what numbers learned from these records can and cannot say, for conclusions. */
  caveat: string;
}

const DEFAULT_DAILY_VOLUME = 50_000;
const count = (n: number) => n.toLocaleString("en-US");
const minute = (t: number) => new Date(t).toISOString().slice(0, 16).replace("T", " ");
const DROPPED_BOOK_FEATURES = "spread, depth imbalance and order-flow imbalance";

/**
 * The records the impact models learn from, given the chapter's market.
 *
 * - **Simulated market** (`market.simulated`): the desk's seeded parent orders (`randomParentOrders`) are
 *   executed in one run of the simulated order book (`executeOrdersInBook`, TWAP children sweeping the
 *   queues), grouped back from their fills (`parentOrdersFromFills`), and turned into records
 *   (`tapeMetaorderRecords(tape, executedOrders(parents, tape))`): target the side-adjusted move of the mid
 *   from arrival to just after the last fill. The run is its own simulation: `market.tape` is not read.
 * - **Real tape**: no parent orders exist on a public tape, so the records are synthetic metaorders
 *   (Maitrier, Loeper & Bouchaud 2025, arXiv:2503.18199; `syntheticMetaorders` on the tape with same-time
 *   fills merged): every trade is given to one of `N` synthetic traders, and each trader's run of same-side
 *   trades is a metaorder. Target: the side-adjusted change of the mid (with quotes) or of the trade price
 *   (without) from before the first child to the metaorder's end price. Without quotes the book features
 *   (spread, depth imbalance, order-flow imbalance) do not exist and `features` leaves them out.
 *
 * In both, every feature reads only what is known before the first child (`arrivalFeatures`).
 *
 * Cost: simulated, the book events of the run (about 2 M a second); real, O(n) in the tape's trades plus
 * O(m log m) in the metaorders.
 *
 * @param market the chapter's market (a `loadMarket` answer, or any tape with `simulated` and `label`).
 * @param options the desk and the book run (simulated), the metaorder definition (real), the feature windows.
 * @returns the records, what they are (`kind`, `label`, `description`), the features to use and the tape.
 * @throws {TypeError} for a malformed market or options.
 * @throws {RangeError} for a bad option (see `randomParentOrders`, `syntheticMetaorders`, `arrivalFeatures`).
 *
 * @example
 * ```ts
 * import { impactTrainingRecords } from "@lib/tca/mod.ts";
 * import { TAPE_IMPACT_FEATURES } from "@lib/ml/mod.ts";
 * import { SeededRandom } from "@lib/core/random.ts";
 * import assert from "node:assert/strict";
 * // A real-looking tape without quotes: 4,000 trades over 4 hours, a random walk of trade prices.
 * const rng = new SeededRandom(1), n = 4_000;
 * const timestamps = Float64Array.from({ length: n }, (_, i) => Date.UTC(2025, 5, 2) + i * 3_600);
 * const signs = Int8Array.from({ length: n }, () => (rng.uniform() < 0.5 ? 1 : -1));
 * let p = 100;
 * const prices = Float64Array.from(signs, (s) => (p *= 1 + 1e-4 * s));
 * const tape = { timestamps, prices, sizes: new Float64Array(n).fill(1), signs, symbol: "T", source: "csv" as const };
 * const r = impactTrainingRecords({ tape, simulated: false, label: "T" }, { metaorders: { traders: 20, seed: 3 } });
 * assert.equal(r.kind, "synthetic-metaorders-trades-only");
 * assert.equal(r.priceReference, "trade");
 * assert.deepEqual(r.features, TAPE_IMPACT_FEATURES);
 * assert.ok(r.records.length > 100);
 * assert.match(r.description, /book features .* are dropped/);
 * ```
 */
export function impactTrainingRecords(
  market: ImpactTrainingMarket,
  options: ImpactTrainingOptions = {},
): ImpactTrainingRecords {
  const action = "build impact training records";
  assertObject(action, "market", market);
  assertObject(action, "options", options);
  if (typeof market.simulated !== "boolean") {
    throw new TypeError(
      `Cannot ${action}: market.simulated must be a boolean: current value is ${
        describeValue(market.simulated)
      }`,
    );
  }
  return market.simulated ? bookOrders(options) : tapeMetaorders(action, market, options);
}

function bookOrders(options: ImpactTrainingOptions): ImpactTrainingRecords {
  const { desk = {}, book = {}, features } = options;
  const plans = randomParentOrders({
    ...desk,
    averageDailyVolume: desk.averageDailyVolume ?? DEFAULT_DAILY_VOLUME,
  });
  const bookSeed = book.seed ?? DEFAULT_SEED;
  const run = executeOrdersInBook(plans, { ...book, seed: bookSeed });
  const parents = parentOrdersFromFills(run.fills, run.tape);
  const { records, dropped, book: hasBook, priceReference } = tapeMetaorderRecords(
    run.tape,
    executedOrders(parents, run.tape),
    features,
  );
  const short = run.unfilled.filter((u) => u > 1e-9).length;
  const t = run.tape.timestamps;
  const description = `${count(records.length)} parent orders (${count(plans.length)} planned, orders seed ` +
    `${
      desk.seed ?? DEFAULT_SEED
    }; ${dropped} too early for a trailing window) executed as TWAP children in the ` +
    `${run.label} (seed ${bookSeed}): ${count(t.length)} trades and ${count(run.quotes.timestamps.length)} ` +
    `quote changes from ${minute(t[0]!)} to ${minute(t.at(-1)!)} UTC, ${
      count(run.fills.size.length)
    } child ` +
    `fills; ${short} orders found the book's opposite side empty for part of a child. Target: the ` +
    `side-adjusted move of the mid from arrival to just after the last fill. Book features from the quotes. ` +
    `Simulated: tests the method, says nothing about markets.`;
  return {
    records,
    dropped,
    kind: "simulated-book-orders",
    label: `parent orders executed in the ${run.label}`,
    description,
    book: hasBook,
    priceReference,
    features: hasBook ? BOOK_IMPACT_FEATURES : TAPE_IMPACT_FEATURES,
    tape: run.tape,
    simulated: true,
    caveat: "Their impact emerged from the simulated book's queues: they test the method and say nothing " +
      "about markets.",
  };
}

function tapeMetaorders(
  action: string,
  market: ImpactTrainingMarket,
  options: ImpactTrainingOptions,
): ImpactTrainingRecords {
  const { metaorders: definition = {}, mergeFills = true, features } = options;
  if (typeof mergeFills !== "boolean") {
    throw new TypeError(
      `Cannot ${action}: options.mergeFills must be a boolean: current value is ${describeValue(mergeFills)}`,
    );
  }
  const tape = mergeFills ? mergeSameTimeFills(market.tape) : market.tape;
  const m = syntheticMetaorders(tape, definition);
  const { records, dropped, book, priceReference } = tapeMetaorderRecords(tape, m, features);
  const d = m.definition;
  const t = tape.timestamps;
  const prints = mergeFills
    ? `${count(market.tape.prices.length)} prints merged into ${count(t.length)} trades`
    : `${count(t.length)} trades`;
  const target = book
    ? "the side-adjusted change of the mid (the quote in force) from before the first child to the end price"
    : "the side-adjusted change of the trade price from before the first child to the end price (no quotes)";
  const bookNote = book
    ? "Book features (spread, depth and order-flow imbalance) from the quotes."
    : `No quotes: the book features (${DROPPED_BOOK_FEATURES}) are dropped.`;
  const description = `${count(records.length)} synthetic metaorders (${dropped} too early for a trailing ` +
    `window or without an impact) from the real ${market.label} tape, ${minute(t[0]!)} to ${
      minute(t.at(-1)!)
    } ` +
    `UTC (${prints}): Maitrier, Loeper & Bouchaud (2025), every trade given at random to one of ` +
    `${d.traders} synthetic traders (seed ${d.seed}), each trader's run of at least ${d.minChildren} same-side ` +
    `trades a metaorder, end price "${d.endPrice}", blocks: ${m.blocksDescription}. Target: ${target}. ${bookNote}`;
  return {
    records,
    dropped,
    kind: book ? "synthetic-metaorders-with-quotes" : "synthetic-metaorders-trades-only",
    label: book
      ? "synthetic metaorders from a real tape, with quotes"
      : "synthetic metaorders from a real tape, trades only",
    description,
    book,
    priceReference,
    features: book ? BOOK_IMPACT_FEATURES : TAPE_IMPACT_FEATURES,
    tape,
    simulated: false,
    caveat: `Real trades but synthetic metaorders: the numbers describe this tape (${market.label}, ` +
      `${m.averageDailyVolume.length} block(s): ${m.blocksDescription}) under this metaorder definition, not any ` +
      "trader's own orders nor other days.",
  };
}
