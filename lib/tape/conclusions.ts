/**
 * Conclusions of a tape study written from its numbers, so a notebook's text can never disagree with its
 * results: every sentence below is built from the measured values, and its wording (rises or falls,
 * covers or misses, concave or not) is chosen by comparing them.
 *
 * @module
 */
import type { SquareRootParameters } from "../impact/square_root.ts";
import type { TradeTape } from "../data/trade_tape.ts";
import type { SignCorrelation, SignExponent } from "./sign_correlation.ts";
import type { ResponseFunction } from "./response_function.ts";
import type { AggregateImpact } from "./aggregate_impact.ts";
import type { DeltaSensitivityRow, MetaorderLaw, MetaorderPathPoint } from "./metaorder_impact.ts";
import type { SyntheticMetaorders } from "./synthetic_metaorders.ts";
import { fitLine } from "../core/ols.ts";
import type { TapePlacebos } from "./tape_placebos.ts";
import type { ImpactDecay } from "./impact_decay.ts";
import type { MethodSpread } from "./method_spread.ts";
import { assertImpactLaw, isImpactExponent } from "../core/impact_law.ts";
import { assertFinite, assertObject, assertPositive, describeValue } from "../core/validate.ts";
import { assertColumn, assertList, metaorderRecord } from "./_metaorders.ts";

/** The results of a tape study, as the estimators return them. */
export interface TapeStudy {
  tape: TradeTape;
  correlation: SignCorrelation;
  exponent: SignExponent;
  response: ResponseFunction;
  aggregate: AggregateImpact;
  metaorders: SyntheticMetaorders;
  law: MetaorderLaw;
  path: MetaorderPathPoint[];
  sensitivity: DeltaSensitivityRow[];
  /** For a synthetic tape: the sign exponent its mechanism implies (`alpha - 1`). */
  trueGamma?: number;
  /** The placebos (`tapePlacebos`): "concave" is only written when they are clean. */
  placebos?: TapePlacebos;
  /** The decay net of the run-end artefact (`impactDecay`): "transient" is only written from it. */
  decay?: ImpactDecay;
  /** The method spread (`methodSpread`): the second uncertainty of delta. */
  spread?: MethodSpread;
}

/** Checks the parts of a study that the conclusions read; names the part and the field. */
function checkStudy(study: TapeStudy): void {
  const action = "write tape conclusions";
  assertObject(action, "study", study);
  for (
    const name of ["tape", "correlation", "exponent", "response", "aggregate", "metaorders", "law"] as const
  ) {
    assertObject(action, name, study[name]);
  }
  assertList(action, "path", study.path);
  assertList(action, "sensitivity", study.sensitivity);
  assertList(action, "aggregate.windows", study.aggregate.windows);
  const { correlation, exponent, response, law, metaorders } = study;
  const lengthOf = (name: string, values: ArrayLike<number>) => {
    if (values === null || typeof values !== "object" || !(values.length >= 1)) {
      throw new TypeError(
        `Cannot ${action}: ${name} must be a non-empty array: current value is ${describeValue(values)}`,
      );
    }
  };
  lengthOf("correlation.correlation", correlation.correlation);
  lengthOf("response.bps", response.bps);
  lengthOf("response.ticks", response.ticks);
  for (
    const [name, v] of [["exponent.confidence", exponent.confidence], [
      "law.metaorders",
      law.metaorders,
    ]] as const
  ) {
    assertFinite(action, name, v);
  }
  for (const name of ["gamma", "gammaInterval", "lagRange"] as const) {
    if (exponent[name] === undefined || exponent[name] === null) {
      throw new TypeError(
        `Cannot ${action}: exponent.${name} must be given: current value is ${exponent[name]}`,
      );
    }
  }
  for (const name of ["eta", "delta", "deltaInterval", "etaInterval"] as const) {
    if (typeof law[name] !== "number" && !Array.isArray(law[name]) && law[name] !== null) {
      throw new TypeError(
        `Cannot ${action}: law.${name} must be a number or an interval: current value is ${
          describeValue(law[name])
        }`,
      );
    }
  }
  const record = metaorderRecord(action, metaorders);
  assertColumn(action, record, "dailyVolatility", "non-negative");
  assertColumn(action, record, "averageDailyVolume", "non-negative");
}

const f = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : "n/a");
/** Three significant digits (Kyle's lambda per base unit spans many decades across venues). */
const g = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(3)).toString() : "n/a");
const ci = (i: [number, number] | null, digits = 3) =>
  i ? `[${f(i[0], digits)}, ${f(i[1], digits)}]` : "(no interval)";
