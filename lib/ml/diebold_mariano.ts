/**
 * The Diebold-Mariano test of equal predictive accuracy, with the Harvey-Leybourne-Newbold small-sample
 * correction, pooled over walk-forward folds, and a verdict sentence that says "no significant
 * difference" when the test does not reject.
 *
 * @module
 */
import {
  assertFinite,
  assertFiniteResult,
  assertInteger,
  assertNumber,
  assertObject,
  assertSameLength,
  describeValue,
  toFiniteArray,
} from "../core/validate.ts";
import { normalTwoSided, studentTTwoSided } from "./_distributions.ts";

/** Options of {@linkcode dieboldMariano}. */
export interface DieboldMarianoOptions {
  /** Loss applied to each error: `"squared"` (default, `e^2`) or `"absolute"` (`|e|`). */
  loss?: "squared" | "absolute";
  /**
   * Forecast horizon `h` in observations, integer >= 1. Default 1. The loss differential of an
   * `h`-step forecast is at most MA(h-1) under optimal forecasting, so the long-run variance uses the
   * autocovariances up to lag `h - 1` (Diebold & Mariano 1995, section 1.1). For overlapping
   * observations (metaorders that overlap in time), state the overlap here.
   */
  horizon?: number;
  /**
   * Kernel of the long-run variance: `"truncated"` (default; equal weights up to lag `h - 1`, as in
   * Diebold & Mariano 1995 and the correction of Harvey et al. 1997) or `"bartlett"` (Newey & West 1987
   * weights `1 - k / h`, always >= 0). When the truncated estimate is <= 0 the Bartlett one is used and
   * `kernel` in the result says so.
   */
  kernel?: "truncated" | "bartlett";
  /**
   * `"hln"` (default): Harvey, Leybourne & Newbold (1997) small-sample correction, compared with
   * Student's t with `n - 1` degrees of freedom. `"none"`: the original statistic, compared with the
   * standard normal.
   */
  correction?: "hln" | "none";
  /**
   * Fold label of each observation (same length as the errors), e.g. the walk-forward fold index.
   * The differentials of all folds are pooled into one mean; autocovariances are summed only over
   * pairs in the same fold, so no lag crosses a fold boundary. Default: one fold.
   */
  folds?: ArrayLike<number>;
  /** Unit of the errors, for the result's `lossUnit` (e.g. `"bps"` gives `"bps^2"`). Default `""`. */
  unit?: string;
}

/** Result of {@linkcode dieboldMariano}: a plain, JSON-serialisable object. */
export interface DieboldMarianoResult {
  /** Test statistic (HLN-corrected when `correction` is `"hln"`); negative when model A has the lower loss. */
  statistic: number;
  /** Two-sided p-value, in [0, 1]. */
  pValue: number;
  /** Reference distribution: `"student-t"` (HLN) or `"normal"`. */
  distribution: "student-t" | "normal";
  /** Degrees of freedom of the t distribution (`n - 1`), `Infinity` for the normal. */
  degreesOfFreedom: number;
  /** `mean(L(e_A) - L(e_B))`, in `lossUnit`; negative means model A is more accurate. */
  meanLossDifference: number;
  /** Mean loss of model A, in `lossUnit`. */
  meanLossA: number;
  /** Mean loss of model B, in `lossUnit`. */
  meanLossB: number;
  /** Unit of the losses: `unit^2` for squared loss, `unit` for absolute loss. */
  lossUnit: string;
  /** Long-run variance of the mean differential, `lossUnit^2` (the denominator squared). */
  varianceOfMean: number;
  /** Kernel actually used (see {@linkcode DieboldMarianoOptions.kernel}). */
  kernel: "truncated" | "bartlett";
  loss: "squared" | "absolute";
  horizon: number;
  correction: "hln" | "none";
  /** Observations (pooled over folds). */
  n: number;
  /** Number of distinct folds. */
  folds: number;
}

