/**
 * Private rules shared by the per-trade and vectorized analyses (not re-exported).
 * @module
 */
import { assertFinite, assertObject, assertPositive } from "../_validate.ts";
import type { TradeAnalysisOptions, TradeRecord } from "./trade.ts";

/** Basis points per unit fraction: 1 bp = 1e-4. */
export const BPS_PER_FRACTION = 10_000;

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
  { field: "volatility", rule: "positive" },
];

/** Checks an impact law and the paid fraction once per call; returns the paid fraction. */
export function validateTcaOptions(action: string, options: TradeAnalysisOptions): number | undefined {
  assertObject(action, "options", options);
  const { impactLaw, impactPaidFraction } = options;
  if (impactLaw === undefined) return undefined;
  if (impactLaw === null || typeof impactLaw !== "object") {
    throw new TypeError(`Cannot ${action}: impactLaw must be { eta, delta }: current value is ${impactLaw}`);
  }
  assertPositive(action, "impactLaw.eta", impactLaw.eta);
  assertFinite(action, "impactLaw.delta", impactLaw.delta);
  if (!(impactLaw.delta > 0 && impactLaw.delta <= 2)) {
    throw new RangeError(
      `Cannot ${action}: impactLaw.delta must be in (0, 2]: current value is ${impactLaw.delta}`,
    );
  }
  const paid = impactPaidFraction ?? 1 / (1 + impactLaw.delta);
  assertFinite(action, "impactPaidFraction", paid);
  if (!(paid >= 0 && paid <= 1)) {
    throw new RangeError(`Cannot ${action}: impactPaidFraction must be in [0, 1]: current value is ${paid}`);
  }
  return paid;
}
