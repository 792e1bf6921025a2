/**
 * `calibrateSquareRoot`: the square-root law fitted on observed metaorders, pointwise (log-log least
 * squares with Duan's smearing) or binned, with block-bootstrap intervals and reliability flags.
 *
 * @module
 */
import { mean } from "../core/statistics.ts";
import { assertBlockSpec, assertBootstrapSettings, type BlockSpec } from "../core/bootstrap.ts";
import { DEFAULT_SEED } from "../core/random.ts";
import { assertInteger, assertObject, assertSameLength, toFiniteArray } from "../core/validate.ts";
import { assertObservations, observationColumns } from "./_observations.ts";
import { SquareRootModel } from "./square_root.ts";
import type {
  CalibrationOptions,
  ImpactObservations,
  SquareRootCalibration,
} from "./square_root_calibration.ts";
import type { UsableObservations } from "./_square_root_calibration.ts";
import { binnedCalibration } from "./_binned_calibration.ts";
import { pointwiseCalibration } from "./_pointwise_calibration.ts";

/**
 * Calibrates the square-root law `I = sigma * sign(Q) * eta * (|Q|/V)^delta` on observed metaorders.
 *
 * Method `"pointwise"` (the default): ordinary least squares on
 * `ln(side * impact / sigma) = ln(eta) + delta * ln(|Q| / V)`, where `side = sign(Q)`.
 * Because the mean of a log-normal is not the exponential of its log-mean, `eta` is retransformed
 * with Duan's (1983) smearing factor `mean(exp(residual))`, so the fitted law predicts the *mean*
 * impact, as the square-root law is stated (Tóth et al. 2011). `ln(eta)`'s plain OLS value is
 * `ln(eta) - ln(smearing)`.
 *
 * Drop policy (pointwise): observations that cannot enter a log fit are left out and counted in
 * `dropped`: `Q = 0` (no side), `impact = 0`, and impact against the order's side (`side * impact < 0`,
 * e.g. a buy during which the price fell). When market noise is large relative to impact, dropping
 * biases `eta` upward and `delta` downward: use `method: "binned"`.
 *
 * Method `"binned"`: the library's one binned fit, {@linkcode fitBinnedSquareRoot}, on `x = |Q|/V` and
 * `y = side * impact / sigma`: `bins` quantile bins of `x`, and `mean_b y = eta * (mean_b x)^delta` fitted
 * by weighted least squares in levels, each bin weighted by the inverse variance of its mean
 * (`1 / se_b^2`, see `binned.weighting`). Every order and every bin is kept, including bins whose mean is
 * <= 0: only zero sizes are dropped. No smearing: the bin means are already means. The bins are those of
 * the whole sample; a resample reweights them.
 *
 * Intervals: percentile bootstrap (Efron & Tibshirani 1993, ch. 13; `core/bootstrap.ts`) over
 * `bootstrapSamples` resamples, seeded by `seed`: of observations with replacement, or, with `timestamps`,
 * of whole blocks of time (`blocks`, default UTC days; Carlstein 1986), because orders that overlap in time
 * share the market's move; sliver blocks resample with their neighbour. `resampling` says which. With
 * fewer than 10 resampled units, or no resamples, there is no interval (`etaInterval` and `deltaInterval`
 * null, `intervalNote` says why). The intervals are the draws' percentiles as fitted, never clipped to the
 * domain: when the estimate or an interval leaves the domain (`delta` in (0, 2], `eta` > 0), or the binned
 * fit fails (every bin mean <= 0, no convergence), the result says so with `reliable: false` and `warnings`
 * instead of throwing, and its `model` is null. Cost: O(bootstrapSamples * n) pointwise (no `exp` per
 * resample, see `_pointwise_fit.ts`); binned O(n log n + bootstrapSamples * blocks * bins).
 *
 * @param observations `{ sizes, impacts }`: signed sizes (base units) and signed fractional impacts.
 * @param options volatility, average daily volume and the fit's options.
 * @returns a plain object with the estimates, intervals, counts, reliability and the fitted {@linkcode SquareRootModel}.
 * @throws {TypeError} if `sizes`, `impacts` (and `timestamps`) are not arrays of the same length, or
 *   `blocks` is given without `timestamps`.
 * @throws {RangeError} for a non-finite value (naming the index), non-positive volatility or volume,
 *   fewer than two usable points, all sizes equal, a pointwise fit that overflows, or options out of range.
 *
 * @example
 * ```ts
 * import { calibrateSquareRoot } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const sizes = [100, 400, 900, 1600, -2500, 3600, -4900, 6400, 8100, -10000, 12100, 14400];
 * const impacts = sizes.map((q) => Math.sign(q) * 0.02 * 0.7 * Math.sqrt(Math.abs(q) / 10_000));
 * const fit = calibrateSquareRoot({ sizes, impacts }, { dailyVolatility: 0.02, averageDailyVolume: 10_000 });
 * assert.ok(Math.abs(fit.delta - 0.5) < 1e-12 && Math.abs(fit.eta - 0.7) < 1e-12);
 * assert.ok(fit.reliable && fit.deltaInterval !== null && fit.deltaInterval[0] > 0);
 * // Five observations are too few units for an interval.
 * const few = calibrateSquareRoot({ sizes: sizes.slice(0, 5), impacts: impacts.slice(0, 5) }, {
 *   dailyVolatility: 0.02, averageDailyVolume: 10_000,
 * });
 * assert.equal(few.deltaInterval, null);
 * assert.equal(few.intervalNote, "no interval (5 observations)");
 * ```
 */
