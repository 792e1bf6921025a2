/**
 * What the two methods of `calibrateSquareRoot` share (private to the area): the usable observations after
 * the public checks, the law's domain check in words, the description of the resampling and the bootstrap's
 * notes (also those of `fitBinnedSquareRoot`).
 *
 * @module
 */
import { type BlockSpec, describeBlockSpec } from "../core/bootstrap.ts";
import { isImpactExponent } from "../core/impact_law.ts";
import type { SquareRootModel } from "./square_root.ts";
import type { BootstrapResampling } from "./square_root_calibration.ts";

/** The observations that enter a fit, in input order, and the checked options of the calibration. */
export interface UsableObservations {
  /** The action named in error messages. */
  action: string;
  /** `ln(|Q| / V)` of each usable observation. */
  lnParticipation: Float64Array;
  /** `side * impact / sigma` of each usable observation, fraction of sigma. */
  normalisedImpact: Float64Array;
  /** Observations left out (zero size; pointwise, also impact against the side or zero). */
  dropped: number;
  /** Start times of the usable observations, UTC ms, or null for an i.i.d. bootstrap. */
  timestamps: Float64Array | null;
  /** The block spec (null without timestamps). */
  spec: BlockSpec | null;
  /** The name of the block option the caller used, for messages. */
  blocksName: string;
  bootstrapSamples: number;
  confidence: number;
  seed: number;
  /** The law with the observations' mean volatility and daily volume. */
  meanModel: (eta: number, delta: number) => SquareRootModel;
}

/** The law's domain check, in words: delta in (0, 2] and eta > 0, for the estimate and its intervals. */
export function domainWarnings(
  eta: number,
  delta: number,
  etaInterval: [number, number] | null,
  deltaInterval: [number, number] | null,
  confidence: number,
): string[] {
  const warnings: string[] = [];
  const level = `${+(confidence * 100).toFixed(6)} %`;
  const show = (v: number) => +v.toPrecision(4);
  if (!isImpactExponent(delta)) {
    warnings.push(
      `the fitted delta ${show(delta)} is outside (0, 2]: no impact law that grows with size fits these data`,
    );
  }
  if (!(eta > 0)) {
    warnings.push(`the fitted eta ${show(eta)} is not > 0: the mean impact is not in the orders' direction`);
  }
  if (deltaInterval && !(deltaInterval[0] > 0 && deltaInterval[1] <= 2)) {
    warnings.push(
      `the ${level} interval of delta [${
        deltaInterval.map(show).join(", ")
      }] leaves (0, 2]: the data do not pin the exponent down`,
    );
  }
  if (etaInterval && !(etaInterval[0] > 0)) {
    warnings.push(`the ${level} interval of eta [${etaInterval.map(show).join(", ")}] reaches <= 0`);
  }
  return warnings;
}

/** How a calibration resampled: blocks of `spec` grouped into `units`, or `n` i.i.d. observations. */
export function resamplingOf(spec: BlockSpec | null, units: number, n: number): BootstrapResampling {
  return spec
    ? {
      unit: "block",
      blocks: spec,
      units,
      description: `block bootstrap over ${describeBlockSpec(spec)} (${units.toLocaleString("en-US")} units)`,
    }
    : {
      unit: "observation",
      blocks: null,
      units: n,
      description: `i.i.d. bootstrap over ${n.toLocaleString("en-US")} observations`,
    };
}

/**
 * The notes of a bootstrap that do not change a fit's reliability, in this order: why there is no interval,
 * how many resamples could not be fitted, how many sliver blocks were resampled with a neighbour.
 */
export function bootstrapNotes(
  intervalNote: string | null,
  failedResamples: number,
  bootstrapSamples: number,
  mergedSlivers: number,
): string[] {
  const notes: string[] = [];
  if (intervalNote) notes.push(intervalNote);
  if (failedResamples > 0) {
    notes.push(
      `${failedResamples} of ${bootstrapSamples} bootstrap resamples could not be fitted and are left out`,
    );
  }
  if (mergedSlivers > 0) notes.push(`${mergedSlivers} sliver block(s) resampled together with a neighbour`);
  return notes;
}
