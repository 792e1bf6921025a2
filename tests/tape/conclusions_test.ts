import assert from "node:assert/strict";
import {
  aggregateImpact,
  metaorderImpactPath,
  metaorderSquareRootLaw,
  responseFunction,
  signExponent,
  SquareRootModel,
  syntheticMetaorders,
  tapeConclusions,
} from "@lib/mod.ts";
import { synthesizeTrades } from "@lib/data/mod.ts";
import { deltaSensitivity, lawParameters, signCorrelation, type TapeStudy } from "@lib/tape/mod.ts";

// Twelve days: at least 10 blocks, so every estimator has an interval.
const tape = synthesizeTrades({ days: 12, tradesPerDay: 10_000, seed: 6 });
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
  path: metaorderImpactPath(metaorders, tape, { bootstrapSamples: 50, minChildren: 2 }),
  sensitivity: deltaSensitivity(tape, { traderCounts: [10, 30], law: { bootstrapSamples: 50 } }),
  trueGamma: 0.5,
};

Deno.test("conclusions quote the measured numbers", () => {
  const text = tapeConclusions(study);
  assert.ok(text.includes(`gamma = ${study.exponent.gamma.toFixed(3)}`));
  assert.ok(text.includes(`delta = ${law.delta.toFixed(3)}`));
  // Twelve days are twelve blocks: the law has an interval, and the text quotes it.
  assert.ok(text.includes(`[${law.deltaInterval![0].toFixed(3)}, ${law.deltaInterval![1].toFixed(3)}]`));
  // Without an interval the text says so.
  const fewBlocks = tapeConclusions({
    ...study,
    law: { ...law, intervalNote: "no interval (4 blocks)", deltaInterval: null, meanImpactInterval: null },
  });
  assert.match(fewBlocks, /no interval \(4 blocks\).*nothing is concluded about the shape/s);
  assert.ok(
    text.includes(`${Number(study.aggregate.windows[0]!.kyleLambda.toPrecision(3))} bps per base unit`),
  );
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
  // "Concave" is gated: a significant mean impact, delta's interval below 1, and clean placebos.
  const significantLaw = { ...law, intervalNote: null, meanImpactInterval: [0.1, 0.2] as [number, number] };
  const cleanPlacebos = {
    clean: true,
    shuffledWithinBlocks: { law: null, verdict: "no significant impact" },
    shuffled: { law: null, verdict: "no significant impact" },
    permanent: { law: null, lawVerdict: "compatible with delta = 1", decay: null, decayVerdict: "no decay" },
  };
  const linear = {
    ...study,
    law: { ...significantLaw, deltaInterval: [0.9, 1.1] as [number, number] },
    placebos: cleanPlacebos,
  };
  assert.match(tapeConclusions(linear), /does not exclude 1: no evidence here that impact is concave/);
  const concave = { ...study, law: { ...significantLaw, deltaInterval: [0.3, 0.6] as [number, number] } };
  assert.match(tapeConclusions(concave), /No placebo was run, so concavity is not asserted/);
  assert.match(tapeConclusions({ ...concave, placebos: cleanPlacebos }), /impact is concave in size/);
  // A delta interval that reaches 0, or a fit flagged unreliable, pins no shape down (Binance USD-M
  // 2024-08-08 gave [-0.017, 0.171] with clean placebos).
  const loose = { ...concave, law: { ...concave.law, deltaInterval: [-0.02, 0.17] as [number, number] } };
  assert.match(
    tapeConclusions({ ...loose, placebos: cleanPlacebos }),
    /does not pin delta down \(its interval reaches 0\)/,
  );
  assert.doesNotMatch(
    tapeConclusions({ ...loose, placebos: cleanPlacebos }),
    /impact is concave in size|build-up is concave/,
  );
  const flagged = { ...concave, law: { ...concave.law, reliable: false, warnings: ["bad fit"] } };
  assert.match(
    tapeConclusions({ ...flagged, placebos: cleanPlacebos }),
    /flagged unreliable: bad fit\), so no shape/,
  );
  const dirty = { ...cleanPlacebos, clean: false, shuffled: { law: null, verdict: "significant impact" } };
  assert.match(tapeConclusions({ ...concave, placebos: dirty }), /placebos are not clean/);
  const nullLaw = {
    ...concave,
    law: { ...concave.law, meanImpactInterval: [-0.1, 0.1] as [number, number] },
  };
  assert.match(tapeConclusions({ ...nullLaw, placebos: cleanPlacebos }), /no significant impact/);
  const fewBlocks = {
    ...study,
    law: { ...law, intervalNote: "no interval (1 block)", deltaInterval: null, meanImpactInterval: null },
  };
  assert.match(tapeConclusions(fewBlocks), /no interval \(1 block\).*nothing is concluded/s);
  const convex = {
    ...study,
    path: study.path.map((p) => ({ ...p, impact: p.phase === "execution" ? p.time ** 2 : p.impact })),
  };
  assert.match(tapeConclusions(convex), /grows like phi\^2.00.*no concavity is asserted/);
  const [w0, w1] = study.aggregate.windows;
  const rising = {
    ...study,
    aggregate: { ...study.aggregate, windows: [{ ...w0!, kyleLambda: 1 }, { ...w1!, kyleLambda: 2 }] },
  };
  assert.match(tapeConclusions(rising), /no significant fall with the window/);
  const falling = {
    ...study,
    aggregate: {
      ...study.aggregate,
      windows: [
        { ...w0!, kyleLambda: 2, kyleLambdaInterval: [1.8, 2.2] as [number, number] },
        { ...w1!, kyleLambda: 1, kyleLambdaInterval: [0.8, 1.2] as [number, number] },
      ],
    },
  };
  assert.match(tapeConclusions(falling), /price moves less per unit of net volume/);
  // Decay: without impactDecay no transience is asserted.
  assert.match(tapeConclusions(study), /no transience is asserted/);
  const real = { ...study, tape: { ...tape, source: "bybit" as const } };
  assert.doesNotMatch(tapeConclusions(real), /SYNTHETIC/);
});

