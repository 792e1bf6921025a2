import assert from "node:assert/strict";
import {
  aggregateImpact,
  deltaSensitivity,
  lawParameters,
  metaorderImpactPath,
  metaorderSquareRootLaw,
  responseFunction,
  signCorrelation,
  signExponent,
  SquareRootModel,
  synthesizeTrades,
  syntheticMetaorders,
  tapeConclusions,
  type TapeStudy,
} from "@lib/mod.ts";

const tape = synthesizeTrades({ days: 4, tradesPerDay: 25_000, seed: 6 });
const correlation = signCorrelation(tape, { maxLag: 200 });
const metaorders = syntheticMetaorders(tape, { traders: 30 });
const law = metaorderSquareRootLaw(metaorders, { bootstrapSamples: 50 });
const study: TapeStudy = {
  tape,
  correlation,
  exponent: signExponent(correlation, { bootstrapSamples: 50 }),
  response: responseFunction(tape, { maxLag: 200 }),
  aggregate: aggregateImpact(tape, { windows: [10, 100], bootstrapSamples: 50 }),
  metaorders,
  law,
  path: metaorderImpactPath(metaorders, tape, { bootstrapSamples: 50 }),
  sensitivity: deltaSensitivity(tape, { traderCounts: [10, 30], law: { bootstrapSamples: 50 } }),
  trueGamma: 0.5,
};

Deno.test("conclusions quote the measured numbers", () => {
  const text = tapeConclusions(study);
  assert.ok(text.includes(`gamma = ${study.exponent.gamma.toFixed(3)}`));
  assert.ok(text.includes(`delta = ${law.delta.toFixed(3)}`));
  // Four days are four blocks: the law has no interval (fewer than 10 blocks), and the text says so.
  assert.equal(law.deltaInterval, null);
  assert.ok(text.includes(`There is ${law.intervalNote}, so nothing is concluded about the exponent.`));
  assert.ok(text.includes(`${study.aggregate.windows[0]!.kyleLambda.toFixed(4)} bps per base unit`));
  assert.ok(text.includes("bid-ask bounce"));
  assert.match(text, /SYNTHETIC tape.*test of the estimators, not a finding about markets/s);
});

Deno.test("the wording follows the numbers: covers or not, concave or not, falls or not", () => {
  const covering = {
    ...study,
    exponent: { ...study.exponent, gammaInterval: [0.4, 0.6] as [number, number] },
  };
  assert.match(tapeConclusions(covering), /implies gamma = 0.500, which the interval covers/);
  const missing = {
    ...study,
    exponent: { ...study.exponent, gammaInterval: [0.6, 0.7] as [number, number] },
  };
  assert.match(tapeConclusions(missing), /which the interval does not cover/);
  const linear = { ...study, law: { ...law, deltaInterval: [0.9, 1.1] as [number, number] } };
  assert.match(tapeConclusions(linear), /excludes 0.5 and includes 1 \(impact linear in size\)\./);
  const convex = {
    ...study,
    path: study.path.map((p) => ({ ...p, impact: p.phase === "execution" ? p.time ** 2 : p.impact })),
  };
  assert.match(tapeConclusions(convex), /grows like phi\^2.00.*not concave/);
  const [w0, w1] = study.aggregate.windows;
  const rising = {
    ...study,
    aggregate: { ...study.aggregate, windows: [{ ...w0!, kyleLambda: 1 }, { ...w1!, kyleLambda: 2 }] },
  };
  assert.match(tapeConclusions(rising), /does not fall with the window/);
  const real = { ...study, tape: { ...tape, source: "bybit" as const } };
  assert.doesNotMatch(tapeConclusions(real), /SYNTHETIC/);
});

Deno.test("lawParameters hands the measured law to SquareRootModel", () => {
  const p = lawParameters(law, metaorders);
  const model = new SquareRootModel(p);
  assert.equal(model.delta, law.delta);
  assert.ok(p.volatility > 0 && p.averageDailyVolume > 0);
});
