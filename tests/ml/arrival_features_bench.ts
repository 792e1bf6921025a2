/**
 * Arrival features of 1,000,000 metaorders against a 10,000,000-trade tape carrying its quotes (seeded
 * random walk; the as-of join of the quotes is benched in tests/data). Figures: tests/BENCHMARKS.md.
 */
import { arrivalFeatures } from "../../lib/ml/mod.ts";
import type { TradeTape } from "../../lib/data/trade_tape.ts";
import { SeededRandom } from "../../lib/core/random.ts";

const N = 10_000_000, M = 1_000_000;
const rng = new SeededRandom(1);
const timestamps = new Float64Array(N), prices = new Float64Array(N), sizes = new Float64Array(N);
const signs = new Int8Array(N), mids = new Float64Array(N), spreads = new Float64Array(N).fill(0.1);
const bidSizes = new Float64Array(N), askSizes = new Float64Array(N);
let mid = 60_000;
for (let i = 0; i < N; i++) {
  timestamps[i] = 1_700_000_000_000 + i * 8.64; // 10 M trades over one day
  mid += (rng.uniform() - 0.5) * 0.2;
  mids[i] = mid;
  signs[i] = rng.uniform() < 0.5 ? 1 : -1;
  prices[i] = mid + signs[i]! * 0.05;
  sizes[i] = 0.001 + rng.uniform();
  bidSizes[i] = 1 + rng.uniform();
  askSizes[i] = 1 + rng.uniform();
}
const tape: TradeTape = {
  timestamps,
  prices,
  sizes,
  signs,
  symbol: "BTCUSDT",
  source: "synthetic",
  quotes: { mids, spreads, bidSizes, askSizes },
};
const first = new Int32Array(M),
  sign = new Int8Array(M),
  volume = new Float64Array(M),
  durationSeconds = new Float64Array(M);
for (let j = 0; j < M; j++) {
  first[j] = Math.floor(rng.uniform() * N);
  sign[j] = rng.uniform() < 0.5 ? 1 : -1;
  volume[j] = 1 + rng.uniform() * 10;
  durationSeconds[j] = rng.uniform() * 600;
}

Deno.bench("arrivalFeatures, 1 M metaorders on 10 M trades with quotes", { n: 3, warmup: 1 }, () => {
  arrivalFeatures(tape, { first, sign, volume, durationSeconds });
});
