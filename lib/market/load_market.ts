/**
 * The chapter's one market: the cached real trade tape, joined with cached best bid/ask quotes when they
 * exist, or, only when the real data cannot be had offline, a seeded simulated order book in the same
 * shapes. Every answer says exactly what it holds.
 *
 * @module
 */
import { describeValue } from "../core/validate.ts";
import { loadTrades, type LoadTradesOptions, TradeLoadError, type TradeSpec } from "../data/load_trades.ts";
import { loadQuotes, QuoteLoadError } from "../data/load_quotes.ts";
import { unavailableReason } from "../data/unavailable.ts";
import { joinQuotes, quoteAgreement } from "../data/join_quotes.ts";
import type { QuoteSeries } from "../data/quote_series.ts";
import { type TradeTape, tradeTapeFromFrame } from "../data/trade_tape.ts";
import { simulateBookDay, type SimulateBookOptions } from "../book/simulate_day.ts";
import { SIMULATED_BOOK_LABEL } from "../book/parameters.ts";
import { DEFAULT_SEED } from "../core/random.ts";

/** Options of {@linkcode loadMarket}. */
export interface LoadMarketOptions {
  /** Root of the market-data cache. Default `BYBIT_CACHE_DIR`, else the project's `data/` folder. */
  cacheDir?: string;
  /** Never use the network. Default `true`: the cache only (pass `false` to download missing days). */
  offline?: boolean;
  /** Join the cached quotes of the same days when they exist. Default `true`. */
  quotes?: boolean;
  /**
   * The simulated order book used when the real data is unavailable. Default
   * `{ seed: DEFAULT_SEED, trades: 300_000 }` (`DEFAULT_SEED` is 1; about 6 simulated hours of the default
   * BTCUSDT-shaped book, under a second to a few seconds to simulate).
   */
  simulated?: SimulateBookOptions;
  /** Passed to `loadTrades` and `loadQuotes` (timeouts, retries, archive URLs) when online. */
  archive?: Omit<LoadTradesOptions, "cacheDir" | "offline" | "onDay" | "onDayProgress">;
}

/** The answer of {@linkcode loadMarket}. */
export interface LoadedMarket {
  /** The trades, with `quotes` (the mid in force before each trade) when quotes were joined. */
  tape: TradeTape;
  /** The quote series joined to the tape, when there is one. */
  quotes?: QuoteSeries;
  /** True for the simulated order book: its results test the method and say nothing about markets. */
  simulated: boolean;
  /** Short name for tables and figures: `"BTCUSDT linear (Bybit)"` or `"simulated order book"`. */
  label: string;
  /** One sentence saying exactly what the data is (venue, symbol, dates, counts, quotes or not, seed). */
  description: string;
  /** `"bybit"` (the cache, or Bybit's archive when online) or `"simulated"`. */
  source: "bybit" | "simulated";
  /** Why the real data was not used, for a simulated market. */
  fallbackReason?: string;
}

const DEFAULT_SIMULATION: SimulateBookOptions = { seed: DEFAULT_SEED, trades: 300_000 };
const count = (n: number) => n.toLocaleString("en-US");
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * Whether a load error means only "this data is not available here": for trades the loaders' one fallback
 * policy (`unavailableReason`: every unavailable day offline-and-not-cached or Bybit unreachable); for quotes
 * the same rule read off the day reports. Anything else (a corrupt cache file, a bad spec, a day the archive
 * does not publish, a file that does not parse) is not, and must reach the caller.
 */
function unavailableOnly(error: unknown): error is TradeLoadError | QuoteLoadError {
  if (error instanceof TradeLoadError) return unavailableReason(error) !== undefined;
  if (!(error instanceof QuoteLoadError)) return false;
  const bad = error.report.days.filter((d) => d.status === "missing" || d.status === "failed");
  return bad.length > 0 &&
    bad.every((d) =>
      (d.status === "missing" && /^not cached and offline/.test(d.reason ?? "")) ||
      (d.status === "failed" && /unavailable after \d+ attempts?/.test(d.reason ?? ""))
    );
}

function firstReason(error: TradeLoadError | QuoteLoadError): string {
  const bad = error.report.days.filter((d) => d.status === "missing" || d.status === "failed");
  return `${bad.length} of ${error.report.days.length} day(s) unavailable (${bad[0]!.date}: ${
    bad[0]!.reason
  })`;
}

