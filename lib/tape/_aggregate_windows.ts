/**
 * The windows behind {@linkcode aggregateImpact} and the day-by-day measurement (`measureTapeDays`): the
 * checked options, each window's signed volume, volume and return (cut inside blocks), and the scales, bins and
 * Kyle's lambda computed from all windows in tape order. Windows of later days are appended after those of
 * earlier ones, so a month read a day at a time gives the numbers of one call on the whole month. Not
 * exported from the area's face.
 * @module
 */
import type { TradeTape } from "../data/trade_tape.ts";
import { assertInteger, assertObject, assertPositive, describeValue } from "../core/validate.ts";
import { percentileInterval } from "./blocks.ts";
import type { AggregateImpactOptions, AggregateImpactWindow } from "./aggregate_impact.ts";
import { assertBootstrapSettings, checkBlockSpec } from "./_block_checks.ts";
import { lineFromSums } from "../core/ols.ts";
import { quantileBins } from "../core/bins.ts";

/** Checked options of `aggregateImpact`, with defaults. */
export type AggregateSettings = Required<AggregateImpactOptions>;

/**
 * Checks the options of `aggregateImpact` (all but the tape) and fills in the defaults.
 * @throws {TypeError} for windows that are not a non-empty array.
 * @throws {RangeError} for a bad option (named, with its value).
 */
export function aggregateSettings(action: string, options: AggregateImpactOptions): AggregateSettings {
  assertObject(action, "options", options);
  const {
    windows = [10, 100, 1000],
    unit = "trades",
    bins = 15,
    blocks = "day",
    bootstrapSamples = 500,
    confidence = 0.95,
    seed = 42,
  } = options;
  assertInteger(action, "bins", bins, 1);
  assertBootstrapSettings(action, bootstrapSamples, confidence, seed);
  checkBlockSpec(action, blocks);
  if (unit !== "trades" && unit !== "seconds") {
    throw new RangeError(
      `Cannot ${action}: unit must be "trades" or "seconds": current value is ${describeValue(unit)}`,
    );
  }
  if (!Array.isArray(windows) || windows.length === 0) {
    throw new TypeError(
      `Cannot ${action}: windows must be a non-empty array: current value is ${describeValue(windows)}`,
    );
  }
  windows.forEach((w, i) =>
    unit === "trades"
      ? assertInteger(action, `windows[${i}]`, w, 1)
      : assertPositive(action, `windows[${i}]`, w)
  );
  return { windows, unit, bins, blocks, bootstrapSamples, confidence, seed };
}

/** Per-window columns: signed volume `dV` (base units), volume, return (bps), block. */
export interface WindowColumns {
  dv: Float64Array;
  vol: Float64Array;
  ret: Float64Array;
  block: Int32Array;
  /** Windows filled. */
  count: number;
}

/** Room for the windows of a tape of `n` trades (at most one per trade). */
export function windowColumns(n: number): WindowColumns {
  return {
    dv: new Float64Array(n),
    vol: new Float64Array(n),
    ret: new Float64Array(n),
    block: new Int32Array(n),
    count: 0,
  };
}

/**
 * Cuts each block of a validated tape into windows of `T` trades or seconds (seconds aligned on the block's
 * first trade; empty ones skipped) and appends each window after the first of its block to `out` (from
 * `out.count`), with block numbers offset by `blockOffset`. The return runs from the previous window's last
 * trade price to this one's, in bps.
 */
export function addWindows(
  out: WindowColumns,
  tape: TradeTape,
  starts: Int32Array,
  T: number,
  unit: "trades" | "seconds",
  blockOffset = 0,
): void {
  const { timestamps, prices, sizes, signs } = tape;
  const { dv, vol, ret, block } = out;
  const nb = starts.length - 1;
  let m = out.count;
  for (let b = 0; b < nb; b++) {
    const from = starts[b]!, to = starts[b + 1]!;
    let key = -1, prevLast = -1, signed = 0, volume = 0, last = -1;
    const close = () => {
      if (last >= 0 && prevLast >= 0) {
        dv[m] = signed;
        vol[m] = volume;
        ret[m] = (Math.log(prices[last]!) - Math.log(prices[prevLast]!)) * 1e4;
        block[m] = b + blockOffset;
        m++;
      }
      prevLast = last;
      signed = 0;
      volume = 0;
    };
    for (let t = from; t < to; t++) {
      const k = unit === "trades"
        ? Math.floor((t - from) / T)
        : Math.floor((timestamps[t]! - timestamps[from]!) / (T * 1000));
      if (k !== key) {
        close();
        key = k;
      }
      signed += signs[t]! * sizes[t]!;
      volume += sizes[t]!;
      last = t;
    }
    close();
  }
  out.count = m;
}

