/**
 * Private rules shared by the per-trade and vectorized analyses (not re-exported).
 * @module
 */
import { assertImpactLaw, type ImpactLaw } from "../core/impact_law.ts";
import type { TradeRecord } from "../core/trade.ts";
import { assertFinite, assertObject } from "../core/validate.ts";

/** How each required field of a {@linkcode TradeRecord} is validated (shared with `analyzeTrades`). */
export const TRADE_FIELD_RULES: readonly {
  field: keyof TradeRecord;
  rule: "nonzero" | "positive" | "nonNegative";
}[] = [
  { field: "size", rule: "nonzero" },
  { field: "executionPrice", rule: "positive" },
  { field: "arrivalPrice", rule: "positive" },
  { field: "vwap", rule: "positive" },
  { field: "spread", rule: "nonNegative" },
  { field: "averageDailyVolume", rule: "positive" },
  { field: "dailyVolatility", rule: "positive" },
];

/**
 * The metrics the per-trade and vectorized analyses compute, in the order both check them for overflow:
 * the first one that is not finite is the one the error names. `predictedImpact` is not among them (the
 * predictor's output is checked on its own). Each is a field of `TradeAnalysis` (trade.ts reads
 * `result[name]` for each, so the type checker holds the two together).
 */
export const COMPUTED_METRICS = [
  "participation",
  "implementationShortfall",
  "vwapSlippage",
  "spreadCost",
  "estimatedImpact",
  "impactCost",
  "timingCost",
] as const;

/**
 * Checks an impact law and the paid fraction once per call (the impact options of `TradeAnalysisOptions`);
 * returns the paid fraction.
 */
export function validateTcaOptions(
  action: string,
  options: { impactLaw?: ImpactLaw; impactPaidFraction?: number },
): number | undefined {
  assertObject(action, "options", options);
  const { impactLaw, impactPaidFraction } = options;
  if (impactLaw === undefined) return undefined;
  assertImpactLaw(action, impactLaw, "impactLaw");
  const paid = impactPaidFraction ?? 1 / (1 + impactLaw.delta);
  assertFinite(action, "impactPaidFraction", paid);
  if (!(paid >= 0 && paid <= 1)) {
    throw new RangeError(`Cannot ${action}: impactPaidFraction must be in [0, 1]: current value is ${paid}`);
  }
  return paid;
}
