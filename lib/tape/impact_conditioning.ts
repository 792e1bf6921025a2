/**
 * Impact conditioned on how a metaorder was executed: by its duration and by its participation rate
 * (`|Q|` over the volume the whole market traded from its first to its last child). The square-root law
 * `I / sigma_D = Y (|Q|/V)^delta` has no duration in it; Zarinelli et al. (2015) and Bucci et al. (2019)
 * find that the prefactor depends on the participation rate, and a law used for planning must say whether
 * its `Y` holds for a fast and a slow execution alike. Plain tables, for plots or prose.
 *
 * @module
 */
import type { SyntheticMetaorders } from "./synthetic_metaorders.ts";
import { assertInteger, assertObject } from "../core/validate.ts";
import { assertColumn, lawColumns, metaorderRecord } from "./_metaorders.ts";
import { assertBootstrapSettings } from "./_block_checks.ts";
import { blockBootstrapCounts, MIN_BOOTSTRAP_BLOCKS, percentileInterval } from "./blocks.ts";
import { quantileBins } from "../core/bins.ts";
import { DEFAULT_SEED } from "../core/random.ts";

/** What to condition on: duration in seconds, or participation rate during execution. */
export type ImpactCondition = "durationSeconds" | "participationRate";

/** Options of {@linkcode conditionedImpact}. */
export interface ConditionedImpactOptions {
  /** The column to group by. Default `"durationSeconds"`. */
  by?: ImpactCondition;
  /** Quantile groups (3: terciles). Default 3. */
  groups?: number;
  /** Block bootstrap resamples. Default 500; 0 skips. */
  bootstrapSamples?: number;
  /** Interval level. Default 0.95. */
  confidence?: number;
  /** Seed. Default `DEFAULT_SEED` (1, lib/core/random.ts). */
  seed?: number;
}

/** One group of {@linkcode conditionedImpact}. */
export interface ConditionedImpactRow {
  /** Range of the conditioning column in the group (seconds, or a fraction in (0, 1]). */
  range: [number, number];
  metaorders: number;
  /** Mean `|Q|/V` and mean `I / sigma_D` of the group. */
  meanParticipation: number;
  meanImpact: number;
  meanImpactInterval: [number, number];
  /**
   * `Y` at `delta = 1/2`: `sum I / sum sqrt(|Q|/V)` over the group (the least-squares prefactor of
   * `I = Y sqrt(Q/V)` weighting each metaorder by `sqrt(Q/V)`), with its block-bootstrap interval.
   */
  prefactor: number;
  prefactorInterval: [number, number];
}

/** Result of {@linkcode conditionedImpact}. */
export interface ConditionedImpact {
  by: ImpactCondition;
  rows: ConditionedImpactRow[];
  /** `"no interval (k blocks)"` under 10 blocks, `"no interval (bootstrap off)"`, else empty. */
  intervalNote: string;
  priceReference: "mid" | "trade";
}

/**
 * Impact by quantile group of duration or participation rate: per group the mean impact and the prefactor
 * `Y` at `delta = 1/2`, with percentile block-bootstrap intervals over the metaorders' blocks. Metaorders
 * with a NaN impact are left out. Cost O(m log m) plus O(bootstrapSamples * blocks * groups).
 *
 * @param metaorders a result of `syntheticMetaorders`.
 * @param options the conditioning column, groups, bootstrap.
 * @returns one row per group, shortest (or lowest rate) first.
 * @throws {RangeError} for a bad option or fewer metaorders than groups.
 *
 * @example
 * ```ts
 * import { conditionedImpact } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * // Slow metaorders (10 s) have impact 0.1 * sqrt(Q/V), fast ones (1 s) 0.3 * sqrt(Q/V).
 * const participation = Float64Array.from([1e-4, 4e-4, 1e-4, 4e-4]);
 * const durationSeconds = Float64Array.from([1, 1, 10, 10]);
 * const impact = participation.map((q, i) => (i < 2 ? 0.3 : 0.1) * Math.sqrt(q));
 * const table = conditionedImpact({
 *   participation, impact, durationSeconds, participationRate: new Float64Array(4).fill(0.5),
 *   block: new Int32Array(4), averageDailyVolume: new Float64Array(1), priceReference: "trade",
 * }, { groups: 2, bootstrapSamples: 0 });
 * assert.ok(Math.abs(table.rows[0]!.prefactor - 0.3) < 1e-12 && Math.abs(table.rows[1]!.prefactor - 0.1) < 1e-12);
 * assert.equal(table.intervalNote, "no interval (1 block)");
 * ```
 */
