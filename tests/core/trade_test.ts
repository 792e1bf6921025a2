import assert from "node:assert/strict";
import {
  analyzeTrade,
  impactFeatures,
  impactTargetBps,
  type MetaorderRecord,
  type TradeRecord,
} from "@lib/mod.ts";
import type { ComparisonRecord, MetaorderFeaturesInput, MetaorderTargetInput } from "@lib/core/mod.ts";
import { simulateMetaorders } from "@lib/impact/mod.ts";

// One record, many views: a simulated MetaorderRecord is passed as is wherever a view is asked for
// (type-checked by `deno check`; the assertions check the views read the same numbers).
Deno.test("a MetaorderRecord is a TradeRecord, a features input, a target input and a comparison record", () => {
  const [order] = simulateMetaorders(1, { seed: 4 }) as [MetaorderRecord];
  const trade: TradeRecord = order;
  const features: MetaorderFeaturesInput = order;
  const target: MetaorderTargetInput = order;
  const comparison: ComparisonRecord = order;
  assert.equal(analyzeTrade(trade).participation, order.participation);
  assert.equal(impactFeatures([features]).length, 1);
  assert.equal(impactTargetBps([target])[0], Math.sign(order.size) * order.realizedImpact * 1e4);
  assert.equal(comparison.timestamp, order.timestamp);
});
