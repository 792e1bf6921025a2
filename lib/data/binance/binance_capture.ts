/**
 * Trades and level-1 quotes from one recorded Binance websocket capture: lines of
 * `<local receive time, ns> <combined-stream JSON>` (the collector format of nkaz001/hftbacktest) holding the
 * `@trade`, `@bookTicker` and `@depth` streams of one symbol, plain or gzip.
 *
 * Messages (Binance API documentation, "WebSocket Streams"; spot and USD-M futures differ):
 *
 * | stream | fields read | exchange time |
 * | --- | --- | --- |
 * | `<symbol>@trade` | `t` trade id, `p` price, `q` quantity, `m` buyer is maker | `T` trade time |
 * | `<symbol>@bookTicker`, USD-M futures | `b`, `B`, `a`, `A` best bid/ask and sizes, `u` update id | `T` transaction time |
 * | `<symbol>@bookTicker`, spot | the same, without any time | none: receive time minus the lag (below) |
 * | `<symbol>@depth...` | skipped (counted) | |
 *
 * Times are the exchange's, not the local receive time, which is off by a second or more in recorded
 * captures. Spot `bookTicker` messages carry no time, so their time is estimated as the receive time minus
 * the offset `receive - E` of the latest trade message received before it (the median offset of the capture
 * before the first trade); `quoteTime` in the report says which. Depth updates are not used for the offset:
 * their `E` closes a 100 ms batch. On the recorded spot BTCUSDT captures of 2024-08-08/09 the estimated
 * times put 94.5 % of trades on the side of the quote their side says, against 99.8 % with exchange times
 * on the USD-M captures (`quoteAgreement`): an estimate, not the exchange's clock. `m = true` means the
 * buyer was the maker: a seller-initiated trade (side -1).
 *
 * @module
 */
import { GrowableColumn } from "../_growable.ts";
import { lineBatchesOf, openDecompressed } from "../csv/_text_lines.ts";
import type { QuoteSeries } from "../quote_series.ts";
import type { TradeTape } from "../trade_tape.ts";

/** Result of {@linkcode readBinanceCapture}. */
export interface BinanceCapture {
  /** The trades, exchange time (`T`), sorted by time then trade id; source `"binance"`. */
  tape: TradeTape;
  /** Binance trade id of each trade of `tape`. */
  tradeIds: Float64Array;
  /** The `bookTicker` quotes in update-id order; crossed or locked ones dropped. Source `"binance"`. */
  quotes: QuoteSeries;
  /** Counts and how the quote times were obtained. */
  report: BinanceCaptureReport;
}

/** What {@linkcode readBinanceCapture} read. Plain JSON. */
export interface BinanceCaptureReport {
  /** Non-empty lines read. */
  lines: number;
  /** Trade and bookTicker messages, depth updates, and other lines (a REST snapshot, another stream). */
  tradeMessages: number;
  bookTickerMessages: number;
  depthMessages: number;
  otherLines: number;
  /** Duplicate trades (same trade id) dropped, and missing trade ids between the first and last. */
  duplicateTrades: number;
  missingTradeIds: number;
  /** bookTicker messages dropped: crossed or locked, or repeated update id. */
  droppedQuotes: number;
  /** `"exchange"`: every quote carried `T`; `"receive minus lag"`: some were estimated (spot). */
  quoteTime: "exchange" | "receive minus lag";
  /** Median offset `receive - E` over the trade messages, ms (`NaN` without trades). */
  medianReceiveLagMs: number;
}

/** Options of {@linkcode readBinanceCapture}. */
export interface ReadBinanceCaptureOptions {
  /** Keep only this symbol (e.g. `"BTCUSDT"`). Default: the first trade's or quote's symbol; another is an error. */
  symbol?: string;
}

interface StreamMessage {
  stream?: unknown;
  data?: Record<string, unknown>;
}

/**
 * Reads trades and quotes from one or more Binance websocket capture files (in time order; e.g. two days
 * of one recording), as described in the module documentation. Trades come out as a {@linkcode TradeTape}
 * ready for {@linkcode joinQuotes} with the quotes of the same file. Cost: one `JSON.parse` per line,
 * streamed; memory for the output columns only.
 *
 * @param source a path, an array of paths read in order, or the lines themselves as any other iterable or
 *   async iterable of strings (e.g. `lines.values()`).
 * @param options the symbol to keep.
 * @returns the tape, its trade ids, the quotes, and a report.
 * @throws {RangeError} for a line without a receive time and JSON (naming the line), a trade or quote with
 *   a bad number, two symbols, or a capture with no trade and no quote.
 *
 * @example
 * ```ts
 * import { joinQuotes, quoteAgreement } from "@lib/mod.ts";
 * import { readBinanceCapture } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const lines = [
 *   `1000000000 {"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":1,"s":"BTCUSDT","b":"100.0","B":"2","a":"100.1","A":"3","T":5,"E":5}}`,
 *   `1000500000 {"stream":"btcusdt@trade","data":{"e":"trade","E":7,"T":6,"s":"BTCUSDT","t":42,"p":"100.1","q":"0.5","m":false}}`,
 * ];
 * const { tape, quotes, report } = await readBinanceCapture(lines.values());
 * assert.deepEqual([...quotes.timestamps], [5]);
 * assert.deepEqual([...tape.signs], [1]);
 * assert.equal(report.quoteTime, "exchange");
 * assert.equal(quoteAgreement(joinQuotes(tape, quotes)).share, 1);
 * ```
 */
