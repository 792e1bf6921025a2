/**
 * Arrival features of 1,000,000 metaorders against a 10,000,000-trade tape, with the as-of join of
 * 30,000,000 best bid/ask updates that gives the tape its quotes (generated here with a fixed seed over one
 * day, not real data: a random-walk mid, quotes three times as frequent as trades, each trade at the quote
 * before it plus its side's half spread; metaorders at random tape indices, so the features sort them).
 * Target: join + features < 5 s. Figures in arrival_features_bench_notes.md beside this file.
 *
 * Run: `deno bench --allow-all --v8-flags=--max-old-space-size=4096 tests/ml/arrival_features_bench.ts`.
 *
 * @module
 */
import { arrivalFeatures } from "@lib/ml/mod.ts";
import { joinQuotes, type QuoteSeries, type TradeTape } from "@lib/data/mod.ts";
import { SeededRandom } from "@lib/core/random.ts";

const TRADES = 10_000_000, QUOTES = 30_000_000, METAORDERS = 1_000_000, DAY_MS = 86_400_000;
const T0 = 1_700_000_000_000;
const rng = new SeededRandom(1);
const qt = new Float64Array(QUOTES), bid = new Float64Array(QUOTES), ask = new Float64Array(QUOTES);
const bs = new Float64Array(QUOTES), as = new Float64Array(QUOTES);
let mid = 60_000;
for (let j = 0; j < QUOTES; j++) {
  qt[j] = T0 + Math.floor((j * DAY_MS) / QUOTES);
  mid += (rng.uniform() - 0.5) * 0.1;
  bid[j] = mid - 0.05;
  ask[j] = mid + 0.05;
  bs[j] = 1 + rng.uniform();
  as[j] = 1 + rng.uniform();
}
const timestamps = new Float64Array(TRADES),
  prices = new Float64Array(TRADES),
  sizes = new Float64Array(TRADES);
const signs = new Int8Array(TRADES);
for (let i = 0; i < TRADES; i++) {
  timestamps[i] = T0 + Math.floor((i * DAY_MS) / TRADES) + 1;
  const j = Math.min(QUOTES - 1, Math.floor((i * QUOTES) / TRADES));
  signs[i] = rng.uniform() < 0.5 ? 1 : -1;
  prices[i] = signs[i] === 1 ? ask[j]! : bid[j]!;
  sizes[i] = 0.001 + rng.uniform();
}
const raw: TradeTape = { timestamps, prices, sizes, signs, symbol: "BTCUSDT", source: "simulated" };
const quotes: QuoteSeries = {
  timestamps: qt,
  bidPrices: bid,
  askPrices: ask,
  bidSizes: bs,
  askSizes: as,
  symbol: "BTCUSDT",
  source: "simulated",
};
const first = new Int32Array(METAORDERS), sign = new Int8Array(METAORDERS);
const volume = new Float64Array(METAORDERS), durationSeconds = new Float64Array(METAORDERS);
for (let j = 0; j < METAORDERS; j++) {
  first[j] = Math.floor(rng.uniform() * TRADES);
  sign[j] = rng.uniform() < 0.5 ? 1 : -1;
  volume[j] = 1 + rng.uniform() * 10;
  durationSeconds[j] = rng.uniform() * 600;
}
const metaorders = { first, sign, volume, durationSeconds };
const tape = joinQuotes(raw, quotes);

Deno.bench("join 30 M quotes + arrivalFeatures, 1 M metaorders on 10 M trades", { n: 5, warmup: 1 }, () => {
  arrivalFeatures(joinQuotes(raw, quotes), metaorders);
});

Deno.bench("arrivalFeatures alone, 1 M metaorders on 10 M trades with quotes", { n: 5, warmup: 1 }, () => {
  arrivalFeatures(tape, metaorders);
});
