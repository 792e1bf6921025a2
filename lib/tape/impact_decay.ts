/**
 * The decay of impact after a synthetic metaorder, net of the run-end artefact. A synthetic run ends
 * because its trader's next trade has the other sign, so the shipped post-execution path contains that
 * trader's own reversal: it "decays" by construction, even in a market whose impact is purely permanent.
 * The net path keeps only metaorders whose trader does not trade again before the path's horizon.
 *
 * @module
 */
import type { TradeTape } from "../data/trade_tape.ts";
import type { SyntheticMetaorders } from "./synthetic_metaorders.ts";
import {
  metaorderImpactPath,
  type MetaorderPathOptions,
  type MetaorderPathPoint,
} from "./metaorder_impact.ts";
import { assertObject } from "../core/validate.ts";

/** Result of {@linkcode impactDecay}. */
export interface ImpactDecay {
  /** The path of every metaorder (the shipped definition). */
  shipped: MetaorderPathPoint[];
  /** The path of metaorders whose trader does not trade again before the horizon. */
  net: MetaorderPathPoint[];
  /** The net path's last point over its completion value, and that point's interval over the same. */
  netRelativeToPeak: number;
  netRelativeInterval: [number, number];
  /**
   * `"transient"` when the net last point's interval lies below the net completion value, `"no decay"`
   * when it reaches it, `"no interval (...)"` when there is none.
   */
  verdict: string;
  priceReference: "mid" | "trade";
}

/**
 * The post-execution path of metaorders twice: all of them, and net of the run-end artefact
 * (`netOfRunEnd: true` of {@linkcode metaorderImpactPath}), with a verdict on the net path. Cost: two paths.
 *
 * @param metaorders a result of `syntheticMetaorders` on `tape`.
 * @param tape the tape.
 * @param options path options (`netOfRunEnd` is set here).
 * @returns both paths and the verdict.
 *
 * @example
 * ```ts
 * import { impactDecay, permanentImpactTape, syntheticMetaorders } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * // A purely permanent market (synthetic): the shipped path "decays", the net one does not.
 * const tape = permanentImpactTape({ days: 10, tradesPerDay: 10_000, seed: 4 });
 * const m = syntheticMetaorders(tape, { traders: 4 });
 * const decay = impactDecay(m, tape, { minChildren: 2, minDurationTrades: 4, bootstrapSamples: 100 });
 * assert.ok(decay.shipped.at(-1)!.relativeToPeak < 0.9);
 * assert.equal(decay.verdict, "no decay");
 * ```
 */
export function impactDecay(
  metaorders: SyntheticMetaorders,
  tape: TradeTape,
  options: Omit<MetaorderPathOptions, "netOfRunEnd"> = {},
): ImpactDecay {
  assertObject("measure impact decay", "options", options);
  const shipped = metaorderImpactPath(metaorders, tape, { ...options, netOfRunEnd: false });
  const net = metaorderImpactPath(metaorders, tape, { ...options, netOfRunEnd: true });
  const peak = net.find((p) => p.time === 1)!;
  const last = net.at(-1)!;
  const relative: [number, number] = [last.interval[0] / peak.impact, last.interval[1] / peak.impact];
  let verdict: string;
  if (last.time <= 1) verdict = "no after-execution point";
  else if (!(last.count > 0)) verdict = "no metaorder reaches the horizon";
  else if (!Number.isFinite(last.interval[0]) || last.interval[0] === last.interval[1]) {
    verdict = `no interval (${metaorders.averageDailyVolume.length} blocks or bootstrap off)`;
  } else verdict = last.interval[1] < peak.impact ? "transient" : "no decay";
  return {
    shipped,
    net,
    netRelativeToPeak: last.impact / peak.impact,
    netRelativeInterval: relative,
    verdict,
    priceReference: metaorders.priceReference === "mid" ? "mid" : "trade",
  };
}
