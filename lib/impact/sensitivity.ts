/**
 * How well the square-root law can be recovered from data, as a function of sample size and noise.
 *
 * @module
 */
import { calibrateSquareRoot } from "./calibrate_square_root.ts";
import { simulateMetaorders, type SimulationOptions } from "./simulate.ts";
import { assertInteger, assertNonNegative, assertObject, toFiniteArray } from "../core/validate.ts";
import { DEFAULT_SEED } from "../core/random.ts";

/** Options of {@linkcode calibrationSensitivity}. */
export interface SensitivityOptions {
  /** Numbers of metaorders to try. Default [250, 1000, 4000]. */
  sampleSizes?: readonly number[];
  /** Market-noise multipliers to try (see `SimulationOptions.marketNoise`). Default [0, 0.5, 1]. */
  marketNoiseLevels?: readonly number[];
  /** Independent simulations per cell. Default 20. */
  repetitions?: number;
  /** Calibration method. Default "binned". */
  method?: "pointwise" | "binned";
  /** Bootstrap resamples per calibration (for interval coverage). Default 200. */
  bootstrapSamples?: number;
  /** Everything else about the simulated market (the truth: `eta`, `delta`, ...). */
  simulation?: Omit<SimulationOptions, "seed" | "marketNoise">;
  /** Base seed; repetition `r` of cell `c` uses `seed + 1000 c + r`. Default {@linkcode DEFAULT_SEED}. */
  seed?: number;
}

/**
 * One cell of {@linkcode calibrationSensitivity}. When every repetition of a cell failed (`failures` equals
 * the repetitions), the means, errors and shares are NaN: there is no estimate to summarise.
 */
export interface SensitivityRow {
  sampleSize: number;
  marketNoise: number;
  /** Mean estimated eta across repetitions. */
  etaMean: number;
  /** Root mean squared error of eta against the truth. */
  etaRmse: number;
  /** Mean estimated delta. */
  deltaMean: number;
  /** Root mean squared error of delta against the truth. */
  deltaRmse: number;
  /** Share of fitted repetitions whose delta interval contains the true delta, in [0, 1]. */
  deltaCoverage: number;
  /** Share of fitted repetitions whose eta interval contains the true eta, in [0, 1]. */
  etaCoverage: number;
  /** Repetitions that gave an estimate (`repetitions - failures`): the trials behind the coverages. */
  fits: number;
  /** Fitted repetitions flagged `reliable: false` (estimate or interval outside the law's domain); kept in the means. */
  unreliable: number;
  /** Mean share of observations dropped by the fit, in [0, 1]. */
  droppedShare: number;
  /** Repetitions where the calibration threw (e.g. fewer than two usable points). */
  failures: number;
}

/**
 * Monte Carlo study of calibration error: for each sample size and market-noise level, simulate
 * `repetitions` data sets with a known law, calibrate, and summarise bias, error and interval coverage of
 * both parameters. Every fit that returns counts, reliable or not (a fit flagged `reliable: false` is
 * counted in `unreliable`, and its estimate kept, so the means are not conditioned on success).
 *
 * Cost: `sampleSizes.length * marketNoiseLevels.length * repetitions` calibrations, each
 * O(bootstrapSamples * n).
 *
 * @param options the grid, the truth and the seed.
 * @returns one row per (sample size, noise level).
 * @throws {RangeError} for a non-integer or < 1 sample size or repetition count.
 *
 * @example
 * ```ts
 * import { calibrationSensitivity } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const rows = calibrationSensitivity({ sampleSizes: [500], marketNoiseLevels: [0], repetitions: 3, bootstrapSamples: 50 });
 * assert.ok(Math.abs(rows[0]!.deltaMean - 0.5) < 0.05);
 * ```
 */