/**
 * Diebold-Mariano test of equal predictive accuracy of two forecasts of the same target.
 *
 * With forecast errors `e_A[t]`, `e_B[t]` and loss `L` (squared or absolute), the loss differential is
 * `d_t = L(e_A[t]) - L(e_B[t])`, its mean `dbar`, its autocovariances
 * `gamma_k = (1/n) sum_t (d_t - dbar)(d_{t-k} - dbar)` (pairs within one fold only), and
 *
 * ```
 * DM = dbar / sqrt(V / n),   V = gamma_0 + 2 sum_{k=1}^{h-1} w_k gamma_k
 * ```
 *
 * with `w_k = 1` (truncated kernel, Diebold & Mariano 1995, "Comparing predictive accuracy", J. Business
 * & Economic Statistics 13(3), 253-263, eq. 8 with the rectangular lag window) or `w_k = 1 - k/h`
 * (Bartlett, Newey & West 1987). Under the null of equal expected loss DM is asymptotically N(0, 1).
 * The Harvey, Leybourne & Newbold (1997, "Testing the equality of prediction mean squared errors",
 * Int. J. Forecasting 13(2), 281-291, eq. 9) correction multiplies it by
 * `sqrt((n + 1 - 2h + h(h-1)/n) / n)` and compares it with Student's t with `n - 1` degrees of freedom,
 * which keeps the size close to nominal in samples of a few dozen.
 *
 * The test compares the two models' expected loss on this sample; it does not say that either model is
 * correct. Observations must be in time order within each fold. Cost: O(n h).
 *
 * @param errorsA forecast errors of model A (realised minus predicted), in `unit`.
 * @param errorsB forecast errors of model B on the same observations, same unit and length.
 * @param options loss, horizon, kernel, correction, folds and unit.
 * @returns the statistic, two-sided p-value and mean loss difference with its unit.
 * @throws {TypeError} if the lengths differ or `folds` has a different length.
 * @throws {RangeError} for a non-finite error, fewer than 3 observations, `horizon` not in [1, n - 1],
 *   an unknown option value, or a zero variance of the differential (identical losses).
 *
 * @example
 * ```ts
 * import { dieboldMariano } from "@lib/ml/mod.ts";
 * import assert from "node:assert/strict";
 * // d = e_A^2 - e_B^2 = [-1, -3, 1, -5]: mean -2, gamma_0 = 5, DM = -2 / sqrt(5 / 4) = -1.7889,
 * // HLN factor sqrt((4 + 1 - 2) / 4) = sqrt(0.75): statistic -1.5492 with t(3), p = 0.21910
 * const r = dieboldMariano([1, 1, 1, 1], [1.4142135623730951, 2, 0, Math.sqrt(6)], { unit: "bps" });
 * assert.ok(Math.abs(r.statistic - -1.5491933384829668) < 1e-9);
 * assert.ok(Math.abs(r.pValue - 0.2191020) < 1e-6); // scipy.stats.t.sf, by hand
 * assert.equal(r.lossUnit, "bps^2");
 * ```
 */
