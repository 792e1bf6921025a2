/**
 * The chapter's tape pipeline (lib/tape: synthetic metaorders after Maitrier, Loeper & Bouchaud 2025, the
 * square-root fit, the placebos, the decay net of the run end) on the simulated tape, run as notebook 06 runs
 * it: prints merged per aggressive order, 24 blocks for every interval, 100 traders, end price at the last
 * child. The known answer of the default book (the liquidity reaction on, sizes dispersed): concave impact,
 * i.e. the 95 % interval of delta below 1, Y's interval above 0, and the placebos clean. The same book with
 * the reaction and the dispersion off gives delta about 1.85 (superlinear; lib/book/README.md), so the test can
 * fail.
 */
import assert from "node:assert/strict";
import { simulateBookDay } from "@lib/book/mod.ts";
import { chooseBlocks } from "@lib/core/mod.ts";
import {
  mergeSameTimeFills,
  metaorderSquareRootLaw,
  syntheticMetaorders,
  tapePlacebos,
} from "@lib/tape/mod.ts";

const definition = {
  traders: 100,
  minChildren: 2,
  endPrice: "last-child",
  volumeSource: "extrapolated",
  volatilityEstimator: "realised",
  seed: 7,
} as const;
const bootstrap = { bootstrapSamples: 200, confidence: 0.95, seed: 42 };

function pipeline(parameters = {}) {
  // 200,000 prints (about 4 simulated hours; notebook 06 uses 300,000). Measured at seed 1: delta 0.527
  // [0.383, 0.642]; seeds 1-6 at 300,000 prints gave delta 0.49-0.64 with intervals inside [0.33, 0.73]
  // (lib/book/README.md).
  const market = simulateBookDay({ seed: 1, trades: 200_000, recordQuotes: "none", parameters });
  const tape = mergeSameTimeFills(market.tape);
  const blocks = chooseBlocks(tape.timestamps, { minBlocks: 24 });
  const metaorders = syntheticMetaorders(tape, { ...definition, blocks });
  return { tape, blocks, metaorders, law: metaorderSquareRootLaw(metaorders, bootstrap) };
}

Deno.test("the default simulated day shows concave impact through the chapter's tape pipeline, placebos clean", () => {
  const { tape, blocks, law } = pipeline();
  assert.ok(law.blocks >= 20, `blocks ${law.blocks}`);
  assert.ok(law.deltaInterval !== null, law.intervalNote ?? "no interval");
  assert.ok(law.deltaInterval[1] < 1, `delta ${law.delta} [${law.deltaInterval}] must lie below 1`);
  assert.ok(law.deltaInterval[0] > 0, `delta interval [${law.deltaInterval}]`);
  assert.ok(law.etaInterval !== null && law.etaInterval[0] > 0, `Y interval ${law.etaInterval}`);
  const placebos = tapePlacebos(tape, {
    metaorders: { ...definition, blocks },
    law: bootstrap,
    shuffleSeed: 7,
    permanent: { days: 12, tradesPerDay: 10_000, seed: 11 },
  });
  assert.equal(placebos.shuffled.verdict, "no significant impact");
  assert.equal(placebos.permanent.lawVerdict, "compatible with delta = 1");
  assert.ok(placebos.clean);
});

Deno.test("without the reaction and the size dispersion the same pipeline finds superlinear impact", () => {
  // The plain Santa Fe book with long-memory signs trends with every hidden metaorder (superdiffusive mid):
  // measured 1.83 [1.70, 1.95] here, 1.85 [1.75, 1.97] at 300,000 prints (lib/book/README.md).
  const { law } = pipeline({ reactionStrength: 0, marketSizeDispersion: 0 });
  assert.ok(
    law.deltaInterval !== null && law.deltaInterval[0] > 1,
    `delta ${law.delta} [${law.deltaInterval}]`,
  );
});
