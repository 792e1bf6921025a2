/**
 * The table of square-root law calibrations against the truth that generated the data.
 *
 * @module
 */
import type { SquareRootCalibration } from "../impact/square_root_calibration.ts";
import type { SensitivityRow } from "../impact/sensitivity.ts";
import { assertInteger } from "../core/validate.ts";
import { type Table, table } from "./display.ts";

/** The law that generated simulated data, for the first row of {@linkcode calibrationTable}. */
export interface CalibrationTruth {
  /** True prefactor, dimensionless. */
  eta: number;
  /** True exponent. */
  delta: number;
  /** Metaorders simulated with it. */
  orders: number;
}

/**
 * One row per calibration (after the truth's, when given): method, `eta` and `delta` with their bootstrap
 * percentile intervals, the orders used and dropped, the R² of the fit (pointwise: log-log; binned: weighted,
 * on the bin means), every number to 3 decimals, and whether the fit is reliable (else its warnings). The interval headers give the fits' confidence level (that of the first fit).
 *
 * @param fits results of `calibrateSquareRoot`, e.g. pointwise and binned on the same orders.
 * @param options `truth` (the generating law and the number of orders) and `caption`.
 * @returns a `table(...)` displayable.
 * @throws {RangeError} if `fits` is empty.
 *
 * @example
 * ```ts
 * import { calibrateSquareRoot, calibrationTable } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const sizes = [100, 400, 900, 1600];
 * const impacts = sizes.map((q) => 0.02 * 0.7 * Math.sqrt(q / 10_000));
 * const fit = calibrateSquareRoot({ sizes, impacts }, { dailyVolatility: 0.02, averageDailyVolume: 10_000 });
 * const t = calibrationTable([fit], { truth: { eta: 0.7, delta: 0.5, orders: 4 } });
 * assert.deepEqual(t.rows.map((r) => r.slice(0, 2)), [["truth", "0.700"], ["pointwise", "0.700"]]);
 * ```
 */
export function calibrationTable(
  fits: readonly SquareRootCalibration[],
  { truth, caption }: { truth?: CalibrationTruth; caption?: string } = {},
): Table {
  if (fits.length === 0) {
    throw new RangeError("Cannot build the calibration table: fits must not be empty: current length is 0");
  }
  const f3 = (v: number) => v.toFixed(3);
  const interval = (i: [number, number] | null, note: string | null) =>
    i ? `[${f3(i[0])}, ${f3(i[1])}]` : (note ?? "no interval");
  const rows = [
    ...(truth
      ? [{
        fit: "truth",
        eta: f3(truth.eta),
        delta: f3(truth.delta),
        etaCi: "",
        deltaCi: "",
        n: truth.orders,
        dropped: 0,
        r2: "",
        reliable: "",
      }]
      : []),
    ...fits.map((f) => ({
      fit: f.method as string,
      eta: f3(f.eta),
      delta: f3(f.delta),
      etaCi: interval(f.etaInterval, f.intervalNote),
      deltaCi: interval(f.deltaInterval, f.intervalNote),
      n: f.n,
      dropped: f.dropped,
      r2: f3(f.rSquared),
      reliable: f.reliable ? "yes" : `no: ${f.warnings.join("; ")}`,
    })),
  ];
  const level = `${fits[0]!.confidence * 100} % CI`;
  return table(rows, {
    columns: [
      { key: "fit" },
      { key: "eta", label: "eta" },
      { key: "etaCi", label: `eta ${level}` },
      { key: "delta", label: "delta" },
      { key: "deltaCi", label: `delta ${level}` },
      { key: "n", label: "orders used" },
      { key: "dropped", label: "orders dropped" },
      { key: "r2", label: "R^2 (pointwise: log space; binned: weighted, bin means)" },
      { key: "reliable", label: "reliable" },
    ],
    ...(caption === undefined ? {} : { caption }),
  });
}

/**
 * Quantile of the standard normal distribution, Acklam's rational approximation (relative error below
 * 1.2e-9 on (0, 1); P. J. Acklam 2003, "An algorithm for computing the inverse normal cumulative
 * distribution function").
 */
