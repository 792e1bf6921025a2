/**
 * A simulated market from the order book, in the shapes of real data: a trade tape (source `"simulated"`,
 * with the quote in force before each trade), a level-1 quote series, the label and the parameters. The
 * offline default of the notebooks that need a tape and quotes; nothing in it is market data, and it is
 * never written to the market-data cache.
 *
 * @module
 */
import {
  assertInteger,
  assertNonNegative,
  assertObject,
  assertPositive,
  assertTimestamp,
} from "../core/validate.ts";
import type { QuoteSeries, TradeQuotes } from "../data/quote_series.ts";
import type { TradeTape } from "../data/trade_tape.ts";
import {
  type BookParameters,
  type SantaFePrediction,
  santaFePrediction,
  SIMULATED_BOOK_LABEL,
} from "./parameters.ts";
import { BookSimulator } from "./simulator.ts";
import { DEFAULT_SEED } from "../core/random.ts";

/** Options of {@linkcode simulateBookDay} and {@linkcode simulateBookStream}. */
export interface SimulateBookOptions {
  /** Seed of the order flow. Default `DEFAULT_SEED` (1, lib/core/random.ts). */
  seed?: number;
  /** Stop after this many trades (tape rows). Default: run for `durationSeconds`. */
  trades?: number;
  /** Simulated seconds to record when `trades` is not given. Default 86,400 (one day). */
  durationSeconds?: number;
  /** Overrides of the default (BTCUSDT-shaped) parameters. */
  parameters?: Partial<BookParameters>;
  /** UTC time of the first recorded second, ms since the epoch. Default 2025-06-01 00:00 UTC. */
  startMs?: number;
  /**
   * Simulated seconds run and thrown away before recording (the book reaches its steady state), <= 1 day.
   * Default `min(20 / cancelRate, 86,400)`.
   */
  warmupSeconds?: number;
  /** Quotes to record: `"changes"`, a sampling interval in ms, or `"none"` (see `BookSimulatorOptions`). Default `"changes"`. */
  recordQuotes?: "changes" | "none" | number;
  /** Trades per chunk of {@linkcode simulateBookStream}. Default 100,000. */
  chunkTrades?: number;
}

/** One chunk of a simulated market. */
export interface SimulatedChunk {
  /** The chunk's trades (source `"simulated"`), with the quote before each. */
  tape: TradeTape & { quotes: TradeQuotes };
  /** The chunk's quote updates (source `"simulated"`). */
  quotes: QuoteSeries;
}

/** A simulated market: tape, quotes, what it is and how it was made. */
export interface SimulatedMarket extends SimulatedChunk {
  /** `"simulated order book"`: say it wherever a result from this market is shown. */
  label: string;
  /** The parameters, defaults filled in. */
  parameters: BookParameters;
  /** The Santa Fe model's predictions for these parameters. */
  prediction: SantaFePrediction;
  /** Book events simulated (warm-up included). */
  events: number;
  /** Simulated seconds recorded. */
  seconds: number;
}

/** The default warm-up: 20 lifetimes of a resting order (`20 / delta`), at most a day. */
function defaultWarmup(cancelRate: number): number {
  return Math.min(86_400, 20 / cancelRate);
}

interface Resolved {
  seed: number;
  trades: number;
  durationSeconds: number;
  startMs: number;
  warmupSeconds: number;
  recordQuotes: "changes" | "none" | number;
  chunkTrades: number;
  parameters: Partial<BookParameters>;
}

function resolve(action: string, options: SimulateBookOptions): Resolved {
  assertObject(action, "options", options);
  const {
    seed = DEFAULT_SEED,
    trades = Infinity,
    startMs = Date.UTC(2025, 5, 1),
    recordQuotes = "changes",
    chunkTrades = 100_000,
    parameters = {},
  } = options;
  if (options.durationSeconds === null || options.warmupSeconds === null) {
    throw new TypeError(
      `Cannot ${action}: durationSeconds and warmupSeconds must be numbers or absent: current values are ` +
        `${options.durationSeconds} and ${options.warmupSeconds}`,
    );
  }
  const durationSeconds = options.durationSeconds ?? (options.trades === undefined ? 86_400 : Infinity);
  assertInteger(action, "seed", seed, -(2 ** 52));
  if (trades !== Infinity) assertInteger(action, "trades", trades, 1);
  if (options.durationSeconds !== undefined) {
    assertPositive(action, "durationSeconds", options.durationSeconds);
  }
  if (trades !== Infinity && trades > 5e7) {
    throw new RangeError(
      `Cannot ${action}: trades must be <= 5e7 (memory; use simulateBookStream): current value is ${trades}`,
    );
  }
  if (durationSeconds !== Infinity && durationSeconds > 100 * 86_400) {
    throw new RangeError(
      `Cannot ${action}: durationSeconds must be <= 100 days: current value is ${durationSeconds}`,
    );
  }
  assertTimestamp(action, "startMs", startMs);
  assertInteger(action, "chunkTrades", chunkTrades, 1);
  assertObject(action, "parameters", parameters);
  const probe = new BookSimulator(parameters, { recordTape: false, recordQuotes: "none" }).parameters;
  const warmupSeconds = options.warmupSeconds ?? defaultWarmup(probe.cancelRate);
  assertNonNegative(action, "warmupSeconds", warmupSeconds);
  if (warmupSeconds > 86_400) {
    throw new RangeError(
      `Cannot ${action}: warmupSeconds must be <= 86,400 (a day): current value is ${warmupSeconds}`,
    );
  }
  return { seed, trades, durationSeconds, startMs, warmupSeconds, recordQuotes, chunkTrades, parameters };
}