const pct = (v: number) => `${Number.isFinite(v) ? (100 * v).toFixed(0) : "n/a"} %`;
const covers = (i: [number, number] | null, v: number) => i !== null && i[0] <= v && v <= i[1];

/**
 * The square-root law measured on metaorders, as the parameters notebooks 02-05 use
 * (`SquareRootModel`, Almgren-Chriss, TCA): `eta = Y`, `delta`, and the mean daily volatility (fraction per
 * day) and daily volume (base units per day) of the blocks.
 *
 * @param law a result of `metaorderSquareRootLaw`.
 * @param metaorders the metaorders it was fitted on.
 * @returns the law's four parameters.
 *
 * @example
 * ```ts
 * import { lawParameters } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const p = lawParameters({ eta: 0.7, delta: 0.5 }, {
 *   dailyVolatility: Float64Array.from([0.02, 0.04]), averageDailyVolume: Float64Array.from([100, 300]),
 * });
 * assert.deepEqual(p, { eta: 0.7, delta: 0.5, dailyVolatility: 0.03, averageDailyVolume: 200 });
 * ```
 */
export function lawParameters(
  law: Pick<MetaorderLaw, "eta" | "delta">,
  metaorders: Pick<SyntheticMetaorders, "dailyVolatility" | "averageDailyVolume">,
): SquareRootParameters {
  const action = "compute law parameters";
  assertImpactLaw(action, law);
  const record = metaorderRecord(action, metaorders);
  const mean = (name: string) => {
    const values = assertColumn(action, record, name, "non-negative");
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[i]! / values.length; // no overflow near 1e308
    assertPositive(action, `the mean ${name} (over ${values.length} blocks)`, sum);
    return sum;
  };
  return {
    eta: law.eta,
    delta: law.delta,
    dailyVolatility: mean("dailyVolatility"),
    averageDailyVolume: mean("averageDailyVolume"),
  };
}

/**
 * Markdown conclusions of a tape study, one bullet per measurement, each sentence generated from the
 * numbers; on a synthetic tape it ends by saying that the results test the estimators, not markets.
 *
 * @param study the results (see {@linkcode TapeStudy}).
 * @returns Markdown text.
 *
 * @example
 * ```ts
 * import { synthesizeTrades } from "@lib/data/synthetic/synthetic_trades.ts";
 * import {
 *   aggregateImpact, deltaSensitivity, metaorderImpactPath, metaorderSquareRootLaw, responseFunction,
 *   signCorrelation, signExponent, syntheticMetaorders, tapeConclusions,
 * } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const tape = synthesizeTrades({ days: 3, tradesPerDay: 20_000, seed: 5 });
 * const correlation = signCorrelation(tape, { maxLag: 100 });
 * const metaorders = syntheticMetaorders(tape, { traders: 20 });
 * const text = tapeConclusions({
 *   tape, correlation, exponent: signExponent(correlation, { bootstrapSamples: 20 }),
 *   response: responseFunction(tape, { maxLag: 100 }),
 *   aggregate: aggregateImpact(tape, { windows: [10, 100], bootstrapSamples: 20 }), metaorders,
 *   law: metaorderSquareRootLaw(metaorders, { bootstrapSamples: 20 }),
 *   path: metaorderImpactPath(metaorders, tape, { bootstrapSamples: 20 }),
 *   sensitivity: deltaSensitivity(tape, { traderCounts: [20], law: { bootstrapSamples: 20 } }),
 *   trueGamma: tape.truth.gamma,
 * });
 * assert.match(text, /test of the estimators, not a finding about markets/);
 * ```
 */