function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376,
    220.9460984245205,
    -275.9285104469687,
    138.357751867269,
    -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406,
    161.5858368580409,
    -155.6989798598866,
    66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293,
    -0.3223964580411365,
    -2.400758277161838,
    -2.549732539343734,
    4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5, r = q * q;
  return (((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/**
 * Wilson score interval for a binomial proportion (Wilson 1927; Brown, Cai & DasGupta 2001, eq. 4): the
 * uncertainty of a coverage measured as `successes` of `trials` Monte Carlo repetitions,
 * `(p + z^2/2n ± z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)` with `z` the normal quantile of
 * `(1 + confidence) / 2`. Unlike `p ± z sqrt(p(1-p)/n)` it stays inside [0, 1] and is not empty at 0 % or 100 %.
 *
 * @param successes count in [0, trials].
 * @param trials count >= 1.
 * @param options `confidence` in (0, 1), default 0.95.
 * @returns `[low, high]`, proportions in [0, 1].
 * @throws {RangeError} if the counts are not integers with 0 <= successes <= trials, trials >= 1, or the
 *   confidence is outside (0, 1).
 *
 * @example
 * ```ts
 * import { wilsonInterval } from "@lib/report/mod.ts";
 * import assert from "node:assert/strict";
 * const [low, high] = wilsonInterval(190, 200); // 95 % observed coverage over 200 seeds
 * assert.ok(Math.abs(low - 0.910422) < 1e-6 && Math.abs(high - 0.972617) < 1e-6); // Python statistics.NormalDist
 * ```
 */
export function wilsonInterval(
  successes: number,
  trials: number,
  { confidence = 0.95 }: { confidence?: number } = {},
): [number, number] {
  const action = "compute Wilson interval";
  assertInteger(action, "trials", trials, 1);
  assertInteger(action, "successes", successes, 0);
  if (successes > trials) {
    throw new RangeError(
      `Cannot ${action}: successes must be <= trials (${trials}): current value is ${successes}`,
    );
  }
  if (!(typeof confidence === "number" && confidence > 0 && confidence < 1)) {
    throw new RangeError(`Cannot ${action}: confidence must be in (0, 1): current value is ${confidence}`);
  }
  const z = normalQuantile((1 + confidence) / 2), n = trials, p = successes / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** One method's cell of a coverage study, for {@linkcode coverageTable} and {@linkcode coverageConclusions}. */
export interface CoverageStudy {
  /** The calibration method's name, e.g. `"pointwise"`. */
  method: string;
  /** The study's row (from `calibrationSensitivity`, one sample size and noise level). */
  row: SensitivityRow;
}

interface CoverageNumbers {
  method: string;
  etaBias: number;
  etaBiasSe: number;
  deltaBias: number;
  deltaBiasSe: number;
  eta: { coverage: number; interval: [number, number] };
  delta: { coverage: number; interval: [number, number] };
  fits: number;
}

function coverageNumbers(
  { method, row }: CoverageStudy,
  truth: { eta: number; delta: number },
  confidence: number,
): CoverageNumbers {
  if (!(row.fits >= 1)) {
    throw new RangeError(
      `Cannot summarise coverage: the ${method} study has no fitted repetition: current fits is ${row.fits}`,
    );
  }
  // Monte Carlo standard error of a mean: sd / sqrt(fits), with sd^2 = rmse^2 - bias^2.
  const se = (rmse: number, bias: number) => Math.sqrt(Math.max(0, rmse * rmse - bias * bias) / row.fits);
  const etaBias = row.etaMean - truth.eta, deltaBias = row.deltaMean - truth.delta;
  const covered = (share: number) => Math.round(share * row.fits);
  return {
    method,
    etaBias: etaBias / truth.eta,
    etaBiasSe: se(row.etaRmse, etaBias) / truth.eta,
    deltaBias,
    deltaBiasSe: se(row.deltaRmse, deltaBias),
    eta: {
      coverage: row.etaCoverage,
      interval: wilsonInterval(covered(row.etaCoverage), row.fits, { confidence }),
    },
    delta: {
      coverage: row.deltaCoverage,
      interval: wilsonInterval(covered(row.deltaCoverage), row.fits, { confidence }),
    },
    fits: row.fits,
  };
}

/**
 * The coverage study as a table: per method, the bias of `eta` (relative, %) and `delta` (absolute) with their
 * Monte Carlo standard errors, and the share of repetitions whose interval covered the truth, with its Wilson
 * interval ({@linkcode wilsonInterval}, at the same confidence as the calibration intervals).
 *
 * @param studies one per method, e.g. pointwise and binned at the same sample size and noise.
 * @param options `truth` (the law that generated the data), `confidence` (default 0.95) and `caption`.
 * @returns a `table(...)` displayable.
 * @throws {RangeError} if `studies` is empty or a study has no fitted repetition.
 *
 * @example
 * ```ts
 * import { calibrationSensitivity, coverageTable } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const run = (method: "pointwise" | "binned") =>
 *   calibrationSensitivity({ sampleSizes: [300], marketNoiseLevels: [0], repetitions: 4, bootstrapSamples: 50, method })[0]!;
 * const t = coverageTable([{ method: "pointwise", row: run("pointwise") }, { method: "binned", row: run("binned") }], {
 *   truth: { eta: 0.8, delta: 0.5 },
 * });
 * assert.deepEqual(t.rows.map((r) => r[0]), ["pointwise", "binned"]);
 * ```
 */
export function coverageTable(
  studies: readonly CoverageStudy[],
  { truth, confidence = 0.95, caption }: {
    truth: { eta: number; delta: number };
    confidence?: number;
    caption?: string;
  },
): Table {
  if (studies.length === 0) {
    throw new RangeError("Cannot build the coverage table: studies must not be empty: current length is 0");
  }
  const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
  const signed = (v: number, digits: number) => `${v >= 0 ? "+" : ""}${v.toFixed(digits)}`;
  const wilson = ([low, high]: [number, number]) =>
    `[${(100 * low).toFixed(1)}, ${(100 * high).toFixed(1)}] %`;
  const rows = studies.map((study) => {
    const c = coverageNumbers(study, truth, confidence);
    return {
      method: c.method,
      fits: c.fits,
      etaBias: `${signed(100 * c.etaBias, 1)} % ± ${(100 * c.etaBiasSe).toFixed(1)}`,
      etaCoverage: pct(c.eta.coverage),
      etaWilson: wilson(c.eta.interval),
      deltaBias: `${signed(c.deltaBias, 3)} ± ${c.deltaBiasSe.toFixed(3)}`,
      deltaCoverage: pct(c.delta.coverage),
      deltaWilson: wilson(c.delta.interval),
      unreliable: study.row.unreliable,
    };
  });
  const level = `${+(confidence * 100).toFixed(6)} %`;
  return table(rows, {
    columns: [
      { key: "method" },
      { key: "fits", label: "fitted repetitions" },
      { key: "etaBias", label: "eta bias (± MC s.e.)" },
      { key: "etaCoverage", label: `eta coverage (nominal ${level})` },
      { key: "etaWilson", label: `Wilson ${level}` },
      { key: "deltaBias", label: "delta bias (± MC s.e.)" },
      { key: "deltaCoverage", label: `delta coverage (nominal ${level})` },
      { key: "deltaWilson", label: `Wilson ${level}` },
      { key: "unreliable", label: "flagged unreliable" },
    ],
    ...(caption === undefined ? {} : { caption }),
  });
}

/**
 * Conclusions of a pointwise-versus-binned coverage study, each sentence written from the numbers: a bias is
 * called a bias only beyond 2 Monte Carlo standard errors; "binning reduces the bias" only when the binned
 * bias is smaller in magnitude, and then with how much remains; a coverage is called under or over the
 * nominal level only when the nominal level lies outside its Wilson interval.
 *
 * @param studies exactly two: the pointwise study first, then the binned one.
 * @param options `truth` and `confidence` (the calibration intervals' level, default 0.95).
 * @returns Markdown bullet lines.
 * @throws {RangeError} if there are not exactly two studies or one has no fitted repetition.
 *
 * @example
 * ```ts
 * import { coverageConclusions } from "@lib/mod.ts";
 * import { type SensitivityRow } from "@lib/impact/mod.ts";
 * import assert from "node:assert/strict";
 * const row = (etaMean: number, etaCoverage: number): SensitivityRow => ({
 *   sampleSize: 2000, marketNoise: 1, etaMean, etaRmse: Math.abs(etaMean - 0.8) + 0.01, deltaMean: 0.5,
 *   deltaRmse: 0.02, deltaCoverage: 0.95, etaCoverage, fits: 200, unreliable: 0, droppedShare: 0, failures: 0,
 * });
 * const text = coverageConclusions([
 *   { method: "pointwise", row: row(2.8, 0) }, { method: "binned", row: row(1.0, 0.5) },
 * ], { truth: { eta: 0.8, delta: 0.5 } });
 * assert.match(text, /Binning reduces the bias of eta from \+250\.0 % to \+25\.0 %, but does not remove it/);
 * assert.match(text, /pointwise eta intervals cover the truth in 0\.0 %/);
 * ```
 */
export function coverageConclusions(
  studies: readonly CoverageStudy[],
  { truth, confidence = 0.95 }: { truth: { eta: number; delta: number }; confidence?: number },
): string {
  if (studies.length !== 2) {
    throw new RangeError(
      `Cannot write coverage conclusions: studies must be [pointwise, binned]: current length is ${studies.length}`,
    );
  }
  const [p, b] = studies.map((s) => coverageNumbers(s, truth, confidence)) as [
    CoverageNumbers,
    CoverageNumbers,
  ];
  const level = `${+(confidence * 100).toFixed(6)} %`;
  const pct = (v: number) => `${v >= 0 ? "+" : ""}${(100 * v).toFixed(1)} %`;
  const num = (v: number) => `${v >= 0 ? "+" : ""}${v.toFixed(3)}`;
  const lines: string[] = [];
  const biasSentence = (
    name: string,
    pb: number,
    pse: number,
    bb: number,
    bse: number,
    show: (v: number) => string,
  ) => {
    const pBiased = Math.abs(pb) > 2 * pse, bBiased = Math.abs(bb) > 2 * bse;
    const pText = pBiased
      ? `biased by ${show(pb)} (± ${show(pse).slice(1)})`
      : `not detectably biased (${show(pb)} ± ${show(pse).slice(1)})`;
    if (!pBiased && !bBiased) {
      return `- Neither method's ${name} is detectably biased (pointwise ${show(pb)} ± ${
        show(pse).slice(1)
      }, binned ${show(bb)} ± ${show(bse).slice(1)}, ± 1 Monte Carlo standard error).`;
    }
    if (Math.abs(bb) < Math.abs(pb) && pBiased) {
      return `- Binning reduces the bias of ${name} from ${show(pb)} to ${show(bb)}` +
        (bBiased
          ? `, but does not remove it (${show(bb)} is more than 2 Monte Carlo standard errors, ${
            show(bse).slice(1)
          }, from 0).`
          : ` (within 2 Monte Carlo standard errors, ${
            show(bse).slice(1)
          }, of 0: no bias detectable with these repetitions).`);
    }
    return `- Binning does not reduce the bias of ${name}: pointwise ${pText}, binned ${show(bb)} ± ${
      show(bse).slice(1)
    }.`;
  };
  lines.push(biasSentence("eta", p.etaBias, p.etaBiasSe, b.etaBias, b.etaBiasSe, pct));
  lines.push(biasSentence("delta", p.deltaBias, p.deltaBiasSe, b.deltaBias, b.deltaBiasSe, num));
  for (const c of [p, b]) {
    for (const name of ["eta", "delta"] as const) {
      const { coverage, interval } = c[name];
      const bias = name === "eta"
        ? Math.abs(c.etaBias) > 2 * c.etaBiasSe
        : Math.abs(c.deltaBias) > 2 * c.deltaBiasSe;
      const verdict = interval[1] < confidence
        ? `below the nominal ${level}: ${
          bias ? "the estimate is biased, so its intervals miss the truth" : "the intervals are too narrow"
        }`
        : interval[0] > confidence
        ? `above the nominal ${level}: the intervals are wider than they need be`
        : `consistent with the nominal ${level}`;
      lines.push(
        `- The ${c.method} ${name} intervals cover the truth in ${
          (100 * coverage).toFixed(1)
        } % of ${c.fits} ` +
          `repetitions (Wilson ${level} interval [${(100 * interval[0]).toFixed(1)}, ${
            (100 * interval[1]).toFixed(1)
          }] %): ${verdict}.`,
      );
    }
  }
  return lines.join("\n");
}
