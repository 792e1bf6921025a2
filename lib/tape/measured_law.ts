/**
 * The square-root law as measured on a tape, with its provenance: what notebooks 02-05 receive instead of
 * bare parameters. A law measured on metaorders of `|Q|/V` between 1e-7 and 4e-4 says nothing measured about
 * an order of 1e-2 of the day's volume: there it is an extrapolation, and {@linkcode isExtrapolation} says so.
 *
 * @module
 */
import type { SquareRootParameters } from "../impact/square_root.ts";
import type { SquareRootCalibration } from "../impact/square_root_calibration.ts";
import type { MetaorderLaw } from "./metaorder_impact.ts";
import type { MetaorderDefinition, SyntheticMetaorders } from "./synthetic_metaorders.ts";
import { assertFinite, assertObject, assertPositive } from "../core/validate.ts";
import { lawParameters } from "./conclusions.ts";

/** A measured square-root law with its provenance (plain, JSON-serialisable). */
export interface MeasuredLaw extends SquareRootParameters {
  /** Interval of delta and of Y (null without one), and why there is none (null when there is). */
  deltaInterval: [number, number] | null;
  etaInterval: [number, number] | null;
  intervalNote: string | null;
  /** Range of `|Q|/V` the law was fitted on. */
  participationRange: [number, number];
  /** Metaorders fitted and blocks. */
  metaorders: number;
  blocks: number;
  /**
   * How the orders were defined: synthetic metaorders reconstructed from a tape (N, end price, V, sigma,
   * minimum children, price reference), or parent orders actually executed ({@linkcode ExecutedOrdersDefinition}).
   */
  definition: MetaorderDefinition | ExecutedOrdersDefinition;
  /** Venue, instrument and the first and last UTC dates of the tape. */
  venue: string;
  symbol: string;
  dates: [string, string];
  /** True when measured on a synthetic tape: then it tests the estimators and is not a market fact. */
  synthetic: boolean;
}

/** A law measured on a tape's synthetic metaorders: its definition is the metaorder definition. */
export type TapeMeasuredLaw = MeasuredLaw & { definition: MetaorderDefinition };

/** The definition of a law calibrated on executed parent orders (`calibrateSquareRoot` on their records). */
export interface ExecutedOrdersDefinition {
  source: "executed orders";
  /** What the orders were and how impact was read, in words, e.g. `"TWAP children every 10 s; impact = arrival mid to end mid"`. */
  description: string;
  /** The fit: method and resampling, e.g. `"binned, i.i.d. bootstrap over 299 observations"`. */
  fit: string;
}

/**
 * Wraps a fitted law with its provenance. Cost O(blocks).
 *
 * @param law a result of `metaorderSquareRootLaw`.
 * @param metaorders the metaorders it was fitted on.
 * @param tape what the metaorders came from: venue (`source`), symbol and timestamps.
 * @returns the law with its range, definition, venue and dates.
 *
 * @example
 * ```ts
 * import { isExtrapolation, measuredLaw, metaorderSquareRootLaw, permanentImpactTape, syntheticMetaorders } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const tape = permanentImpactTape({ days: 2, tradesPerDay: 10_000 });
 * const m = syntheticMetaorders(tape, { traders: 10 });
 * const law = measuredLaw(metaorderSquareRootLaw(m, { bootstrapSamples: 0 }), m, tape);
 * assert.equal(law.synthetic, true);
 * assert.equal(isExtrapolation(law, 1e-2), law.participationRange[1] < 1e-2);
 * assert.equal(isExtrapolation(law, law.participationRange[0]), false);
 * ```
 */
export function measuredLaw(
  law: MetaorderLaw,
  metaorders: SyntheticMetaorders,
  tape: { source: string; symbol: string; timestamps: Float64Array },
): TapeMeasuredLaw {
  const action = "describe a measured law";
  assertObject(action, "law", law);
  assertObject(action, "metaorders", metaorders);
  assertObject(action, "tape", tape);
  const parameters = lawParameters(law, metaorders);
  const n = tape.timestamps.length;
  const day = (t: number) => (Number.isFinite(t) ? new Date(t).toISOString().slice(0, 10) : "n/a");
  return {
    ...parameters,
    deltaInterval: law.deltaInterval,
    etaInterval: law.etaInterval,
    intervalNote: law.intervalNote,
    participationRange: law.participationRange,
    metaorders: law.metaorders,
    blocks: law.blocks,
    definition: metaorders.definition,
    venue: tape.source,
    symbol: tape.symbol,
    dates: [day(tape.timestamps[0]!), day(tape.timestamps[n - 1]!)],
    synthetic: tape.source === "synthetic" || tape.source === "simulated",
  };
}