export function calibrateSquareRoot(
  observations: ImpactObservations,
  options: CalibrationOptions,
): SquareRootCalibration {
  const action = "calibrate square-root law";
  assertObservations(action, observations);
  assertObject(action, "options", options, "{ dailyVolatility, averageDailyVolume }");
  const {
    dailyVolatility,
    averageDailyVolume,
    method = "pointwise",
    bins = 20,
    minBinCount = 2,
    bootstrapSamples = 1000,
    confidence = 0.95,
    seed = DEFAULT_SEED,
    timestamps: timestampsOption,
    blocks: blockOption,
  } = options;
  const { sizes, impacts, sigmas, volumes } = observationColumns(
    action,
    observations,
    dailyVolatility,
    averageDailyVolume,
  );
  assertInteger(action, "bins", bins, 2);
  assertInteger(action, "minBinCount", minBinCount, 1);
  assertBootstrapSettings(action, bootstrapSamples, confidence, seed);
  if (method !== "pointwise" && method !== "binned") {
    throw new RangeError(
      `Cannot ${action}: method must be "pointwise" or "binned": current value is ${method}`,
    );
  }
  let timestamps: Float64Array | null = null;
  if (timestampsOption !== undefined) {
    timestamps = toFiniteArray(action, "timestamps", timestampsOption);
    assertSameLength(action, "sizes", sizes, "timestamps", timestamps);
  } else if (blockOption !== undefined) {
    throw new TypeError(
      `Cannot ${action}: blocks needs timestamps (one per observation, UTC ms): current timestamps is undefined`,
    );
  }
  if (blockOption !== undefined) assertBlockSpec(action, blockOption, "blocks");
  if (sizes.length === 0) throw new RangeError(`Cannot ${action}: sizes is empty: current length is 0`);

  // Observations with a side (pointwise: and an impact in its direction) can enter the fit; they are
  // written in input order to the first m places of the columns (usable[k] is the input index of place k).
  const lnParticipation = new Float64Array(sizes.length);
  const normalisedImpact = new Float64Array(sizes.length); // side * impact / sigma, fraction of sigma
  const usable = timestamps ? new Int32Array(sizes.length) : null;
  let m = 0, dropped = 0, firstSize = NaN;
  for (let i = 0; i < sizes.length; i++) {
    const q = sizes[i]!;
    if (q === 0) {
      dropped++;
      continue;
    }
    const lnQ = Math.log(Math.abs(q) / volumes[i]!);
    const normalised = (Math.sign(q) * impacts[i]!) / sigmas[i]!;
    if (!Number.isFinite(lnQ)) {
      throw new RangeError(
        `Cannot ${action}: |sizes[${i}]| / averageDailyVolume ${
          lnQ > 0 ? "overflows" : "underflows to 0"
        } in double precision (rescale the units): current values are ${q} and ${volumes[i]}`,
      );
    }
    if (!Number.isFinite(normalised)) {
      throw new RangeError(
        `Cannot ${action}: impacts[${i}] / dailyVolatility overflows double precision (rescale the units): ` +
          `current values are ${impacts[i]} and ${sigmas[i]}`,
      );
    }
    if (method === "binned" || normalised > 0) {
      lnParticipation[m] = lnQ;
      normalisedImpact[m] = normalised;
      if (usable) usable[m] = i;
      if (m++ === 0) firstSize = q;
    } else dropped++;
  }
  if (m < 2) {
    throw new RangeError(
      `Cannot ${action}: fewer than two usable points in sizes and impacts (nonzero size, impact in the order's direction): current count is ${m} of ${sizes.length}`,
    );
  }
  const firstQ = lnParticipation[0]!;
  let distinct = false;
  for (let k = 1; k < m && !distinct; k++) distinct = lnParticipation[k] !== firstQ;
  if (!distinct) {
    throw new RangeError(
      `Cannot ${action}: all usable sizes are equal, so delta is not identified: current |size| is ${
        Math.abs(firstSize)
      }`,
    );
  }
  const usedTimestamps = timestamps ? new Float64Array(m) : null;
  if (usedTimestamps) { for (let k = 0; k < m; k++) usedTimestamps[k] = timestamps![usable![k]!]!; }
  const spec: BlockSpec | null = usedTimestamps ? blockOption ?? "day" : null;

  const data: UsableObservations = {
    action,
    lnParticipation: lnParticipation.subarray(0, m),
    normalisedImpact: normalisedImpact.subarray(0, m),
    dropped,
    timestamps: usedTimestamps,
    spec,
    blocksName: "blocks",
    bootstrapSamples,
    confidence,
    seed,
    meanModel: (eta, delta) =>
      new SquareRootModel({ eta, delta, dailyVolatility: mean(sigmas), averageDailyVolume: mean(volumes) }),
  };
  return method === "binned" ? binnedCalibration(data, { bins, minBinCount }) : pointwiseCalibration(data);
}
