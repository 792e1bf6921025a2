/**
 * Replay of Bybit's public order-book archive (zipped JSON lines, a snapshot then deltas) into a series
 * of best bid and ask after every message, streamed, with sequence gaps reported.
 *
 * Format (one message a line, as recorded from the v5 public WebSocket topic `orderbook.{depth}.{symbol}`):
 * `{"topic":"orderbook.500.XRPUSDT","type":"snapshot"|"delta","ts":<ms>,"data":{"s":"XRPUSDT",
 * "b":[["price","size"],...],"a":[...],"u":<update id>,"seq":<cross sequence>},"cts":<ms>}`. A snapshot
 * replaces the book; in a delta a size of `"0"` deletes the level and any other size sets it (Bybit v5
 * WebSocket documentation, "Orderbook"). `u` increases by one between consecutive messages of one stream; a
 * gap means messages were lost, so the book is unreliable until the next snapshot; a delta with `u = 1`
 * is a snapshot sent after a service restart (same documentation).
 *
 * @module
 */
import { GrowableColumn } from "../_growable.ts";
import { lineBatchesOf, openDecompressed } from "../csv/_text_lines.ts";
import type { QuoteSeries } from "../quote_series.ts";

/**
 * One side of a book as two parallel typed arrays sorted by `key` ascending, where `key = price` for
 * bids and `-price` for asks: the best level is always the last one, so updates near the top of the book
 * (the common case) shift few elements. No per-level JS objects.
 */
class BookSide {
  keys = new Float64Array(1024);
  sizes = new Float64Array(1024);
  count = 0;
  constructor(readonly sign: 1 | -1) {}

  clear(): void {
    this.count = 0;
  }

  /** Index of the first key >= k. */
  #lowerBound(k: number): number {
    let lo = 0, hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  set(price: number, size: number): void {
    const k = this.sign * price;
    const i = this.#lowerBound(k);
    const found = i < this.count && this.keys[i] === k;
    if (size === 0) {
      if (found) {
        this.keys.copyWithin(i, i + 1, this.count);
        this.sizes.copyWithin(i, i + 1, this.count);
        this.count--;
      }
      return;
    }
    if (found) {
      this.sizes[i] = size;
      return;
    }
    if (this.count === this.keys.length) {
      const keys = new Float64Array(this.keys.length * 2), sizes = new Float64Array(this.keys.length * 2);
      keys.set(this.keys);
      sizes.set(this.sizes);
      this.keys = keys;
      this.sizes = sizes;
    }
    this.keys.copyWithin(i + 1, i, this.count);
    this.sizes.copyWithin(i + 1, i, this.count);
    this.keys[i] = k;
    this.sizes[i] = size;
    this.count++;
  }

  get bestPrice(): number {
    return this.count > 0 ? this.sign * this.keys[this.count - 1]! : NaN;
  }
  get bestSize(): number {
    return this.count > 0 ? this.sizes[this.count - 1]! : NaN;
  }
  /** Smallest positive gap between adjacent price levels, or Infinity. */
  smallestGap(): number {
    let g = Infinity;
    for (let i = 1; i < this.count; i++) g = Math.min(g, this.keys[i]! - this.keys[i - 1]!);
    return g;
  }
}

/** A sequence gap found while replaying; see {@linkcode OrderbookReplay}. */
export interface OrderbookGap {
  /** Line number of the message after the gap (0-based, counting non-empty lines). */
  line: number;
  /** Message time `ts`, UTC ms. */
  timestamp: number;
  /** The update id expected (previous `u` + 1) and the one received. */
  expectedUpdateId: number;
  updateId: number;
}

/** Result of {@linkcode replayOrderbookArchive}. */
export interface OrderbookReplay {
  /**
   * Best bid/ask and L1 sizes after each message while the book is reliable (from a snapshot until a
   * gap), stamped with the message's `ts` (UTC ms); `NaN` for an empty side. Messages while the book is
   * unreliable, and books left crossed or locked, are left out.
   */
  quotes: QuoteSeries;
  /** Update id `u` of each row of `quotes`. */
  updateIds: Float64Array;
  /** Topic and symbol of the stream, e.g. `"orderbook.500.XRPUSDT"`, `"XRPUSDT"`. */
  topic: string;
  symbol: string;
  /** Messages read, snapshots (including `u = 1` restarts) and deltas among them. */
  messages: number;
  snapshots: number;
  deltas: number;
  /** Number of sequence gaps, and the first 100 of them. */
  gapCount: number;
  gaps: OrderbookGap[];
  /** Messages skipped because the book was unreliable (before the first snapshot or after a gap). */
  unreliableMessages: number;
  /** Messages after which the book was crossed or locked (left out of `quotes`). */
  crossedMessages: number;
  /** Smallest gap between adjacent price levels seen in the snapshots, quote units: the tick, in practice. */
  smallestLevelGap: number;
  /** Largest number of levels held on one side. */
  maxLevels: number;
}

