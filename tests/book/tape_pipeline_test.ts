/**
 * The tape pipeline of lib/tape runs on the simulated tape unchanged: synthetic metaorders (Maitrier, Loeper &
 * Bouchaud 2025) and the square-root fit. What the fit finds is reported in lib/book/README.md (a delta near
 * 1.2 on these parameters, not 0.5: this zero-intelligence book has no latent liquidity); the test checks
 * only that the pipeline runs and returns a finite, bracketed exponent.
 */
import assert from "node:assert/strict";
import { simulateBookDay } from "@lib/book/mod.ts";
import { metaorderSquareRootLaw, syntheticMetaorders } from "@lib/tape/mod.ts";

Deno.test("syntheticMetaorders and metaorderSquareRootLaw run on a simulated tape", () => {
  const market = simulateBookDay({ seed: 1, trades: 150_000, recordQuotes: "none" });
  const metaorders = syntheticMetaorders(market.tape, { blocks: { seconds: 900 } });
  assert.ok(metaorders.first.length > 10_000, `metaorders ${metaorders.first.length}`);
  const law = metaorderSquareRootLaw(metaorders, { bootstrapSamples: 100 });
  assert.ok(Number.isFinite(law.delta) && law.delta > 0, `delta ${law.delta}`);
  assert.ok(law.deltaInterval !== null, "15-minute blocks (about 14) give an interval");
  assert.ok(law.deltaInterval[0] <= law.delta && law.delta <= law.deltaInterval[1]);
  assert.ok(law.blocks >= 5);
});