export function conditionedImpact(
  metaorders: Pick<
    SyntheticMetaorders,
    | "participation"
    | "impact"
    | "block"
    | "averageDailyVolume"
    | "durationSeconds"
    | "participationRate"
    | "priceReference"
  >,
  options: ConditionedImpactOptions = {},
): ConditionedImpact {
  const action = "measure conditioned impact";
  assertObject(action, "options", options);
  const {
    by = "durationSeconds",
    groups = 3,
    bootstrapSamples = 500,
    confidence = 0.95,
    seed = DEFAULT_SEED,
  } = options;
  if (by !== "durationSeconds" && by !== "participationRate") {
    throw new RangeError(
      `Cannot ${action}: by must be "durationSeconds" or "participationRate": current value is ${String(by)}`,
    );
  }
  assertInteger(action, "groups", groups, 1);
  assertBootstrapSettings(action, bootstrapSamples, confidence, seed);
  const { participation, impact, block, blocks: nb } = lawColumns(action, metaorders);
  const n = participation.length;
  const key = assertColumn(action, metaorderRecord(action, metaorders), by, "non-negative", n);
  const selected: number[] = [];
  for (let i = 0; i < n; i++) if (Number.isFinite(impact[i]!)) selected.push(i);
  const m = selected.length;
  if (m < groups) {
    throw new RangeError(
      `Cannot ${action}: at least ${groups} metaorders with a finite impact are needed (one per group): current count is ${m}`,
    );
  }
  const keys = Float64Array.from(selected, (i) => key[i]!);
  const groupOf = quantileBins(keys, groups);
  // Per block and group: count, sum Q/V, sum I, sum sqrt(Q/V).
  const sums = new Float64Array(nb * groups * 4);
  const low = new Float64Array(groups).fill(Infinity), high = new Float64Array(groups).fill(-Infinity);
  for (let j = 0; j < m; j++) {
    const i = selected[j]!, g = groupOf[j]!, o = (block[i]! * groups + g) * 4;
    sums[o]!++;
    sums[o + 1] = sums[o + 1]! + participation[i]!;
    sums[o + 2] = sums[o + 2]! + impact[i]!;
    sums[o + 3] = sums[o + 3]! + Math.sqrt(participation[i]!);
    low[g] = Math.min(low[g]!, keys[j]!);
    high[g] = Math.max(high[g]!, keys[j]!);
  }
  const totals = (weights: ArrayLike<number> | null) => {
    const t = new Float64Array(groups * 4);
    for (let b = 0; b < nb; b++) {
      const w = weights ? weights[b]! : 1;
      if (w === 0) continue;
      for (let k = 0; k < groups * 4; k++) t[k] = t[k]! + w * sums[b * groups * 4 + k]!;
    }
    return t;
  };
  let blocksWithData = 0;
  for (let b = 0; b < nb; b++) {
    let c = 0;
    for (let g = 0; g < groups; g++) c += sums[(b * groups + g) * 4]!;
    if (c > 0) blocksWithData++;
  }
  const base = totals(null);
  const meanDraws = Array.from({ length: groups }, () => [] as number[]);
  const prefactorDraws = Array.from({ length: groups }, () => [] as number[]);
  const enough = blocksWithData >= MIN_BOOTSTRAP_BLOCKS;
  if (enough && bootstrapSamples > 0) {
    const counts = blockBootstrapCounts(nb, { bootstrapSamples, seed });
    for (let r = 0; r < bootstrapSamples; r++) {
      const t = totals(counts.subarray(r * nb, (r + 1) * nb));
      for (let g = 0; g < groups; g++) {
        meanDraws[g]!.push(t[g * 4 + 2]! / t[g * 4]!);
        prefactorDraws[g]!.push(t[g * 4 + 2]! / t[g * 4 + 3]!);
      }
    }
  }
  const none: [number, number] = [NaN, NaN];
  const rows: ConditionedImpactRow[] = [];
  for (let g = 0; g < groups; g++) {
    const c = base[g * 4]!;
    if (c === 0) continue; // ties at a quantile edge can leave a group empty
    rows.push({
      range: [low[g]!, high[g]!],
      metaorders: c,
      meanParticipation: base[g * 4 + 1]! / c,
      meanImpact: base[g * 4 + 2]! / c,
      meanImpactInterval: meanDraws[g]!.length > 0 ? percentileInterval(meanDraws[g]!, confidence) : none,
      prefactor: base[g * 4 + 2]! / base[g * 4 + 3]!,
      prefactorInterval: prefactorDraws[g]!.length > 0
        ? percentileInterval(prefactorDraws[g]!, confidence)
        : none,
    });
  }
  return {
    by,
    rows,
    intervalNote: !enough
      ? `no interval (${blocksWithData} block${blocksWithData === 1 ? "" : "s"})`
      : bootstrapSamples === 0
      ? "no interval (bootstrap off)"
      : "",
    priceReference: metaorders.priceReference === "mid" ? "mid" : "trade",
  };
}
