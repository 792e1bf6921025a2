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
  assertColumn(action, record, "dailyVolume", "non-negative");
}

const f = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : "n/a");
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
 *   dailyVolatility: Float64Array.from([0.02, 0.04]), dailyVolume: Float64Array.from([100, 300]),
 * });
 * assert.deepEqual(p, { eta: 0.7, delta: 0.5, volatility: 0.03, averageDailyVolume: 200 });
 * ```
 */
export function lawParameters(
  law: Pick<MetaorderLaw, "eta" | "delta">,
  metaorders: Pick<SyntheticMetaorders, "dailyVolatility" | "dailyVolume">,
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
    volatility: mean("dailyVolatility"),
    averageDailyVolume: mean("dailyVolume"),
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
  if (exponent.gamma > 0 && exponent.gamma < 1) {
    sign +=
      ` gamma < 1 means the memory is long: the sum of C(l) diverges, so order flow is predictable far ahead.`;
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
  lines.push(
    `- **Response function.** R(l) ${trend} from ${f(R[0]!, 2)} bps (${
      f(response.ticks[0]!, 2)
    } ticks) at lag 1 ` +
      `to ${f(R[L - 1]!, 2)} bps at lag ${L}, with its maximum ${f(R[peak]!, 2)} bps at lag ${peak + 1}` +
      (response.priceSource === "trade price"
        ? `; it is measured on trade prices (the tape has no quotes), so it includes the bid-ask bounce.`
        : ` (on mid prices).`),
  );
  // Aggregate impact and Kyle's lambda.
  const w = aggregate.windows;
  if (w.length > 0) {
    const first = w[0]!, last = w[w.length - 1]!;
    const falls = last.kyleLambda < first.kyleLambda;
    lines.push(
      `- **Aggregate impact.** Kyle's lambda is ${
        f(first.kyleLambda, 4)
      } bps per base unit of net volume over ` +
        `${first.window} ${first.unit} (${level} interval ${ci(first.kyleLambdaInterval, 4)}) and ` +
        `${f(last.kyleLambda, 4)} over ${last.window} ${last.unit} (${ci(last.kyleLambdaInterval, 4)}): ` +
        (falls
          ? `the price moves less per unit of net volume when that volume accumulates over a longer window, ` +
            `as Patzelt & Bouchaud (2018) find: impact is not a fixed cost per unit traded.`
          : `it does not fall with the window here, unlike the decrease Patzelt & Bouchaud (2018) report on markets.`),
    );
  }
  // Square-root law.
  const fitLaw =
    `- **Square-root law on synthetic metaorders.** ${law.metaorders.toLocaleString("en-US")} metaorders ` +
    `(${metaorders.traders} traders, ${metaorders.participationModel}, at least ${metaorders.minChildren} child trades) ` +
    `give delta = ${f(law.delta)}, ${level} interval ${ci(law.deltaInterval)}, and Y = ${f(law.eta)} ` +
    `${ci(law.etaInterval)}. ` +
    (law.deltaInterval
      ? `The interval ${covers(law.deltaInterval, 0.5) ? "includes" : "excludes"} 0.5 and ` +
        `${covers(law.deltaInterval, 1) ? "includes" : "excludes"} 1 (impact linear in size)` +
        `${law.deltaInterval[1] < 1 ? ", so impact is concave in size" : ""}.`
      : `There is ${law.intervalNote ?? "no interval"}, so nothing is concluded about the exponent.`);
  lines.push(fitLaw);
  // Profile and decay.
  const profile = path.filter((p) => p.phase === "execution" && p.time < 1 && p.impact > 0);
  if (profile.length >= 2) {
    const lx = profile.map((p) => Math.log(p.time)), ly = profile.map((p) => Math.log(p.impact));
    const exponentOfPhi = fitLine(lx, ly).slope;
    const half = path.find((p) => p.phase === "execution" && Math.abs(p.time - 0.5) < 1e-9);
    lines.push(
      `- **Profile during execution.** Over phi = ${f(profile[0]!.time, 1)}-${
        f(profile[profile.length - 1]!.time, 1)
      } ` +
        `the mean impact grows like phi^${f(exponentOfPhi, 2)}` +
        (half ? ` and reaches ${pct(half.relativeToPeak)} of its value at completion halfway through` : "") +
        `; an exponent ${exponentOfPhi < 1 ? "below" : "of at least"} 1 means the build-up is ` +
        `${
          exponentOfPhi < 1
            ? "concave (fast at first, then slower), as the square-root law predicts"
            : "not concave"
        }.`,
    );
  }
  const after = path.filter((p) => p.phase === "after");
  if (after.length > 0) {
    const lastAfter = after[after.length - 1]!;
    lines.push(
      `- **Decay after execution.** ${
        f(lastAfter.time - 1, 2)
      } durations after completion the mean impact is ` +
        `${pct(lastAfter.relativeToPeak)} of its peak (${f(lastAfter.impact)} sigma_D, interval ` +
        `${ci(lastAfter.interval)}): ${
          lastAfter.relativeToPeak < 1 ? "part of the impact is transient" : "no decay is visible"
        }.`,
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
  const usable = law.reliable !== false && law.eta > 0 && Number.isFinite(law.eta) &&
    isImpactExponent(law.delta);
  const p = usable ? lawParameters(law, metaorders) : undefined;
  if (!p) {
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
        `sigma = ${f(100 * p.volatility, 2)} %/day, V = ${
          Math.round(p.averageDailyVolume).toLocaleString("en-US")
        } base units/day (\`lawParameters\` gives them to \`SquareRootModel\`).`,
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