export function dieboldMariano(
  errorsA: ArrayLike<number>,
  errorsB: ArrayLike<number>,
  options: DieboldMarianoOptions = {},
): DieboldMarianoResult {
  const action = "run the Diebold-Mariano test";
  assertObject(action, "options", options);
  const { loss = "squared", horizon = 1, kernel = "truncated", correction = "hln", unit = "" } = options;
  const a = toFiniteArray(action, "errorsA", errorsA);
  const b = toFiniteArray(action, "errorsB", errorsB);
  assertSameLength(action, "errorsA", a, "errorsB", b);
  const n = a.length;
  if (n < 3) {
    throw new RangeError(`Cannot ${action}: errorsA must have at least 3 values: current length is ${n}`);
  }
  if (loss !== "squared" && loss !== "absolute") {
    throw new RangeError(`Cannot ${action}: loss must be "squared" or "absolute": current value is ${loss}`);
  }
  if (kernel !== "truncated" && kernel !== "bartlett") {
    throw new RangeError(
      `Cannot ${action}: kernel must be "truncated" or "bartlett": current value is ${kernel}`,
    );
  }
  if (correction !== "hln" && correction !== "none") {
    throw new RangeError(
      `Cannot ${action}: correction must be "hln" or "none": current value is ${correction}`,
    );
  }
  assertInteger(action, "horizon", horizon, 1);
  if (horizon >= n) {
    throw new RangeError(
      `Cannot ${action}: horizon must be < the number of observations (${n}): current value is ${horizon}`,
    );
  }
  let fold: Float64Array | null = null;
  if (options.folds !== undefined) {
    fold = toFiniteArray(action, "folds", options.folds);
    assertSameLength(action, "errorsA", a, "folds", fold);
  }
  const d = new Float64Array(n);
  let sumA = 0, sumB = 0;
  for (let t = 0; t < n; t++) {
    const la = loss === "squared" ? a[t]! * a[t]! : Math.abs(a[t]!);
    const lb = loss === "squared" ? b[t]! * b[t]! : Math.abs(b[t]!);
    sumA += la;
    sumB += lb;
    d[t] = la - lb;
  }
  // Each loss is finite only if its error is small enough (|e| < 1.3e154 for the squared loss).
  const scale = Math.max(sumA, sumB) / n;
  assertFiniteResult(action, "the mean loss (and its variance)", scale * scale, {
    "largest |errorsA|": a.reduce((s, v) => Math.max(s, Math.abs(v)), 0),
    "largest |errorsB|": b.reduce((s, v) => Math.max(s, Math.abs(v)), 0),
    loss,
  });
  let mean = 0;
  for (let t = 0; t < n; t++) mean += d[t]!;
  mean /= n;
  const autocovariance = (k: number): number => {
    let s = 0;
    for (let t = k; t < n; t++) {
      if (fold !== null && fold[t] !== fold[t - k]) continue;
      s += (d[t]! - mean) * (d[t - k]! - mean);
    }
    return s / n;
  };
  const gammas = Array.from({ length: horizon }, (_, k) => autocovariance(k));
  const longRun = (weights: (k: number) => number) => {
    let v = gammas[0]!;
    for (let k = 1; k < horizon; k++) v += 2 * weights(k) * gammas[k]!;
    return v;
  };
  let usedKernel = kernel;
  let variance = kernel === "truncated" ? longRun(() => 1) : longRun((k) => 1 - k / horizon);
  if (!(variance > 0) && kernel === "truncated") {
    usedKernel = "bartlett";
    variance = longRun((k) => 1 - k / horizon);
  }
  if (!(variance > 0)) {
    throw new RangeError(
      `Cannot ${action}: the loss differential must vary: current variance is ${variance} (identical losses?)`,
    );
  }
  const varianceOfMean = variance / n;
  const dm = mean / Math.sqrt(varianceOfMean);
  const h = horizon;
  const statistic = correction === "hln" ? dm * Math.sqrt((n + 1 - 2 * h + (h * (h - 1)) / n) / n) : dm;
  const df = correction === "hln" ? n - 1 : Infinity;
  const pValue = correction === "hln" ? studentTTwoSided(statistic, df) : normalTwoSided(statistic);
  return {
    statistic,
    pValue: Math.min(1, Math.max(0, pValue)),
    distribution: correction === "hln" ? "student-t" : "normal",
    degreesOfFreedom: df,
    meanLossDifference: mean,
    meanLossA: sumA / n,
    meanLossB: sumB / n,
    lossUnit: loss === "squared" ? (unit ? `${unit}^2` : "") : unit,
    varianceOfMean,
    kernel: usedKernel,
    loss,
    horizon,
    correction,
    n,
    folds: fold === null ? 1 : new Set(fold).size,
  };
}

/** Options of {@linkcode dieboldMarianoVerdict}. */
export interface DieboldMarianoVerdictOptions {
  /** Name of model A (the first errors). Default `"model A"`. */
  nameA?: string;
  /** Name of model B. Default `"model B"`. */
  nameB?: string;
  /** Significance level, in (0, 1). Default 0.05. */
  level?: number;
}