export function calibrationSensitivity(options: SensitivityOptions = {}): SensitivityRow[] {
  assertObject("run calibration sensitivity", "options", options);
  const {
    sampleSizes = [250, 1000, 4000],
    marketNoiseLevels = [0, 0.5, 1],
    repetitions = 20,
    method = "binned",
    bootstrapSamples = 200,
    simulation = {},
    seed = DEFAULT_SEED,
  } = options;
  const action = "run calibration sensitivity";
  assertInteger(action, "repetitions", repetitions, 1);
  assertInteger(action, "seed", seed, -(2 ** 31));
  toFiniteArray(action, "sampleSizes", sampleSizes);
  Array.from(sampleSizes).forEach((n, i) => assertInteger(action, `sampleSizes[${i}]`, n, 2));
  toFiniteArray(action, "marketNoiseLevels", marketNoiseLevels)
    .forEach((v, i) => assertNonNegative(action, `marketNoiseLevels[${i}]`, v));
  assertObject(action, "simulation", simulation);
  const trueEta = simulation.eta ?? 0.8, trueDelta = simulation.delta ?? 0.5;
  const rows: SensitivityRow[] = [];
  let cell = 0;
  for (const sampleSize of sampleSizes) {
    for (const marketNoise of marketNoiseLevels) {
      const etas: number[] = [], deltas: number[] = [];
      let covered = 0, etaCovered = 0, droppedShare = 0, failures = 0, unreliable = 0;
      for (let r = 0; r < repetitions; r++) {
        let orders;
        try {
          orders = simulateMetaorders(sampleSize, {
            ...simulation,
            marketNoise,
            seed: seed + 1000 * cell + r,
          });
        } catch (error) {
          // Name this study's own options: the simulation's message names only its option names.
          if (!(error instanceof RangeError || error instanceof TypeError)) throw error;
          const Class = error instanceof RangeError ? RangeError : TypeError;
          throw new Class(
            `Cannot ${action}: simulating sampleSize ${sampleSize} with marketNoise ${marketNoise} (from ` +
              `sampleSizes, marketNoiseLevels and simulation) failed: ${error.message}`,
          );
        }
        try {
          const fit = calibrateSquareRoot(
            { sizes: orders.map((o) => o.size), impacts: orders.map((o) => o.realizedImpact) },
            {
              dailyVolatility: orders.map((o) => o.dailyVolatility),
              averageDailyVolume: orders.map((o) => o.averageDailyVolume),
              method,
              bootstrapSamples,
              seed: seed + r,
            },
          );
          if (!Number.isFinite(fit.eta) || !Number.isFinite(fit.delta)) { // a binned fit that failed
            failures++;
            continue;
          }
          etas.push(fit.eta);
          deltas.push(fit.delta);
          const { deltaInterval: di, etaInterval: ei } = fit; // null (no interval) covers nothing
          if (di && di[0] <= trueDelta && trueDelta <= di[1]) covered++;
          if (ei && ei[0] <= trueEta && trueEta <= ei[1]) etaCovered++;
          if (!fit.reliable) unreliable++;
          droppedShare += fit.dropped / sampleSize;
        } catch (error) {
          if (!(error instanceof RangeError)) throw error;
          failures++;
        }
      }
      const ok = etas.length;
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
      const rmse = (v: number[], truth: number) =>
        Math.sqrt(v.reduce((a, b) => a + (b - truth) ** 2, 0) / Math.max(1, v.length));
      rows.push({
        sampleSize,
        marketNoise,
        etaMean: ok ? mean(etas) : NaN,
        etaRmse: ok ? rmse(etas, trueEta) : NaN,
        deltaMean: ok ? mean(deltas) : NaN,
        deltaRmse: ok ? rmse(deltas, trueDelta) : NaN,
        deltaCoverage: ok ? covered / ok : NaN,
        etaCoverage: ok ? etaCovered / ok : NaN,
        fits: ok,
        unreliable,
        droppedShare: ok ? droppedShare / ok : NaN,
        failures,
      });
      cell++;
    }
  }
  return rows;
}
