import { simulateBookDay } from "../lib/book/mod.ts";
import { syntheticMetaorders, metaorderSquareRootLaw } from "../lib/tape/mod.ts";
for (const [trades, blocks] of [[300_000, { seconds: 1800 }], [1_000_000, { seconds: 3600 }]] as const) {
  const t0 = performance.now();
  const m = simulateBookDay({ seed: 1, trades, recordQuotes: "none" });
  const t1 = performance.now();
  const meta = syntheticMetaorders(m.tape, { blocks });
  const law = metaorderSquareRootLaw(meta);
  console.log(trades, (t1 - t0).toFixed(0), "ms sim", (performance.now() - t1).toFixed(0), "ms fit", law.delta, law.deltaInterval, law.eta, law.rSquared, law.metaorders, law.blocks);
}