function concat<T extends Float64Array | Int8Array>(parts: T[], make: (n: number) => T): T {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = make(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Keeps the first `n` trades of a chunk and the quotes up to the last kept trade's time. */
function truncate(chunk: SimulatedChunk, n: number): SimulatedChunk {
  const { tape, quotes } = chunk;
  const last = n > 0 ? tape.timestamps[n - 1]! : -Infinity;
  let m = 0;
  while (m < quotes.timestamps.length && quotes.timestamps[m]! <= last) m++;
  return {
    tape: {
      ...tape,
      timestamps: tape.timestamps.slice(0, n),
      prices: tape.prices.slice(0, n),
      sizes: tape.sizes.slice(0, n),
      signs: tape.signs.slice(0, n),
      quotes: {
        mids: tape.quotes.mids.slice(0, n),
        spreads: tape.quotes.spreads.slice(0, n),
        bidSizes: tape.quotes.bidSizes.slice(0, n),
        askSizes: tape.quotes.askSizes.slice(0, n),
      },
    },
    quotes: {
      ...quotes,
      timestamps: quotes.timestamps.slice(0, m),
      bidPrices: quotes.bidPrices.slice(0, m),
      askPrices: quotes.askPrices.slice(0, m),
      bidSizes: quotes.bidSizes.slice(0, m),
      askSizes: quotes.askSizes.slice(0, m),
    },
  };
}

function* run(action: string, options: SimulateBookOptions): Generator<SimulatedChunk, BookSimulator> {
  const o = resolve(action, options);
  const sim = new BookSimulator(o.parameters, {
    seed: o.seed,
    startMs: o.startMs - o.warmupSeconds * 1000,
    recordQuotes: o.recordQuotes,
  });
  sim.advance(o.warmupSeconds);
  sim.drain();
  const end = o.warmupSeconds + o.durationSeconds;
  // Advance in steps of the trades still wanted (a chunk's, or the trades left) at the rate of tape rows
  // seen so far (a market order that takes k levels prints k rows; `2 mu` before 1,000 rows), at least a second;
  // stop at the duration or the trade count.
  const mu = sim.parameters.marketRate;
  let emitted = 0;
  while (sim.time < end && emitted < o.trades) {
    const wanted = Math.min(o.chunkTrades, o.trades - emitted) - sim.pendingTrades;
    const recorded = emitted + sim.pendingTrades, elapsed = sim.time - o.warmupSeconds;
    const rate = recorded >= 1000 && elapsed > 0 ? recorded / elapsed : 2 * mu;
    const step = Math.max(1, Math.min(wanted, 1e6) / rate);
    sim.advance(Math.min(end, sim.time + step));
    if (sim.pendingTrades >= o.chunkTrades || sim.time >= end || emitted + sim.pendingTrades >= o.trades) {
      let chunk: SimulatedChunk = sim.drain();
      const n = chunk.tape.timestamps.length;
      if (emitted + n > o.trades) chunk = truncate(chunk, o.trades - emitted);
      emitted += chunk.tape.timestamps.length;
      yield chunk;
    }
  }
  return sim;
}

/**
 * Streams a simulated market in chunks of about `chunkTrades` trades (the last chunks may be smaller or
 * larger by one step's trades), so that memory stays flat however long the run: each chunk is a
 * {@linkcode TradeTape} (source `"simulated"`, with `quotes`) and a {@linkcode QuoteSeries}.
 *
 * @param options seed, length, parameters (see {@linkcode SimulateBookOptions}).
 * @returns a generator of chunks, in time order.
 * @throws {TypeError} / {RangeError} for a bad option (at the first `next()`).
 *
 * @example
 * ```ts
 * import { simulateBookStream } from "@lib/book/simulate_day.ts";
 * import assert from "node:assert/strict";
 * let trades = 0;
 * for (const chunk of simulateBookStream({ trades: 30_000, chunkTrades: 10_000 })) {
 *   assert.ok(chunk.tape.timestamps.length <= 12_000);
 *   trades += chunk.tape.timestamps.length;
 * }
 * assert.equal(trades, 30_000);
 * ```
 */
export function* simulateBookStream(options: SimulateBookOptions = {}): Generator<SimulatedChunk, void> {
  yield* run("simulate book stream", options);
}

/**
 * A simulated market (the "simulated order book"): a seeded Santa Fe order book with long-memory order
 * signs, log-normal market order sizes and a limit flow that leans against the sign forecast
 * ({@linkcode BookSimulator}) run for a number of trades or seconds after a warm-up, returned as a
 * {@linkcode TradeTape} (source `"simulated"`, one row per price level a market order takes, with the
 * quote in force strictly before each trade in `tape.quotes`), a {@linkcode QuoteSeries} (source
 * `"simulated"`), the label, the parameters and the Santa Fe predictions for them.
 *
 * Cost: about 10 book events per market order and 1.2 tape rows per market order with the defaults, 5-12 M
 * events per second: a 1 M-trade (row) day is about 8.6 M events and takes 1-2.5 s (lib/book/BENCH.md). The whole output is held in memory (about 120 bytes per trade with
 * quotes on changes); {@linkcode simulateBookStream} keeps one chunk at a time.
 *
 * @param options seed, length, parameters (see {@linkcode SimulateBookOptions}).
 * @returns the simulated market.
 * @throws {TypeError} / {RangeError} for a bad option.
 *
 * @example
 * ```ts
 * import { simulateBookDay } from "@lib/book/simulate_day.ts";
 * import { assertTradeTape } from "@lib/data/trade_tape.ts";
 * import { assertQuoteSeries } from "@lib/data/quote_series.ts";
 * import assert from "node:assert/strict";
 * const market = simulateBookDay({ seed: 7, trades: 20_000 });
 * assert.equal(market.label, "simulated order book");
 * assert.equal(market.tape.timestamps.length, 20_000);
 * assert.equal(market.tape.source, "simulated");
 * assertTradeTape("check", market.tape);
 * assertQuoteSeries("check", market.quotes);
 * ```
 */
export function simulateBookDay(options: SimulateBookOptions = {}): SimulatedMarket {
  assertObject("simulate book day", "options", options);
  const chunks: SimulatedChunk[] = [];
  const it = run("simulate book day", { ...options, chunkTrades: options.chunkTrades ?? 1_000_000 });
  let next = it.next();
  while (!next.done) {
    chunks.push(next.value);
    next = it.next();
  }
  const sim = next.value;
  const t = chunks.map((c) => c.tape), q = chunks.map((c) => c.quotes), tq = t.map((x) => x.quotes);
  const f64 = (n: number) => new Float64Array(n);
  const symbol = sim.parameters.symbol;
  const tape = {
    timestamps: concat(t.map((x) => x.timestamps), f64),
    prices: concat(t.map((x) => x.prices), f64),
    sizes: concat(t.map((x) => x.sizes), f64),
    signs: concat(t.map((x) => x.signs), (n) => new Int8Array(n)),
    symbol,
    source: "simulated" as const,
    quotes: {
      mids: concat(tq.map((x) => x.mids), f64),
      spreads: concat(tq.map((x) => x.spreads), f64),
      bidSizes: concat(tq.map((x) => x.bidSizes), f64),
      askSizes: concat(tq.map((x) => x.askSizes), f64),
    },
  };
  const quotes: QuoteSeries = {
    timestamps: concat(q.map((x) => x.timestamps), f64),
    bidPrices: concat(q.map((x) => x.bidPrices), f64),
    askPrices: concat(q.map((x) => x.askPrices), f64),
    bidSizes: concat(q.map((x) => x.bidSizes), f64),
    askSizes: concat(q.map((x) => x.askSizes), f64),
    symbol,
    source: "simulated",
  };
  const warmup = options.warmupSeconds ?? defaultWarmup(sim.parameters.cancelRate);
  return {
    tape,
    quotes,
    label: SIMULATED_BOOK_LABEL,
    parameters: sim.parameters,
    prediction: santaFePrediction(sim.parameters),
    events: sim.events,
    seconds: sim.time - warmup,
  };
}