/**
 * Wraps a square-root law calibrated on executed parent orders (`calibrateSquareRoot` on their records)
 * with its provenance, in the same {@linkcode MeasuredLaw} shape as a law measured on a tape: range of
 * `|Q|/V` fitted on, the mean daily volatility and volume of the records, venue, symbol and UTC dates.
 * Cost O(records).
 *
 * @param calibration a result of `calibrateSquareRoot` fitted on `records`.
 * @param records the orders it was fitted on: signed `size` (base units), `averageDailyVolume` (base units
 *   per day, > 0), `dailyVolatility` (fraction per day, > 0) and `timestamp` (UTC ms).
 * @param provenance venue (`source`, e.g. `"simulated"` or `"bybit"`), `symbol`, and how the orders were
 *   defined (`description`).
 * @returns the law with its range, definition, venue and dates; `synthetic` for a simulated venue.
 * @throws {TypeError} for a missing argument or no records.
 * @throws {RangeError} for a record with a non-positive volume or volatility.
 *
 * @example
 * ```ts
 * import { calibrateSquareRoot } from "@lib/impact/mod.ts";
 * import { isExtrapolation, measuredLawFromOrders } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const records = [1e-5, 1e-4, 1e-3, 2e-5, 2e-4, 2e-3].map((q, i) => ({
 *   size: q * 1e4, averageDailyVolume: 1e4, dailyVolatility: 0.02, timestamp: Date.UTC(2025, 5, 2, i),
 *   realizedImpact: 0.02 * 0.5 * Math.sqrt(q),
 * }));
 * const fit = calibrateSquareRoot(
 *   { sizes: records.map((r) => r.size), impacts: records.map((r) => r.realizedImpact) },
 *   { dailyVolatility: 0.02, averageDailyVolume: 1e4, bootstrapSamples: 0 },
 * );
 * const law = measuredLawFromOrders(fit, records, { source: "simulated", symbol: "BTCUSDT", description: "hand-made" });
 * assert.deepEqual(law.participationRange, [1e-5, 2e-3]);
 * assert.ok(Math.abs(law.delta - 0.5) < 1e-9);
 * assert.equal(isExtrapolation(law, 1e-2), true);
 * assert.deepEqual(law.dates, ["2025-06-02", "2025-06-02"]);
 * ```
 */
export function measuredLawFromOrders(
  calibration: SquareRootCalibration,
  records: readonly {
    size: number;
    averageDailyVolume: number;
    dailyVolatility: number;
    timestamp: number;
  }[],
  provenance: { source: string; symbol: string; description: string },
): MeasuredLaw {
  const action = "describe a law measured on executed orders";
  assertObject(action, "calibration", calibration);
  assertObject(action, "provenance", provenance);
  if (!Array.isArray(records) || records.length === 0) {
    throw new TypeError(`Cannot ${action}: records must be a non-empty array: current value is ${records}`);
  }
  let low = Infinity, high = -Infinity, dailyVolatility = 0, volume = 0, first = Infinity, last = -Infinity;
  records.forEach((r, i) => {
    assertPositive(action, `records[${i}].averageDailyVolume`, r.averageDailyVolume);
    assertPositive(action, `records[${i}].dailyVolatility`, r.dailyVolatility);
    const q = Math.abs(r.size) / r.averageDailyVolume;
    if (q > 0) [low, high] = [Math.min(low, q), Math.max(high, q)];
    dailyVolatility += r.dailyVolatility / records.length;
    volume += r.averageDailyVolume / records.length;
    [first, last] = [Math.min(first, r.timestamp), Math.max(last, r.timestamp)];
  });
  const day = (t: number) => (Number.isFinite(t) ? new Date(t).toISOString().slice(0, 10) : "n/a");
  return {
    eta: calibration.eta,
    delta: calibration.delta,
    dailyVolatility,
    averageDailyVolume: volume,
    deltaInterval: calibration.deltaInterval,
    etaInterval: calibration.etaInterval,
    intervalNote: calibration.intervalNote,
    participationRange: [low, high],
    metaorders: calibration.n,
    blocks: calibration.resampling.units,
    definition: {
      source: "executed orders",
      description: provenance.description,
      fit: `${calibration.method}, ${calibration.resampling.description}`,
    },
    venue: provenance.source,
    symbol: provenance.symbol,
    dates: [day(first), day(last)],
    synthetic: provenance.source === "synthetic" || provenance.source === "simulated",
  };
}

