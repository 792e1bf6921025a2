/**
 * The `"binned"` method of `calibrateSquareRoot` (private to the area): the library's one binned fit,
 * `fitBinnedSquareRoot`, on `x = |Q|/V` and `y = side * impact / sigma`, with the law's own domain check
 * on top of the fit's, as a {@linkcode SquareRootCalibration}.
 *
 * @module
 */
import { fitBinnedSquareRoot } from "./binned_fit.ts";
import type { SquareRootCalibration } from "./square_root_calibration.ts";
import { domainWarnings, resamplingOf, type UsableObservations } from "./_square_root_calibration.ts";

/** Binned calibration of the usable observations, with `bins` quantile bins of at least `minBinCount`. */
export function binnedCalibration(
  data: UsableObservations,
  options: { bins: number; minBinCount: number },
): SquareRootCalibration {
  const { lnParticipation, normalisedImpact, timestamps, spec, bootstrapSamples, confidence, seed } = data;
  const m = lnParticipation.length;
  const x = new Float64Array(m);
  for (let k = 0; k < m; k++) x[k] = Math.exp(lnParticipation[k]!);
  const fit = fitBinnedSquareRoot(x, normalisedImpact, {
    bins: options.bins,
    minBinCount: options.minBinCount,
    bootstrapSamples,
    confidence,
    seed,
    ...(timestamps ? { timestamps, blocks: spec! } : {}),
  });
  const warnings = [...fit.warnings];
  if (fit.reliable) {
    // The law's own domain check (the same as the pointwise fit's), on top of the binned fit's.
    const extra = domainWarnings(fit.eta, fit.delta, fit.etaInterval, fit.deltaInterval, confidence);
    warnings.unshift(...extra);
  }
  const reliable = fit.reliable && warnings.length === fit.warnings.length;
  const fitPoints = { x: [] as number[], y: [] as number[] };
  fit.bins.meanImpact.forEach((v, b) => {
    if (v > 0) {
      fitPoints.x.push(Math.log(fit.bins.participation[b]!));
      fitPoints.y.push(Math.log(v));
    }
  });
  return {
    eta: fit.eta,
    delta: fit.delta,
    rSquared: fit.rSquared,
    n: m,
    dropped: data.dropped,
    droppedBins: 0,
    failedResamples: fit.failedResamples,
    etaInterval: fit.etaInterval,
    deltaInterval: fit.deltaInterval,
    intervalNote: fit.intervalNote,
    confidence,
    method: "binned",
    bootstrap: { eta: fit.bootstrap.eta, delta: fit.bootstrap.delta },
    resampling: resamplingOf(spec, fit.units, m),
    fitPoints,
    binned: { ...fit.bins, weighting: fit.weighting },
    reliable,
    warnings,
    model: reliable ? data.meanModel(fit.eta, fit.delta) : null,
  };
}