/** Options of {@linkcode replayOrderbookArchive}. */
export interface OrderbookReplayOptions {
  /** Keep only messages of this topic (e.g. `"orderbook.500.XRPUSDT"`). Default: the first message's topic; another topic is an error. */
  topic?: string;
  /** `"every-message"` (default): one row per message; `"on-change"`: only when the best bid/ask or an L1 size changes. */
  emit?: "every-message" | "on-change";
}

interface ArchiveMessage {
  topic?: unknown;
  type?: unknown;
  ts?: unknown;
  data?: { s?: unknown; b?: unknown; a?: unknown; u?: unknown; seq?: unknown };
}

/**
 * Replays a Bybit order-book archive and returns the best bid and ask after every message: a quoted-spread
 * time series for {@linkcode summarizeQuotedSpreads}, plus the gaps in the update ids.
 *
 * Rules: a `snapshot` (or a delta with `u = 1`) clears the book and loads its levels; a `delta` sets each
 * level's size, deleting the level when the size is 0; between consecutive messages `u` must increase by
 * one, otherwise the gap is recorded and the book is ignored until the next snapshot. The file is read as
 * a stream (plain, gzip or a single-entry zip), one line at a time; the book is kept in typed arrays.
 * Cost: O(messages * levels changed * log levels) plus shifts near the top of the book.
 *
 * @param source a file path, or the lines themselves (an iterable or async iterable of strings).
 * @param options topic filter and emission mode.
 * @returns the quote series, its update ids, and the counts of messages, snapshots, gaps and skips.
 * @throws {RangeError} for a line that is not JSON or not an order-book message (naming the line), a
 *   second topic, a level with a bad price or size.
 *
 * @example
 * ```ts
 * import { replayOrderbookArchive } from "@lib/data/mod.ts";
 * import { summarizeQuotedSpreads } from "@lib/market/mod.ts";
 * import assert from "node:assert/strict";
 * const msg = (type: string, u: number, ts: number, b: string[][], a: string[][]) =>
 *   JSON.stringify({ topic: "orderbook.50.BTCUSDT", type, ts, data: { s: "BTCUSDT", b, a, u, seq: u } });
 * const lines = [
 *   msg("snapshot", 10, 0, [["100.0", "2"], ["99.9", "5"]], [["100.1", "1"], ["100.2", "3"]]),
 *   msg("delta", 11, 100, [["100.0", "0"]], []),           // best bid deleted: spread 0.2
 *   msg("delta", 13, 200, [["100.0", "1"]], []),           // u jumps 11 -> 13: a gap, book unreliable
 *   msg("snapshot", 20, 300, [["100.0", "1"]], [["100.1", "1"]]),
 * ];
 * const r = await replayOrderbookArchive(lines);
 * assert.deepEqual([...r.quotes.bidPrices], [100, 99.9, 100]);
 * assert.equal(r.quotes.symbol, "BTCUSDT");
 * assert.equal(r.gapCount, 1);
 * assert.equal(r.unreliableMessages, 1);
 * // one tick for 100 + 200 ms, two ticks for 200 ms
 * assert.ok(Math.abs(summarizeQuotedSpreads(r.quotes, { tickSize: 0.1, lastDurationMs: 200 }).oneTickShare - 0.6) < 1e-12);
 * ```
 */
