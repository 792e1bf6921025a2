/**
 * The `"pointwise"` method of `calibrateSquareRoot` (private to the area): the log-log fit of every usable
 * observation with Duan's smearing (`_pointwise_fit.ts`) and its bootstrap, i.i.d. over observations or
 * over blocks of time, as a {@linkcode SquareRootCalibration}.
 *
 * @module
 */
import { SeededRandom } from "../core/random.ts";
import {
  assignBlocks,
  blockResampler,
  bootstrapInterval,
  type ResamplingUnits,
  resamplingUnits,
} from "../core/bootstrap.ts";
import { type PointwiseFit, pointwiseFitter } from "./_pointwise_fit.ts";
import type { SquareRootCalibration } from "./square_root_calibration.ts";
import {
  bootstrapNotes,
  domainWarnings,
  resamplingOf,
  type UsableObservations,
} from "./_square_root_calibration.ts";

/**
 * Pointwise calibration of the usable observations (every `normalisedImpact` > 0). Cost O(n) for the fit,
 * then per resample O(n) i.i.d. or O(blocks) for a block bootstrap (per-block sums).
 */
export function pointwiseCalibration(data: UsableObservations): SquareRootCalibration {
  const { action, lnParticipation: x, timestamps, spec, bootstrapSamples, confidence, seed } = data;
  const m = x.length;
  const y = new Float64Array(m);
  for (let k = 0; k < m; k++) y[k] = Math.log(data.normalisedImpact[k]!);
  const fitter = pointwiseFitter(x, y);
  const { eta, delta, rSquared } = fitter.base;
  if (!Number.isFinite(eta) || !Number.isFinite(delta)) {
    throw new RangeError(
      `Cannot ${action}: the pointwise fit gave no finite eta and delta (sizes, impacts or volatility too ` +
        `extreme, a degenerate log fit; rescale the units): current estimate is eta ${eta}, delta ${delta}`,
    );
  }

  // Resampling units: observations, or blocks of time (slivers joined to a neighbour).
  let blockOf: Int32Array | null = null, blockCount = m;
  if (timestamps) {
    const assigned = assignBlocks(timestamps, spec!, data.blocksName);
    blockOf = assigned.block;
    blockCount = assigned.count;
  }
  let blockUnits: ResamplingUnits | null = null;
  if (blockOf) {
    const blockSizes = new Int32Array(blockCount);
    for (let k = 0; k < m; k++) blockSizes[blockOf[k]!]!++;
    blockUnits = resamplingUnits(blockSizes);
  }
  // i.i.d.: every observation is a unit.
  const units = blockUnits ?? { units: m, mergedSlivers: 0 };

  const etaDraws: number[] = [], deltaDraws: number[] = [];
  let failedResamples = 0;
  if (bootstrapSamples > 0) {
    let draw: () => PointwiseFit;
    if (blockOf && blockUnits) {
      // Whole blocks: the fit of a resample from per-block sums, O(blocks).
      const next = blockResampler(blockUnits, seed), weights = new Int32Array(blockCount);
      const fitBlocks = fitter.blockResampler(blockOf, blockCount);
      draw = () => fitBlocks(next(weights));
    } else {
      // Counts in bytes (1 MB per million observations, see SeededRandom.resampleCountsBytes), with the
      // rare count above 255 carried in `overflow`, 256 copies per entry.
      const counts = new Uint8Array(m), overflow: number[] = [], rng = new SeededRandom(seed);
      draw = () => fitter.resample(rng.resampleCountsBytes(counts, overflow), overflow);
    }
    for (let r = 0; r < bootstrapSamples; r++) {
      const f = draw();
      // A degenerate resample (all sizes equal, a non-finite fit) carries no information: skip it.
      if (!Number.isFinite(f.eta) || !Number.isFinite(f.delta)) {
        failedResamples++;
        continue;
      }
      etaDraws.push(f.eta);
      deltaDraws.push(f.delta);
    }
  }
  const unitName = spec ? "blocks" : "observations";
  // A NaN for each resample that could not be fitted: bootstrapInterval counts them.
  const failed = Array<number>(failedResamples).fill(NaN);
  const etaCi = bootstrapInterval([...etaDraws, ...failed], units.units, confidence, unitName);
  const deltaCi = bootstrapInterval([...deltaDraws, ...failed], units.units, confidence, unitName);

  const warnings = domainWarnings(eta, delta, etaCi.interval, deltaCi.interval, confidence);
  const reliable = warnings.length === 0;
  warnings.push(
    ...bootstrapNotes(etaCi.intervalNote, failedResamples, bootstrapSamples, units.mergedSlivers),
  );

  // Filled by index into arrays of the right length: Array.from of a million doubles is several times slower.
  const fitPoints = { x: new Array<number>(m), y: new Array<number>(m) };
  for (let k = 0; k < m; k++) {
    fitPoints.x[k] = x[k]!;
    fitPoints.y[k] = y[k]!;
  }
  return {
    eta,
    delta,
    rSquared,
    n: m,
    dropped: data.dropped,
    droppedBins: 0,
    failedResamples,
    etaInterval: etaCi.interval,
    deltaInterval: deltaCi.interval,
    intervalNote: etaCi.intervalNote,
    confidence,
    method: "pointwise",
    bootstrap: { eta: etaDraws, delta: deltaDraws },
    resampling: resamplingOf(spec, units.units, m),
    fitPoints,
    binned: null,
    reliable,
    warnings,
    model: reliable ? data.meanModel(eta, delta) : null,
  };
}