/**
 * Scales, quantile bins of the imbalance and Kyle's lambda (with its block-bootstrap interval from `counts`,
 * resample-major over `nb` blocks) from the windows of one length.
 * @throws {RangeError} for fewer than 3 windows or a lambda that is not finite.
 */
export function windowResult(
  action: string,
  windows: WindowColumns,
  nb: number,
  T: number,
  settings: Pick<AggregateSettings, "unit" | "bins" | "bootstrapSamples" | "confidence">,
  counts: Int32Array | null,
): AggregateImpactWindow {
  const { unit, bins, bootstrapSamples, confidence } = settings;
  const { dv, vol, ret, block: blockOf, count: m } = windows;
  if (m < 3) {
    throw new RangeError(
      `Cannot ${action}: windows of ${T} ${unit} must give at least 3 windows: current count is ${m}`,
    );
  }
  // Scales, per-block sums for the lambda, and quantile bins of the rescaled imbalance.
  let sv = 0, sr = 0, srr = 0;
  const sums = new Float64Array(nb * 6); // n, sx, sy, sxx, sxy, syy per block
  for (let i = 0; i < m; i++) {
    sv += vol[i]!;
    sr += ret[i]!;
    srr += ret[i]! * ret[i]!;
    const o = blockOf[i]! * 6, x = dv[i]!, y = ret[i]!;
    sums[o] = sums[o]! + 1;
    sums[o + 1] = sums[o + 1]! + x;
    sums[o + 2] = sums[o + 2]! + y;
    sums[o + 3] = sums[o + 3]! + x * x;
    sums[o + 4] = sums[o + 4]! + x * y;
    sums[o + 5] = sums[o + 5]! + y * y;
  }
  const volumeScale = sv / m;
  const volatilityScale = Math.sqrt(Math.max(0, srr / m - (sr / m) ** 2));
  const fitWeighted = (w: ArrayLike<number> | null) => {
    const s = [0, 0, 0, 0, 0, 0];
    for (let b = 0; b < nb; b++) {
      const wb = w ? w[b]! : 1;
      if (wb === 0) continue;
      for (let j = 0; j < 6; j++) s[j]! += wb * sums[b * 6 + j]!;
    }
    return lineFromSums(s[0]!, s[1]!, s[2]!, s[3]!, s[4]!, s[5]!);
  };
  const base = fitWeighted(null);
  if (!Number.isFinite(base.slope)) {
    throw new RangeError(
      `Cannot ${action}: Kyle's lambda over windows of ${T} ${unit} is not finite (net volumes from tape.sizes ` +
        `that overflow or never vary): current value is ${base.slope}`,
    );
  }
  const draws: number[] = [];
  if (counts) {
    for (let r = 0; r < bootstrapSamples; r++) {
      draws.push(fitWeighted(counts.subarray(r * nb, (r + 1) * nb)).slope);
    }
  }
  const binCount = Math.min(bins, m);
  const binOf = quantileBins(dv.subarray(0, m), binCount);
  const binX = new Float64Array(binCount),
    binY = new Float64Array(binCount),
    binN = new Float64Array(binCount);
  for (let i = 0; i < m; i++) {
    const k = binOf[i]!;
    binX[k] = binX[k]! + dv[i]!;
    binY[k] = binY[k]! + ret[i]!;
    binN[k] = binN[k]! + 1;
  }
  const imbalance: number[] = [], response: number[] = [], count: number[] = [];
  for (let k = 0; k < binCount; k++) {
    if (binN[k] === 0) continue;
    imbalance.push(binX[k]! / binN[k]! / volumeScale);
    response.push(volatilityScale > 0 ? binY[k]! / binN[k]! / volatilityScale : NaN);
    count.push(binN[k]!);
  }
  return {
    window: T,
    unit,
    windows: m,
    volumeScale,
    volatilityScale,
    bins: { imbalance, response, count },
    kyleLambda: base.slope,
    kyleLambdaInterval: draws.length > 0 ? percentileInterval(draws, confidence) : [base.slope, base.slope],
    rescaledLambda: volatilityScale > 0 ? (base.slope * volumeScale) / volatilityScale : NaN,
    rSquared: base.rSquared,
  };
}