export async function replayOrderbookArchive(
  source: string | Iterable<string> | AsyncIterable<string>,
  options: OrderbookReplayOptions = {},
): Promise<OrderbookReplay> {
  const action = "replay the order-book archive";
  const { emit = "every-message" } = options;
  if (emit !== "every-message" && emit !== "on-change") {
    throw new RangeError(
      `Cannot ${action}: emit must be "every-message" or "on-change": current value is ${emit}`,
    );
  }
  const bids = new BookSide(1), asks = new BookSide(-1);
  const col = {
    t: new GrowableColumn(),
    bid: new GrowableColumn(),
    ask: new GrowableColumn(),
    bidSize: new GrowableColumn(),
    askSize: new GrowableColumn(),
    u: new GrowableColumn(),
  };
  let topic = options.topic, symbol = "";
  let messages = 0, snapshots = 0, deltas = 0, gapCount = 0, unreliable = 0, crossed = 0;
  let smallestLevelGap = Infinity, maxLevels = 0;
  const gaps: OrderbookGap[] = [];
  let reliable = false, lastU = NaN, line = -1;
  let pb = NaN, pa = NaN, pbs = NaN, pas = NaN;

  const apply = (side: BookSide, levels: unknown, what: string) => {
    if (!Array.isArray(levels)) {
      throw new RangeError(`Cannot ${action}: line ${line}: data.${what} must be an array`);
    }
    for (let j = 0; j < levels.length; j++) {
      const level = levels[j];
      const price = Number(Array.isArray(level) ? level[0] : NaN),
        size = Number(Array.isArray(level) ? level[1] : NaN);
      if (!(price > 0 && Number.isFinite(price)) || !(size >= 0 && Number.isFinite(size))) {
        throw new RangeError(
          `Cannot ${action}: line ${line}: data.${what}[${j}] must be [price > 0, size >= 0]: current value is ${
            JSON.stringify(level)
          }`,
        );
      }
      side.set(price, size);
    }
  };

  const handle = (text: string): void => {
    if (text.trim() === "") return;
    line++;
    let m: ArchiveMessage;
    try {
      m = JSON.parse(text);
    } catch {
      throw new RangeError(`Cannot ${action}: line ${line} is not JSON: ${text.slice(0, 80)}`);
    }
    const data = m?.data;
    if (data === null || typeof data !== "object" || (m.type !== "snapshot" && m.type !== "delta")) {
      throw new RangeError(
        `Cannot ${action}: line ${line} must be an order-book message with type "snapshot" or "delta" and data: current value is ${
          text.slice(0, 80)
        }`,
      );
    }
    const t = Number(m.ts), u = Number(data.u);
    if (!Number.isFinite(t) || !Number.isSafeInteger(u)) {
      throw new RangeError(
        `Cannot ${action}: line ${line}: ts and data.u must be numbers: current values are ${m.ts}, ${data.u}`,
      );
    }
    const thisTopic = String(m.topic ?? "");
    if (topic === undefined) topic = thisTopic;
    if (thisTopic !== topic) {
      if (options.topic !== undefined) return;
      throw new RangeError(
        `Cannot ${action}: line ${line} has topic ${thisTopic}, the stream is ${topic}: pass options.topic to pick one`,
      );
    }
    if (symbol === "" && typeof data.s === "string") symbol = data.s;
    messages++;
    const isSnapshot = m.type === "snapshot" || u === 1;
    if (isSnapshot) {
      snapshots++;
      bids.clear();
      asks.clear();
      apply(bids, data.b, "b");
      apply(asks, data.a, "a");
      smallestLevelGap = Math.min(smallestLevelGap, bids.smallestGap(), asks.smallestGap());
      reliable = true;
    } else {
      deltas++;
      if (reliable && u !== lastU + 1) {
        gapCount++;
        if (gaps.length < 100) gaps.push({ line, timestamp: t, expectedUpdateId: lastU + 1, updateId: u });
        reliable = false;
      }
      if (!reliable) {
        unreliable++;
        lastU = u;
        return;
      }
      apply(bids, data.b, "b");
      apply(asks, data.a, "a");
    }
    lastU = u;
    maxLevels = Math.max(maxLevels, bids.count, asks.count);
    const b = bids.bestPrice, a = asks.bestPrice, bs = bids.bestSize, as = asks.bestSize;
    if (a <= b) {
      crossed++;
      return;
    }
    if (emit === "on-change" && b === pb && a === pa && bs === pbs && as === pas) return;
    pb = b;
    pa = a;
    pbs = bs;
    pas = as;
    col.t.push(t);
    col.bid.push(b);
    col.ask.push(a);
    col.bidSize.push(bs);
    col.askSize.push(as);
    col.u.push(u);
  };
  if (typeof source === "string") {
    const { stream } = await openDecompressed(source, action);
    for await (const batch of lineBatchesOf(stream)) for (const text of batch) handle(text);
  } else if (Symbol.iterator in source) {
    for (const text of source) handle(text);
  } else {
    for await (const text of source) handle(text);
  }
  return {
    quotes: {
      timestamps: col.t.toArray(),
      bidPrices: col.bid.toArray(),
      askPrices: col.ask.toArray(),
      bidSizes: col.bidSize.toArray(),
      askSizes: col.askSize.toArray(),
      symbol,
      source: "bybit",
    },
    updateIds: col.u.toArray(),
    topic: topic ?? "",
    symbol,
    messages,
    snapshots,
    deltas,
    gapCount,
    gaps,
    unreliableMessages: unreliable,
    crossedMessages: crossed,
    smallestLevelGap,
    maxLevels,
  };
}