/**
 * Loads the chapter's market. First the real trades of `spec` from the trade cache (`loadTrades`, offline
 * by default), then the best bid/ask quotes of the same range from the quote cache (`loadQuotes`) joined as
 * of each trade (`joinQuotes`, the quote in force strictly before it). Quotes that are not cached leave a
 * trades-only tape. Only when the trades are not available offline (days not cached, or, online, a network
 * that never answered) does it fall back to `simulateBookDay` (seeded; trades and quotes), labelled
 * `"simulated order book"`. Any other error (a corrupt cache file, a bad spec, a day the archive does not
 * publish) is thrown as it is: a fallback never hides a fault.
 *
 * Cost: reading the cached days (about 20 bytes a trade, 40 an update), or simulating (about 10 µs a trade).
 *
 * @param spec the real data: symbol, category (default `"linear"`), `start`, `end` (exclusive).
 * @param options cache folder, offline switch (default `true`), quotes, the simulation.
 * @returns the tape, the quotes, whether it is simulated, a label and a description.
 * @throws {TypeError} if `spec` or `options` is not an object.
 * @throws {RangeError} for a bad spec (before anything is read).
 * @throws {TradeLoadError} or {@linkcode QuoteLoadError} when a day fails for another reason than
 *   unavailability (e.g. a corrupt cache file while offline).
 *
 * @example
 * ```ts
 * import { loadMarket } from "@lib/market/mod.ts";
 * import assert from "node:assert/strict";
 * const cacheDir = await Deno.makeTempDir(); // an empty cache: nothing real to read
 * const market = await loadMarket(
 *   { symbol: "BTCUSDT", start: "2025-06-01", end: "2025-06-02" },
 *   { cacheDir, simulated: { seed: 3, trades: 2_000 } },
 * );
 * assert.equal(market.simulated, true);
 * assert.equal(market.tape.prices.length, 2_000);
 * assert.ok(market.tape.quotes !== undefined);
 * assert.match(market.description, /simulated order book, seed 3: .*tests the method, says nothing about markets/);
 * await Deno.remove(cacheDir, { recursive: true });
 * ```
 */
export async function loadMarket(spec: TradeSpec, options: LoadMarketOptions = {}): Promise<LoadedMarket> {
  const action = "load market";
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `Cannot ${action}: options must be an object: current value is ${describeValue(options)}`,
    );
  }
  const { offline = true, quotes: wantQuotes = true, archive = {} } = options;
  const cache = {
    ...archive,
    offline,
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
  };
  let loaded;
  try {
    loaded = await loadTrades(spec, cache);
  } catch (error) {
    if (!unavailableOnly(error)) throw error;
    return simulatedMarket(options.simulated ?? DEFAULT_SIMULATION, firstReason(error));
  }
  const { report } = loaded;
  const raw = tradeTapeFromFrame(
    await loaded.frame.select("timestamp", "price", "size", "side").collect(),
    { symbol: report.symbol, source: "bybit" },
  );
  let quotes: QuoteSeries | undefined;
  let noQuotes = "quotes not requested";
  if (wantQuotes) {
    try {
      quotes = (await loadQuotes(spec, cache)).quotes;
    } catch (error) {
      if (!unavailableOnly(error)) throw error;
      noQuotes = `no quotes: ${firstReason(error)}`;
    }
  }
  const tape = quotes ? joinQuotes(raw, quotes) : raw;
  const fetched = report.days.filter((d) => d.status === "fetched").length;
  const withQuotes = quotes
    ? `with quotes (${
      count(quotes.timestamps.length)
    } best bid/ask updates; the side agrees with the quote ` +
      `for ${(100 * quoteAgreement(tape).share).toFixed(1)} % of trades)`
    : `trades only (${noQuotes})`;
  const description = `Bybit ${report.symbol} ${report.category} trades, ${day(report.start)} to ` +
    `${day(report.end - 1)} UTC (${
      report.days.length - fetched
    } day(s) from the cache, ${fetched} fetched): ` +
    `${count(raw.prices.length)} trades, ${withQuotes}`;
  return {
    tape,
    ...(quotes ? { quotes } : {}),
    simulated: false,
    label: `${report.symbol} ${report.category} (Bybit)`,
    description,
    source: "bybit",
  };
}

function simulatedMarket(
  simulation: SimulateBookOptions,
  reason: string,
): LoadedMarket {
  const market = simulateBookDay(simulation);
  const seed = simulation.seed ?? DEFAULT_SEED;
  const description = `${SIMULATED_BOOK_LABEL}, seed ${seed}: ${count(market.tape.prices.length)} trades` +
    ` and ${count(market.quotes.timestamps.length)} quote updates over ` +
    `${(market.seconds / 3600).toFixed(1)} simulated hours (Santa Fe zero-intelligence order flow with ` +
    `long-memory market order signs, log-normal sizes and limit orders that lean against the sign forecast), ` +
    `with quotes: tests the method, says nothing about markets. ` +
    `Real data unavailable: ${reason}`;
  return {
    tape: market.tape,
    quotes: market.quotes,
    simulated: true,
    label: market.label,
    description,
    source: "simulated",
    fallbackReason: reason,
  };
}