export async function readBinanceCapture(
  source: string | string[] | Iterable<string> | AsyncIterable<string>,
  options: ReadBinanceCaptureOptions = {},
): Promise<BinanceCapture> {
  const action = "read the Binance capture";
  let symbol = options.symbol;
  const tr = {
    t: new GrowableColumn(),
    id: new GrowableColumn(),
    p: new GrowableColumn(),
    q: new GrowableColumn(),
    s: new GrowableColumn(),
  };
  const qu = {
    t: new GrowableColumn(),
    recv: new GrowableColumn(),
    u: new GrowableColumn(),
    b: new GrowableColumn(),
    bq: new GrowableColumn(),
    a: new GrowableColumn(),
    aq: new GrowableColumn(),
  };
  const lags = new GrowableColumn();
  let lines = 0, trades = 0, tickers = 0, depth = 0, other = 0, line = -1;
  let quotesWithoutTime = 0, lastLag = NaN;

  const num = (value: unknown, what: string): number => {
    const x = typeof value === "number" ? value : Number(value);
    if (typeof value !== "number" && typeof value !== "string" || !Number.isFinite(x)) {
      throw new RangeError(
        `Cannot ${action}: line ${line}: ${what} must be a number: current value is ${JSON.stringify(value)}`,
      );
    }
    return x;
  };
  const checkSymbol = (s: unknown): boolean => {
    if (typeof s !== "string") return true;
    if (symbol === undefined) symbol = s;
    if (s === symbol) return true;
    if (options.symbol !== undefined) return false;
    throw new RangeError(
      `Cannot ${action}: line ${line} is for ${s}, the capture is ${symbol}: pass options.symbol to pick one`,
    );
  };

  const handle = (text: string): void => {
    if (text.trim() === "") return;
    line++;
    lines++;
    const space = text.indexOf(" ");
    const recvNs = space > 0 ? Number(text.slice(0, space)) : NaN;
    if (!Number.isFinite(recvNs)) {
      throw new RangeError(
        `Cannot ${action}: line ${line} must start with a receive time in ns and a space: current value is ${
          text.slice(0, 60)
        }`,
      );
    }
    let m: StreamMessage;
    try {
      m = JSON.parse(text.slice(space + 1));
    } catch {
      throw new RangeError(`Cannot ${action}: line ${line} is not <ns> <JSON>: ${text.slice(0, 80)}`);
    }
    const data = m?.data, stream = typeof m?.stream === "string" ? m.stream : "";
    if (data === null || typeof data !== "object") {
      other++;
      return;
    }
    const recvMs = recvNs / 1e6;
    if (typeof data.E === "number" && data.e === "trade") {
      lastLag = recvMs - data.E;
      lags.push(lastLag);
    }
    if (stream.endsWith("@trade") || data.e === "trade") {
      if (!checkSymbol(data.s)) return;
      trades++;
      tr.t.push(num(data.T, "data.T (trade time)"));
      tr.id.push(num(data.t, "data.t (trade id)"));
      const price = num(data.p, "data.p (price)"), size = num(data.q, "data.q (quantity)");
      if (!(price > 0) || !(size > 0)) {
        throw new RangeError(
          `Cannot ${action}: line ${line}: a trade needs price > 0 and quantity > 0: current values are ${price}, ${size}`,
        );
      }
      tr.p.push(price);
      tr.q.push(size);
      if (typeof data.m !== "boolean") {
        throw new RangeError(
          `Cannot ${action}: line ${line}: data.m (buyer is maker) must be true or false: current value is ${
            JSON.stringify(data.m)
          }`,
        );
      }
      tr.s.push(data.m ? -1 : 1);
    } else if (stream.endsWith("@bookTicker") || data.e === "bookTicker") {
      if (!checkSymbol(data.s)) return;
      tickers++;
      const hasTime = data.T !== undefined || data.E !== undefined;
      if (!hasTime) quotesWithoutTime++;
      qu.t.push(hasTime ? num(data.T ?? data.E, "data.T (transaction time)") : recvMs - lastLag);
      qu.recv.push(recvMs);
      qu.u.push(num(data.u, "data.u (update id)"));
      qu.b.push(num(data.b, "data.b (best bid)"));
      qu.bq.push(num(data.B, "data.B (best bid size)"));
      qu.a.push(num(data.a, "data.a (best ask)"));
      qu.aq.push(num(data.A, "data.A (best ask size)"));
    } else if (stream.includes("@depth") || data.e === "depthUpdate") depth++;
    else other++;
  };

  if (
    typeof source === "string" || Array.isArray(source)
  ) {
    for (const path of typeof source === "string" ? [source] : source as string[]) {
      const { stream } = await openDecompressed(path, action);
      for await (const batch of lineBatchesOf(stream)) for (const text of batch) handle(text);
    }
  } else if (Symbol.iterator in source) {
    for (const text of source as Iterable<string>) handle(text);
  } else {
    for await (const text of source as AsyncIterable<string>) handle(text);
  }
  if (trades === 0 && tickers === 0) {
    throw new RangeError(
      `Cannot ${action}: no trade and no bookTicker message in ${lines} lines: current counts are ${depth} depth, ${other} other`,
    );
  }

  const lagArray = lags.toArray().sort();
  const medianLag = lagArray.length > 0 ? lagArray[Math.floor(lagArray.length / 2)]! : NaN;

  // Trades: sort by (time, id), drop duplicate ids.
  const tt = tr.t.toArray(),
    tid = tr.id.toArray(),
    tp = tr.p.toArray(),
    tq = tr.q.toArray(),
    ts = tr.s.toArray();
  const order = Uint32Array.from({ length: tt.length }, (_, i) => i).sort((i, j) =>
    tt[i]! - tt[j]! || tid[i]! - tid[j]!
  );
  const keep: number[] = [];
  let duplicates = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (keep.length > 0 && tid[keep[keep.length - 1]!] === tid[i]) duplicates++;
    else keep.push(i);
  }
  let minId = Infinity, maxId = -Infinity;
  for (const i of keep) {
    minId = Math.min(minId, tid[i]!);
    maxId = Math.max(maxId, tid[i]!);
  }
  const tape: TradeTape = {
    timestamps: Float64Array.from(keep, (i) => tt[i]!),
    prices: Float64Array.from(keep, (i) => tp[i]!),
    sizes: Float64Array.from(keep, (i) => tq[i]!),
    signs: Int8Array.from(keep, (i) => ts[i]!),
    symbol: symbol ?? "",
    source: "binance",
  };

  // Quotes: in update-id order (the exchange's order), times from T or receive minus the median lag.
  const qt = qu.t.toArray(), qr = qu.recv.toArray(), qid = qu.u.toArray();
  const qb = qu.b.toArray(), qbs = qu.bq.toArray(), qa = qu.a.toArray(), qas = qu.aq.toArray();
  if (quotesWithoutTime > 0 && Number.isNaN(medianLag)) {
    throw new RangeError(
      `Cannot ${action}: ${quotesWithoutTime} bookTicker messages carry no time and no trade message carries an event time E to estimate the receive offset`,
    );
  }
  for (let j = 0; j < qt.length; j++) if (Number.isNaN(qt[j]!)) qt[j] = qr[j]! - medianLag;
  const qOrder = Uint32Array.from({ length: qt.length }, (_, i) => i).sort((i, j) => qid[i]! - qid[j]!);
  const qKeep: number[] = [];
  let dropped = 0, lastTime = -Infinity;
  for (let k = 0; k < qOrder.length; k++) {
    const j = qOrder[k]!;
    const previous = qKeep.length > 0 ? qKeep[qKeep.length - 1]! : -1;
    if (!(qa[j]! > qb[j]!) || (previous >= 0 && qid[previous] === qid[j])) {
      dropped++;
      continue;
    }
    // Update ids and times agree in a capture; a time that runs backwards (jitter of an estimated time)
    // is held at the previous one, so that the series stays non-decreasing.
    if (qt[j]! < lastTime) qt[j] = lastTime;
    lastTime = qt[j]!;
    qKeep.push(j);
  }
  const pick = (c: Float64Array) => Float64Array.from(qKeep, (j) => c[j]!);
  return {
    tape,
    tradeIds: Float64Array.from(keep, (i) => tid[i]!),
    quotes: {
      timestamps: pick(qt),
      bidPrices: pick(qb),
      askPrices: pick(qa),
      bidSizes: pick(qbs),
      askSizes: pick(qas),
      symbol: symbol ?? "",
      source: "binance",
    },
    report: {
      lines,
      tradeMessages: trades,
      bookTickerMessages: tickers,
      depthMessages: depth,
      otherLines: other,
      duplicateTrades: duplicates,
      missingTradeIds: keep.length > 0 ? maxId - minId + 1 - keep.length : 0,
      droppedQuotes: dropped,
      quoteTime: quotesWithoutTime > 0 ? "receive minus lag" : "exchange",
      medianReceiveLagMs: medianLag,
    },
  };
}