Deno.test("lawParameters hands the measured law to SquareRootModel", () => {
  const p = lawParameters(law, metaorders);
  const model = new SquareRootModel(p);
  assert.equal(model.delta, law.delta);
  assert.ok(p.dailyVolatility > 0 && p.averageDailyVolume > 0);
});

Deno.test("a profile that peaks before completion is not called a concave build-up", () => {
  // Hand-made profiles on the synthetic study: one rising to completion, one above its completion value halfway
  // (the simulated book's default day showed 437 % of the completion value at phi = 0.5).
  const significantLaw = {
    ...law,
    intervalNote: null,
    meanImpactInterval: [0.1, 0.2] as [number, number],
    deltaInterval: [0.3, 0.6] as [number, number],
  };
  const cleanPlacebos = {
    clean: true,
    shuffledWithinBlocks: { law: null, verdict: "no significant impact" },
    shuffled: { law: null, verdict: "no significant impact" },
    permanent: { law: null, lawVerdict: "compatible with delta = 1", decay: null, decayVerdict: "no decay" },
  };
  const point = (time: number, relativeToPeak: number) => ({
    ...study.path.find((p) => p.phase === "execution")!,
    phase: "execution" as const,
    time,
    impact: 0.01 * relativeToPeak,
    relativeToPeak,
  });
  const base = { ...study, law: significantLaw, placebos: cleanPlacebos };
  const rising = [0.25, 0.5, 0.75].map((t) => point(t, Math.sqrt(t)));
  assert.match(tapeConclusions({ ...base, path: rising }), /the build-up is concave/);
  const overshoot = [point(0.25, 3), point(0.5, 4.37), point(0.75, 2)];
  const text = tapeConclusions({ ...base, path: overshoot });
  assert.doesNotMatch(text, /the build-up is concave/);
  assert.match(text, /does not build up steadily to its value at completion/);
});

Deno.test("an unreliable fit inside the model's domain is not called outside it", () => {
  // Binance USD-M 2024-08-08 on mids gave Y = 0.008, delta = 0.086 (interval [-0.041, 0.244]), flagged
  // unreliable: both are inside the domain (Y > 0, delta in (0, 2]); the law is withheld for the flag.
  const flagged = {
    ...study,
    law: { ...law, eta: 0.008, delta: 0.086, reliable: false, warnings: ["loose delta"] },
  };
  const text = tapeConclusions(flagged);
  assert.doesNotMatch(text, /outside the square-root model's domain/);
  assert.match(text, /For notebooks 02-05.*flagged unreliable \(loose delta\).*not handed on/);
  // A reliable fit outside the domain is still called so.
  const outside = { ...study, law: { ...law, eta: 0.5, delta: -0.1, reliable: true } };
  assert.match(tapeConclusions(outside), /delta = -0.100\) is outside the square-root model's domain/);
});