/**
 * Whether using the law at `qOverV` (a fraction of daily volume) is an extrapolation: outside the range of
 * `|Q|/V` it was measured on.
 *
 * @param law a {@linkcode MeasuredLaw}.
 * @param qOverV order size over daily volume, > 0.
 * @returns true outside `participationRange`.
 *
 * @example
 * ```ts
 * import { isExtrapolation } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isExtrapolation({ participationRange: [1e-7, 4e-4] }, 1e-2), true);
 * assert.equal(isExtrapolation({ participationRange: [1e-7, 4e-4] }, 1e-5), false);
 * ```
 */
export function isExtrapolation(law: Pick<MeasuredLaw, "participationRange">, qOverV: number): boolean {
  assertFinite("check a law's range", "qOverV", qOverV);
  const [low, high] = law.participationRange;
  return qOverV < low || qOverV > high;
}

/**
 * One sentence on the law's provenance for a notebook: venue, dates, definition, measured range, and an
 * extrapolation warning for each size asked about.
 *
 * @param law a {@linkcode MeasuredLaw}.
 * @param usedAt sizes `|Q|/V` a notebook uses the law at.
 * @returns Markdown text.
 *
 * @example
 * ```ts
 * import { describeMeasuredLaw } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const text = describeMeasuredLaw({
 *   eta: 0.5, delta: 0.5, dailyVolatility: 0.02, averageDailyVolume: 1e6, deltaInterval: [0.4, 0.6],
 *   etaInterval: [0.4, 0.6], intervalNote: null, participationRange: [1e-7, 4e-4], metaorders: 1000, blocks: 10,
 *   definition: { traders: 100, participationModel: "homogeneous", minChildren: 2, endPrice: "last-child",
 *     volumeSource: "actual", volatilityEstimator: "realised", minParticipation: 0, minDurationSeconds: 0, seed: 1,
 *     priceReference: "trade", blocksDescription: "UTC days", source: "runs" },
 *   venue: "bybit", symbol: "BTCUSD", dates: ["2019-10-01", "2019-10-01"], synthetic: false,
 * }, [1e-5, 1e-2]);
 * assert.match(text, /1e-2 .*extrapolation/);
 * ```
 */
export function describeMeasuredLaw(law: MeasuredLaw, usedAt: readonly number[] = []): string {
  const e = (v: number) => v.toExponential(0).replace("e-", "e-").replace(/e\+?(-?)0*(\d)/, "e$1$2");
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : "n/a");
  const d = law.definition;
  const how = "traders" in d
    ? `${
      law.metaorders.toLocaleString("en-US")
    } synthetic metaorders, N = ${d.traders}, end price ${d.endPrice}, ` +
      `${d.priceReference} prices, V ${d.volumeSource}, sigma ${d.volatilityEstimator}, at least ${d.minChildren} children`
    : `${law.metaorders.toLocaleString("en-US")} executed parent orders: ${d.description}; fit ${d.fit}`;
  const interval = law.deltaInterval
    ? `${f(law.deltaInterval[0])}-${f(law.deltaInterval[1])}`
    : law.intervalNote ?? "no interval";
  let text = `Law I/sigma = ${f(law.eta)} (Q/V)^${f(law.delta)} (delta interval ${interval}), measured on ` +
    `${law.venue} ${law.symbol} ${law.dates[0]}${
      law.dates[1] !== law.dates[0] ? ` to ${law.dates[1]}` : ""
    } ` +
    `(${how}) ` +
    `for Q/V from ${e(law.participationRange[0])} to ${e(law.participationRange[1])}.`;
  for (const q of usedAt) {
    text += isExtrapolation(law, q)
      ? ` At Q/V = ${e(q)} it is an extrapolation.`
      : ` At Q/V = ${e(q)} it is inside the measured range.`;
  }
  if (law.synthetic) {
    text += !("traders" in d) || law.venue === "simulated"
      ? " Measured in a SIMULATED market: a property of the model, not a market fact."
      : " Measured on a SYNTHETIC tape: a test of the estimators, not a market fact.";
  }
  return text;
}
