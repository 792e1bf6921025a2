/**
 * Transaction cost analysis speed: `analyzeTrades` over 1,000,000 simulated metaorders (polars,
 * vectorized), with and without bad rows, the same per trade in a JavaScript loop for reference,
 * `summarizeTca` on the million results and markouts (4 horizons) against a year of 1-minute candles.
 *
 * Run: `deno bench --allow-all tests/tca/tca_bench.ts` (or `deno task bench`). `tests/tca/tca_bench.py`
 * runs the summary in pandas on the same sizes; both figures are in the README.
 *
 * @module
 */
import pl from "nodejs-polars";
import { analyzeTrade, analyzeTrades, summarizeTca, tradesToTcaFrame } from "@lib/mod.ts";
import { SeededRandom } from "@lib/core/mod.ts";
import { simulateMetaorders } from "@lib/impact/mod.ts";
import { markoutsFromCandles } from "@lib/tca/mod.ts";

const N = 1_000_000;
const law = { eta: 0.8, delta: 0.5 };
const records = simulateMetaorders(N, { seed: 7 });
const frame = tradesToTcaFrame(records);

// One row in a thousand made bad in a different field each time (zero price, NaN volume, negative spread).
const withBad = (() => {
  const arrival = Float64Array.from(frame.getColumn("arrivalPrice").toArray() as number[]);
  const volume = Float64Array.from(frame.getColumn("averageDailyVolume").toArray() as number[]);
  const spread = Float64Array.from(frame.getColumn("spread").toArray() as number[]);
  for (let i = 0; i < N; i += 1000) {
    if (i % 3000 === 0) arrival[i] = 0;
    else if (i % 3000 === 1000) volume[i] = NaN;
    else spread[i] = -1;
  }
  return frame.withColumns(
    pl.Series("arrivalPrice", arrival),
    pl.Series("averageDailyVolume", volume),
    pl.Series("spread", spread),
  );
})();

const results = analyzeTrades(frame, { impactLaw: law }).results;

// For markouts: the same trades re-timed every 30 s (about a year), and 1-minute candles from a seeded
// random walk covering them plus two days (the longest order and the 60-minute horizon).
const minute = 60_000;
const first = Date.UTC(2025, 0, 1);
const retimed = frame.withColumns(
  pl.Series("timestamp", Float64Array.from({ length: N }, (_, i) => first + i * 30_000)),
);
const count = Math.ceil((N * 30_000 + 2 * 1440 * minute) / minute) + 60;
const rng = new SeededRandom(3);
const startTime = new Float64Array(count), close = new Float64Array(count);
let price = 60_000;
for (let k = 0; k < count; k++) {
  startTime[k] = first - 60 * minute + k * minute;
  close[k] = price *= Math.exp(0.0005 * rng.normal());
}
const candles = { startTime, close };

Deno.bench({
  name: "analyzeTrades: 1,000,000 trades, square-root law (polars)",
  group: "tca 1M",
  baseline: true,
  fn: () => {
    analyzeTrades(frame, { impactLaw: law });
  },
});

Deno.bench({
  name: "analyzeTrades: 1,000,000 trades, 1,000 bad rows reported",
  group: "tca 1M",
  fn: () => {
    analyzeTrades(withBad, { impactLaw: law });
  },
});

Deno.bench({
  name: "analyzeTrade in a JavaScript loop over 1,000,000 records (reference)",
  group: "tca 1M",
  fn: () => {
    let sum = 0;
    for (let i = 0; i < N; i++) sum += analyzeTrade(records[i]!, { impactLaw: law }).implementationShortfall;
    if (!Number.isFinite(sum)) throw new Error("unreachable");
  },
});

Deno.bench({
  name: "summarizeTca: 1,000,000 results (overall, participation, side, hour)",
  group: "tca 1M",
  fn: () => {
    summarizeTca(results);
  },
});

Deno.bench({
  name: `markoutsFromCandles: 1,000,000 trades, 4 horizons, ${count.toLocaleString("en-US")} candles`,
  group: "tca 1M",
  fn: () => {
    markoutsFromCandles(retimed, candles);
  },
});