export function tapeConclusions(study: TapeStudy): string {
  checkStudy(study);
  const { tape, correlation, exponent, response, aggregate, metaorders, law, path, sensitivity } = study;
  const lines: string[] = [];
  const C = (l: number) => correlation.correlation[Math.min(l, correlation.correlation.length) - 1]!;
  const lastLag = correlation.correlation.length;
  const level = `${Math.round(exponent.confidence * 100)} %`;
  // Sign memory.
  let sign = `- **Order-flow memory.** The sign correlation is C(1) = ${f(C(1))}, ` +
    `${lastLag > 100 ? `C(100) = ${f(C(100))}, ` : ""}C(${lastLag}) = ${
      f(C(lastLag))
    }; a power law fitted on lags ${exponent.lagRange[0]}-` +
    `${exponent.lagRange[1]} gives gamma = ${f(exponent.gamma)}, ${level} interval ${
      ci(exponent.gammaInterval)
    } ` +
    `(block bootstrap over ${exponent.blocks} ${exponent.blocksDescription}).`;
  // "Long memory" only with an adequate fit, C above the noise floor over the lag range, and a lag range
  // the tape supports (blocks longer than 10 times the largest lag).
  const trades = correlation.trades;
  const noiseFloor = 2 / Math.sqrt(trades);
  const lastFitted = Math.min(exponent.lagRange[1], lastLag);
  const adequate = exponent.rSquared >= 0.8;
  const aboveFloor = C(lastFitted) > noiseFloor;
  const supported = exponent.lagRange[1] * 10 <= trades / Math.max(1, exponent.blocks);
  if (exponent.gammaInterval[1] < 1 && exponent.gammaInterval[0] > 0 && adequate && aboveFloor && supported) {
    sign +=
      ` gamma < 1 means the memory is long: the sum of C(l) diverges, so order flow is predictable far ahead.`;
  } else {
    const why = [
      adequate ? "" : `R^2 ${f(exponent.rSquared, 2)} < 0.8`,
      aboveFloor
        ? ""
        : `C(${lastFitted}) = ${f(C(lastFitted))} is below the noise floor 2/sqrt(n) = ${f(noiseFloor)}`,
      supported ? "" : `lags up to ${exponent.lagRange[1]} are more than a tenth of a block's trades`,
      exponent.gammaInterval[1] < 1 && exponent.gammaInterval[0] > 0
        ? ""
        : "the gamma interval is not inside (0, 1)",
    ].filter(Boolean);
    sign += ` No claim of long memory: ${why.join("; ")}.`;
  }
  if (study.trueGamma !== undefined) {
    sign +=
      ` The mechanism that generated this tape implies gamma = ${f(study.trueGamma)}, which the interval ` +
      `${covers(exponent.gammaInterval, study.trueGamma) ? "covers" : "does not cover"}.`;
  }
  lines.push(sign);
  // Response function.
  const R = response.bps, L = R.length;
  let peak = 0;
  for (let l = 1; l < L; l++) if (R[l]! > R[peak]!) peak = l;
  const trend = R[L - 1]! > R[0]! ? "rises" : "falls";
  const T = response.ticks, sig = (v: number) => `${+v.toPrecision(3)}`;
  lines.push(
    `- **Response function.** R(l) ${trend} from ${sig(T[0]!)} ticks (${sig(R[0]!)} bps) at lag 1 ` +
      `to ${sig(T[L - 1]!)} ticks (${sig(R[L - 1]!)} bps) at lag ${L}, with its maximum ${
        sig(T[peak]!)
      } ticks ` +
      `(${sig(R[peak]!)} bps) at lag ${peak + 1}` +
      (response.priceSource === "trade price"
        ? `; it is measured on trade prices (the tape has no quotes), so it includes the bid-ask bounce.`
        : ` (on mid prices).`),
  );
  // Aggregate impact and Kyle's lambda.
  const w = aggregate.windows;
  if (w.length > 0) {
    const first = w[0]!, last = w[w.length - 1]!;
    const separated = last.kyleLambdaInterval[1] < first.kyleLambdaInterval[0];
    const falls = separated && last.kyleLambda > 0 && first.kyleLambda > 0 && first.windows >= 10 &&
      last.windows >= 10;
    const notes = w.filter((x) => x.note).map((x) => `${x.window} ${x.unit}: ${x.note}`);
    lines.push(
      `- **Aggregate impact.** Kyle's lambda is ${
        g(first.kyleLambda)
      } bps per base unit of net volume over ` +
        `${first.window} ${first.unit} (${level} interval ${`[${g(first.kyleLambdaInterval[0])}, ${
          g(first.kyleLambdaInterval[1])
        }]`}) and ` +
        `${g(last.kyleLambda)} over ${last.window} ${last.unit} (${`[${g(last.kyleLambdaInterval[0])}, ${
          g(last.kyleLambdaInterval[1])
        }]`}): ` +
        (falls
          ? `the price moves less per unit of net volume when that volume accumulates over a longer window, ` +
            `as Patzelt & Bouchaud (2018) find: impact is not a fixed cost per unit traded.`
          : `no significant fall with the window (the intervals do not separate, a lambda is <= 0 or a length has ` +
            `fewer than 10 windows), so nothing is said about the decrease Patzelt & Bouchaud (2018) report.`) +
        (notes.length > 0 ? ` Notes: ${notes.join("; ")}.` : ""),
    );
  }
  // Square-root law: "concave" only when the impact is significant, delta's interval excludes 1 and the
  // placebos are clean.
  const placebo = study.placebos;
  const deltaInterval = law.deltaInterval, meanInterval = law.meanImpactInterval;
  const hasInterval = deltaInterval !== null && meanInterval !== null;
  const significant = hasInterval && meanInterval[0] > 0;
  const belowOne = hasInterval && deltaInterval[1] < 1;
  // The shape is only read off a fit that pins delta down: an interval above 0 and a fit not flagged unreliable.
  const pinned = hasInterval && deltaInterval[0] > 0 && law.reliable !== false;
  const clean = placebo?.clean === true;
  const intervalText = hasInterval
    ? `${level} interval ${ci(deltaInterval)}`
    : law.intervalNote ?? "no interval";
  let lawText =
    `- **Square-root law on synthetic metaorders.** ${law.metaorders.toLocaleString("en-US")} metaorders ` +
    `(${metaorders.traders} traders, ${metaorders.participationModel}, at least ${metaorders.minChildren} child trades, ` +
    `end price ${metaorders.definition?.endPrice ?? "last-child"}, on ${
      metaorders.priceReference ?? "trade"
    } prices, ` +
    `Q/V from ${law.participationRange?.[0]?.toExponential(1)} to ${
      law.participationRange?.[1]?.toExponential(1)
    }) ` +
    `give delta = ${f(law.delta)} (${intervalText}) and Y = ${f(law.eta)} (${law.weighting}; ` +
    `${law.nonPositiveBins} of ${law.binTable.length} bins have a mean impact <= 0, kept in the fit). `;
  if (!hasInterval) lawText += `Without an interval nothing is concluded about the shape.`;
  else if (!significant) {
    lawText += `The mean impact ${f(law.meanImpact, 4)} (interval ${ci(meanInterval!, 4)}) is not ` +
      `significantly above 0: no significant impact, and the exponent of a null is not a finding.`;
  } else if (!placebo) lawText += `No placebo was run, so concavity is not asserted.`;
  else if (!clean) {
    lawText += `The placebos are not clean (shuffled signs: ${placebo.shuffled.verdict}; permanent market: ` +
      `${placebo.permanent.lawVerdict}), so concavity is not asserted.`;
  } else if (!pinned) {
    lawText += `The fit does not pin delta down (${
      law.reliable === false
        ? `flagged unreliable: ${law.warnings[0] ?? "see its warnings"}`
        : "its interval reaches 0"
    }), so no shape is concluded.`;
  } else if (belowOne) {
    lawText += `The impact is significant, the interval excludes 1 and the placebos are clean ` +
      `(shuffled signs: no significant impact; permanent market: delta compatible with 1): impact is concave in size.`;
  } else lawText += `The interval does not exclude 1: no evidence here that impact is concave in size.`;
  if (study.spread) {
    const sp = study.spread;
    lawText += ` Method spread over N = ${
      [...new Set(sp.cells.map((c) => c.traders))].join(", ")
    }, seeds and end ` +
      `prices (${sp.byEndPrice.map((e) => e.endPrice).join(", ")}): delta from ${f(sp.deltaRange[0])} to ${
        f(sp.deltaRange[1])
      }.`;
  }
  lines.push(lawText);
  // Profile and decay.
  const profile = path.filter((p) => p.phase === "execution" && p.time < 1 && p.impact > 0);
  const firstChild = path.find((p) => p.phase === "first child");
  if (profile.length >= 2) {
    const lx = profile.map((p) => Math.log(p.time)), ly = profile.map((p) => Math.log(p.impact));
    const exponentOfPhi = fitLine(lx, ly).slope;
    const half = path.find((p) => p.phase === "execution" && Math.abs(p.time - 0.5) < 1e-9);
    // A concave build-up grows to completion: no point of the profile above the value at completion.
    const rising = exponentOfPhi > 0 && profile.every((p) => p.relativeToPeak <= 1);
    lines.push(
      `- **Profile during execution.** Over phi = ${f(profile[0]!.time, 1)}-${
        f(profile[profile.length - 1]!.time, 1)
      } ` +
        `the mean impact grows like phi^${f(exponentOfPhi, 2)}` +
        (half ? ` and reaches ${pct(half.relativeToPeak)} of its value at completion halfway through` : "") +
        (firstChild
          ? `; the first child alone accounts for ${
            pct(firstChild.relativeToPeak)
          } of it (every point starts ` +
            `from the price before the first child, so its own impact is in all of them)`
          : "") +
        `; ${
          !rising
            ? "the mean impact does not build up steadily to its value at completion (it is larger before it), " +
              "so no concave build-up is asserted"
            : exponentOfPhi < 1 && significant && clean && pinned
            ? "the build-up is concave (fast at first, then slower), as the square-root law predicts"
            : "no concavity is asserted (it needs a significant impact, clean placebos and a delta the fit pins down)"
        }.`,
    );
  }
  const after = path.filter((p) => p.phase === "after");
  if (study.decay) {
    const d = study.decay, shippedLast = d.shipped.at(-1)!, netLast = d.net.at(-1)!;
    lines.push(
      `- **Decay after execution.** ${
        f(netLast.time - 1, 2)
      } durations after completion, metaorders whose trader ` +
        `does not trade again meanwhile (${netLast.count} of them) sit at ${
          pct(d.netRelativeToPeak)
        } of their peak ` +
        `(interval ${ci(d.netRelativeInterval, 2)} of it): ${
          d.verdict === "transient"
            ? "part of the impact is transient"
            : d.verdict === "no decay"
            ? "no significant decay (the interval reaches the peak)"
            : d.verdict
        }. With every metaorder (the run ends at its trader's reversal, which the path then contains) the ` +
        `same point is ${pct(shippedLast.relativeToPeak)} of the peak.`,
    );
  } else if (after.length > 0) {
    const lastAfter = after[after.length - 1]!;
    lines.push(
      `- **Decay after execution.** ${
        f(lastAfter.time - 1, 2)
      } durations after completion the mean impact is ` +
        `${pct(lastAfter.relativeToPeak)} of its peak (${f(lastAfter.impact)} sigma_D, interval ` +
        `${
          ci(lastAfter.interval)
        }). This includes the run-end artefact (a run ends because its trader's next ` +
        `trade reverses), so no transience is asserted; use \`impactDecay\` for the path net of it.`,
    );
  }
  const ok = sensitivity.filter((r) => Number.isFinite(r.delta));
  if (ok.length > 1) {
    const deltas = ok.map((r) => r.delta);
    lines.push(
      `- **Sensitivity to N.** Across ${ok.map((r) => r.traders).join(", ")} traders delta ranges from ` +
        `${f(Math.min(...deltas))} to ${f(Math.max(...deltas))} (mean child trades per metaorder from ` +
        `${f(ok[0]!.meanChildren, 2)} to ${f(ok[ok.length - 1]!.meanChildren, 2)}).`,
    );
  }
  const inDomain = law.eta > 0 && Number.isFinite(law.eta) && isImpactExponent(law.delta);
  const p = law.reliable !== false && inDomain ? lawParameters(law, metaorders) : undefined;
  if (!p && inDomain) {
    lines.push(
      `- **For notebooks 02-05.** The fitted law (Y = ${f(law.eta)}, delta = ${f(law.delta)}) is flagged ` +
        `unreliable (${law.warnings[0] ?? "see its warnings"}), so it is not handed on: it cannot replace ` +
        `the assumed parameters.`,
    );
  } else if (!p) {
    lines.push(
      `- **For notebooks 02-05.** The fitted law (Y = ${f(law.eta)}, delta = ${
        f(law.delta)
      }) is outside the ` +
        `square-root model's domain (Y > 0, delta in (0, 2]), so it cannot replace the assumed parameters.`,
    );
  } else {
    lines.push(
      `- **For notebooks 02-05.** Almgren-Chriss (03) and TCA (05) use the law I = sigma * Y * (|Q|/V)^delta; with a ` +
        `tape, its parameters can be measured instead of assumed: here Y = ${f(p.eta)}, delta = ${
          f(p.delta)
        }, ` +
        `sigma = ${f(100 * p.dailyVolatility, 2)} %/day, V = ${
          Math.round(p.averageDailyVolume).toLocaleString("en-US")
        } base units/day (\`lawParameters\` gives them to \`SquareRootModel\`). They were measured for Q/V from ` +
        `${law.participationRange?.[0]?.toExponential(1)} to ${
          law.participationRange?.[1]?.toExponential(1)
        } only: ` +
        `at any other size the law is an extrapolation (\`measuredLaw\` carries the range, the definition, venue ` +
        `and dates; \`isExtrapolation\` checks a size).`,
    );
  }
  if (tape.source === "synthetic") {
    lines.push(
      `\n**These numbers come from a SYNTHETIC tape.** They are a test of the estimators, not a finding about ` +
        `markets: the tape's impact comes from a propagator model chosen by us. (Maitrier et al. 2025 note that ` +
        `synthetic metaorders on a naive synthetic price do not show the square-root law; only real tapes can ` +
        `say whether markets do.)`,
    );
  }
  return lines.join("\n");
}
