/**
 * Boundary check shared by the area's tape functions: a valid trade tape that carries the quote in force
 * before each trade.
 *
 * @module
 */
import { describeValue } from "../core/validate.ts";
import type { TradeQuotes } from "../data/quote_series.ts";
import { assertTradeTape, type TradeTape } from "../data/trade_tape.ts";

/** Throws unless `tape` is a valid tape with `quotes` (mids one per trade, finite or NaN, > 0 when finite). */
export function assertTapeWithQuotes(
  action: string,
  tape: TradeTape,
  minTrades = 1,
): asserts tape is TradeTape & { quotes: TradeQuotes } {
  assertTradeTape(action, tape, minTrades);
  const quotes = tape.quotes;
  if (quotes === undefined || quotes === null || !(quotes.mids instanceof Float64Array)) {
    throw new TypeError(
      `Cannot ${action}: tape.quotes must hold the quote before each trade (TradeQuotes, see ` +
        `joinQuotes or simulateBookDay): current value is ${describeValue(quotes)}`,
    );
  }
  const n = tape.prices.length;
  if (quotes.mids.length !== n) {
    throw new TypeError(
      `Cannot ${action}: tape.quotes.mids must have one value per trade (${n}): current length is ${quotes.mids.length}`,
    );
  }
  for (let i = 0; i < n; i++) {
    const m = quotes.mids[i]!;
    if (!(Number.isNaN(m) || (Number.isFinite(m) && m > 0))) {
      throw new RangeError(
        `Cannot ${action}: tape.quotes.mids[${i}] must be > 0 (or NaN before the first quote): current value is ${m}`,
      );
    }
  }
}
