/**
 * Speed of the as-of join: 10,000,000 trades against 30,000,000 quote updates (generated here with a fixed
 * seed over one day, not real data: quotes three times as frequent as trades, prices on a 0.1 grid), then
 * the quote-agreement check. Target: join < 3 s, peak memory < 2 GiB (the inputs alone are 1.45 GB).
 * Figures in join_quotes_bench.md beside this file.
 *
 * Run: `deno bench --allow-all --v8-flags=--max-old-space-size=4096 tests/data/join_quotes_bench.ts`.
 *
 * @module
 */
import { joinQuotes, quoteAgreement, type QuoteSeries, type TradeTape } from "@lib/data/mod.ts";
import { SeededRandom } from "@lib/core/random.ts";

const TRADES = 10_000_000, QUOTES = 30_000_000, DAY_MS = 86_400_000;

function generate(): { tape: TradeTape; quotes: QuoteSeries } {
  const rng = new SeededRandom(7);
  const qt = new Float64Array(QUOTES), bid = new Float64Array(QUOTES), ask = new Float64Array(QUOTES);
  const bs = new Float64Array(QUOTES), as = new Float64Array(QUOTES);
  let mid = 100_000;
  for (let j = 0; j < QUOTES; j++) {
    qt[j] = Math.floor((j * DAY_MS) / QUOTES);
    if (rng.uniform() < 0.1) mid += rng.uniform() < 0.5 ? -0.1 : 0.1;
    bid[j] = Math.round((mid - 0.05) * 10) / 10;
    ask[j] = bid[j]! + 0.1;
    bs[j] = 1 + rng.uniform();
    as[j] = 1 + rng.uniform();
  }
  const t = new Float64Array(TRADES), p = new Float64Array(TRADES), q = new Float64Array(TRADES);
  const s = new Int8Array(TRADES);
  for (let i = 0; i < TRADES; i++) {
    t[i] = Math.floor((i * DAY_MS) / TRADES) + 1;
    const j = Math.min(QUOTES - 1, Math.floor((i * QUOTES) / TRADES));
    s[i] = rng.uniform() < 0.5 ? 1 : -1;
    p[i] = s[i] === 1 ? ask[j]! : bid[j]!;
    q[i] = 0.001;
  }
  return {
    tape: { timestamps: t, prices: p, sizes: q, signs: s, symbol: "BTCUSDT", source: "synthetic" },
    quotes: {
      timestamps: qt,
      bidPrices: bid,
      askPrices: ask,
      bidSizes: bs,
      askSizes: as,
      symbol: "BTCUSDT",
      source: "simulated",
    },
  };
}

const { tape, quotes } = generate();

Deno.bench({
  name: "joinQuotes: 10 M trades against 30 M quotes (synthetic)",
  n: 5,
  warmup: 1,
  fn: () => {
    const joined = joinQuotes(tape, quotes);
    if (joined.quotes!.mids.length !== TRADES) throw new Error("bench: wrong length");
  },
});

Deno.bench({
  name: "joinQuotes + quoteAgreement (synthetic)",
  n: 3,
  warmup: 1,
  fn: () => {
    const a = quoteAgreement(joinQuotes(tape, quotes));
    if (!(a.quoted > 0)) throw new Error("bench: no quoted trade");
  },
});

// `deno run --allow-all tests/data/join_quotes_bench.ts`: one join, its wall time and the process's memory.
if (import.meta.main && !("bench" in Deno.args)) {
  const before = Deno.memoryUsage().rss;
  const start = performance.now();
  const joined = joinQuotes(tape, quotes);
  const ms = performance.now() - start;
  const after = Deno.memoryUsage().rss;
  const agreement = quoteAgreement(joined);
  console.log(
    `join ${ms.toFixed(0)} ms; rss before ${(before / 2 ** 30).toFixed(2)} GiB, after ${
      (after / 2 ** 30).toFixed(2)
    } GiB; quoted ${agreement.quoted} of ${agreement.trades}`,
  );
}