function formatNumber(x: number): string {
  if (x === 0) return "0";
  const ax = Math.abs(x);
  if (ax >= 1e-3 && ax < 1e6) return Number(x.toPrecision(3)).toString();
  return x.toExponential(2);
}

/**
 * A one-sentence verdict from a {@linkcode dieboldMariano} result: which model has the lower mean loss
 * and whether the difference is significant at `level`. When `pValue >= level` it says
 * "no significant difference at 5 %" (for `level` 0.05) and names no winner.
 *
 * @param result a Diebold-Mariano result.
 * @param options model names and the significance level.
 * @returns a sentence with the mean losses and their unit, the statistic, its distribution and the p-value.
 * @throws {RangeError} if `level` is not in (0, 1).
 *
 * @example
 * ```ts
 * import { dieboldMarianoVerdict } from "@lib/mod.ts";
 * import { dieboldMariano } from "@lib/ml/mod.ts";
 * import assert from "node:assert/strict";
 * const r = dieboldMariano([1, -1, 1, -1, 1], [1.1, -0.9, 1, -1.1, 0.9], { unit: "bps" });
 * assert.match(dieboldMarianoVerdict(r, { nameA: "law", nameB: "network" }), /^No significant difference at 5 %/);
 * ```
 */
export function dieboldMarianoVerdict(
  result: DieboldMarianoResult,
  options: DieboldMarianoVerdictOptions = {},
): string {
  assertObject("write the Diebold-Mariano verdict", "options", options);
  const { nameA = "model A", nameB = "model B", level = 0.05 } = options;
  assertNumber("write the Diebold-Mariano verdict", "level", level);
  if (!(level > 0 && level < 1)) {
    throw new RangeError(
      `Cannot write the Diebold-Mariano verdict: level must be in (0, 1): current value is ${level}`,
    );
  }
  const action = "write the Diebold-Mariano verdict";
  assertObject(action, "result", result, "(a dieboldMariano result)");
  for (
    const name of [
      "statistic",
      "pValue",
      "meanLossA",
      "meanLossB",
      "meanLossDifference",
      "n",
      "horizon",
    ] as const
  ) {
    assertNumber(action, `result.${name}`, result[name]);
    assertFinite(action, `result.${name}`, result[name]);
  }
  if (!(result.pValue >= 0 && result.pValue <= 1)) {
    throw new RangeError(
      `Cannot ${action}: result.pValue must be in [0, 1]: current value is ${result.pValue}`,
    );
  }
  for (const [name, value] of [["nameA", nameA], ["nameB", nameB]] as const) {
    if (typeof value !== "string") {
      throw new TypeError(
        `Cannot ${action}: ${name} must be a string: current value is ${describeValue(value)}`,
      );
    }
  }
  const pct = `${Number((level * 100).toPrecision(3))} %`;
  const u = result.lossUnit ? ` ${result.lossUnit}` : "";
  const lossName = result.loss === "squared" ? "mean squared error" : "mean absolute error";
  const stat = `DM = ${result.statistic.toFixed(2)}, ${
    result.distribution === "student-t" ? `t(${result.degreesOfFreedom})` : "normal"
  }, p = ${
    result.pValue < 1e-4 ? result.pValue.toExponential(1) : result.pValue.toFixed(4)
  }, n = ${result.n}, h = ${result.horizon}`;
  const losses = `${lossName} ${formatNumber(result.meanLossA)}${u} (${nameA}) against ${
    formatNumber(result.meanLossB)
  }${u} (${nameB})`;
  if (!(result.pValue < level)) {
    return `No significant difference at ${pct} between ${nameA} and ${nameB}: ${losses} (${stat}).`;
  }
  const [better, worse] = result.meanLossDifference < 0 ? [nameA, nameB] : [nameB, nameA];
  return `${better} is more accurate than ${worse} at ${pct}: ${losses}, difference ${
    formatNumber(Math.abs(result.meanLossDifference))
  }${u} (${stat}).`;
}
