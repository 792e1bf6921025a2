import { calibrateSquareRoot, simulateMetaorders, SquareRootModel } from "@lib/mod.ts";

const law = new SquareRootModel({ eta: 0.8, delta: 0.5, volatility: 0.03, averageDailyVolume: 100_000 });
const orders = simulateMetaorders(10_000, { seed: 1 });
const sizes = orders.map((o) => o.size), impacts = orders.map((o) => o.realizedImpact);
const scale = {
  volatility: orders.map((o) => o.volatility),
  averageDailyVolume: orders.map((o) => o.averageDailyVolume),
};
const many = Float64Array.from({ length: 1_000_000 }, (_, i) => (i % 2 ? 1 : -1) * (1 + (i % 5_000)));

Deno.bench("square-root law: impact of one order", () => {
  law.impact(1_234.5);
});
Deno.bench("square-root law: impacts of 1,000,000 orders", () => {
  law.impacts(many);
});
Deno.bench("simulateMetaorders: 10,000 metaorders", () => {
  simulateMetaorders(10_000, { seed: 2 });
});
Deno.bench("calibrateSquareRoot pointwise: 10,000 orders, 1,000 bootstrap resamples", () => {
  calibrateSquareRoot({ sizes, impacts }, { ...scale, method: "pointwise" });
});
Deno.bench("calibrateSquareRoot binned: 10,000 orders, 20 bins, 1,000 bootstrap resamples", () => {
  calibrateSquareRoot({ sizes, impacts }, { ...scale, method: "binned" });
});
