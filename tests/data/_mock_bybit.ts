/**
 * A local imitation of Bybit's v5 public market API for the tests (and for validating the client by hand):
 * it binds 127.0.0.1 on a free port and answers `/v5/market/kline`, `/v5/market/recent-trade`,
 * `/v5/market/orderbook` and `/v5/market/time` in Bybit's exact shapes (string fields, newest-first kline lists, at most `limit`
 * rows, the still-open candle included, errors as HTTP 200 with a non-zero retCode), and can be told to
 * misbehave request by request: rate limits, HTTP 429/5xx/403, malformed JSON, a body cut off midway, a
 * request that never answers, an empty, short (oldest half dropped) or holed (middle third dropped) kline
 * list, rows of 6 fields (no turnover), or any rewrite of one answer's `result`.
 *
 * @module
 */
import { barStartOf, nextBarStart } from "@lib/data/_calendar.ts";
import { BYBIT_INTERVALS, type BybitInterval } from "@lib/data/kline_spec.ts";

/** A misbehaviour applied to one request. */
export type MockFault =
  | "ret10006"
  | "ret10016"
  | "ret10429"
  | "ret10002"
  | "http429"
  | "http429long"
  | "http500"
  | "http503"
  | "http403"
  | "malformed"
  | "truncated"
  | "hang"
  | "badShape"
  | "empty"
  | "short"
  | "holed"
  | "sixFields"
  | { rewrite: (result: Record<string, unknown>) => unknown };

/** Rows for one kline query, newest first, each `[startTime, open, high, low, close, volume, turnover]` as strings. */
export type MockKlineSource = (query: {
  category: string;
  symbol: string;
  interval: BybitInterval;
  start: number;
  end: number;
  limit: number;
  now: number;
}) => string[][];

/** Options of {@linkcode startMockBybit}. */
export interface MockBybitOptions {
  /** Server clock, UTC ms (also settable later through `mock.now`). Default 2025-07-15T12:34:56.789Z. */
  now?: number;
  /** Symbols the server knows. Default `["BTCUSDT"]`. */
  symbols?: string[];
  /** Kline rows. Default {@linkcode formulaKlines}. */
  klines?: MockKlineSource;
  /** Intervals the server answers with 10001 "Invalid period!" although they are in Bybit's list. */
  rejectIntervals?: string[];
}

/** A running mock. */
export interface MockBybit {
  /** `http://127.0.0.1:<port>`. */
  baseUrl: string;
  /** Server clock, UTC ms. */
  now: number;
  /** Every request received, in order. */
  requests: URL[];
  /** Queues faults for the next requests to `path` (default `/v5/market/kline`), one per request. */
  inject(faults: MockFault | MockFault[], path?: string): void;
  /** Faults still queued. */
  pendingFaults(): number;
  /** Releases hanging requests and stops the server. */
  close(): Promise<void>;
}

/**
 * Deterministic candles from a closed formula: price `30000 + 1000 sin(t / 5 h) + 0.01 * minuteIndex % 97`,
 * so tests can compute any expected value. The bar containing `now` is the open candle: its close is
 * the price at `now` and its volume is partial, as on Bybit.
 */
export const formulaKlines: MockKlineSource = ({ interval, start, end, limit, now }) => {
  const rows: string[][] = [];
  const last = Math.min(end, now);
  let t = barStartOf(last, interval);
  while (t >= start && rows.length < limit) {
    rows.push(formulaRow(t, interval, now));
    if (t === 0) break;
    t = barStartOf(t - 1, interval);
  }
  return rows;
};

/** The formula's mid price at `t` (UTC ms), quote units. */
export function formulaPrice(t: number): number {
  return Math.round((30000 + 1000 * Math.sin(t / 18_000_000) + ((t / 60_000) % 97) * 0.01) * 10) / 10;
}

/** The formula's final (closed) candle for the bar starting at `t`, as Bybit strings. */
export function formulaRow(t: number, interval: BybitInterval, now = Infinity): string[] {
  const barEnd = nextBarStart(t, interval);
  const closeAt = Math.min(barEnd - 1, now);
  const open = formulaPrice(t), close = formulaPrice(closeAt);
  const high = Math.max(open, close) + 5, low = Math.min(open, close) - 5;
  const minutes = Math.max(1, Math.round((Math.min(barEnd, now) - t) / 60_000));
  const volume = minutes * (1 + ((t / 60_000) % 7) / 10);
  const turnover = volume * (open + close) / 2;
  return [
    String(t),
    open.toFixed(1),
    high.toFixed(1),
    low.toFixed(1),
    close.toFixed(1),
    volume.toFixed(3),
    turnover.toFixed(4),
  ];
}

/**
 * Serves a fixed table of candles (ascending rows of 7 strings), Bybit-style: rows with
 * `start <= t <= min(end, now)`, the newest `limit` of them, newest first.
 */
export function tableKlines(rows: readonly string[][]): MockKlineSource {
  const times = Float64Array.from(rows, (r) => Number(r[0]));
  const bound = (x: number) => {
    let lo = 0, hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (times[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return ({ start, end, limit, now }) => {
    const hi = bound(Math.min(end, now));
    const lo = Math.max(bound(start - 1), hi - limit);
    return rows.slice(lo, hi).reverse().map((r) => [...r]);
  };
}

function envelope(retCode: number, retMsg: string, result: unknown, now: number): string {
  return JSON.stringify({ retCode, retMsg, result, retExtInfo: {}, time: now });
}

/**
 * Starts the mock on 127.0.0.1 (a free port).
 *
 * @example
 * ```ts ignore
 * const mock = await startMockBybit();
 * try { await fetchKlines(spec, { baseUrl: mock.baseUrl }); } finally { await mock.close(); }
 * ```
 */
export function startMockBybit(options: MockBybitOptions = {}): Promise<MockBybit> {
  const symbols = new Set(options.symbols ?? ["BTCUSDT"]);
  const klines = options.klines ?? formulaKlines;
  const rejectIntervals = new Set(options.rejectIntervals ?? []);
  const faults: { fault: MockFault; path: string }[] = [];
  const hanging = new Set<() => void>();
  const requests: URL[] = [];
  const state = { now: options.now ?? Date.UTC(2025, 6, 15, 12, 34, 56, 789) };

  const json = (body: string, status = 200) =>
    new Response(body, { status, headers: { "content-type": "application/json; charset=utf-8" } });

  const answer = (url: URL, fault?: MockFault): string => {
    const now = state.now;
    const reply = (result: Record<string, unknown>) =>
      envelope(0, "OK", typeof fault === "object" ? fault.rewrite(result) : result, now);
    const q = url.searchParams;
    if (url.pathname === "/v5/market/time") {
      const seconds = Math.floor(now / 1000);
      return envelope(0, "OK", { timeSecond: String(seconds), timeNano: `${now}000000` }, now);
    }
    const category = q.get("category") ?? "linear";
    const symbol = q.get("symbol") ?? "";
    if (!["spot", "linear", "inverse"].includes(category)) {
      return envelope(10001, "params error: category only support spot, linear, inverse", {}, now);
    }
    if (!symbols.has(symbol)) return envelope(10001, "Not supported symbols", {}, now);
    if (url.pathname === "/v5/market/kline") {
      const interval = q.get("interval") ?? "";
      if (!(BYBIT_INTERVALS as readonly string[]).includes(interval) || rejectIntervals.has(interval)) {
        return envelope(10001, "Invalid period!", {}, now);
      }
      const limit = Number(q.get("limit") ?? 200);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        return envelope(10001, "params error: limit must be in [1, 1000]", {}, now);
      }
      const end = q.has("end") ? Number(q.get("end")) : now;
      const start = q.has("start") ? Number(q.get("start")) : 0;
      if (!(start <= end)) return envelope(10001, "params error: start must be <= end", {}, now);
      let list = klines({ category, symbol, interval: interval as BybitInterval, start, end, limit, now });
      if (fault === "empty") list = [];
      if (fault === "short") list = list.slice(0, Math.ceil(list.length / 2));
      if (fault === "holed") {
        list = list.filter((_, i) => i < list.length / 3 || i >= (2 * list.length) / 3);
      }
      if (fault === "sixFields") list = list.map((r) => r.slice(0, 6));
      return reply({ symbol, category, list });
    }
    if (url.pathname === "/v5/market/recent-trade") {
      const limit = Number(q.get("limit") ?? 500);
      const list = Array.from({ length: Math.min(limit, 5) }, (_, i) => ({
        execId: `mock-${i}`,
        symbol,
        price: formulaPrice(now - i * 1000).toFixed(1),
        size: (0.001 * (i + 1)).toFixed(3),
        side: i % 2 === 0 ? "Buy" : "Sell",
        time: String(now - i * 1000),
        isBlockTrade: false,
      }));
      return reply({ category: category === "inverse" ? "" : category, list });
    }
    if (url.pathname === "/v5/market/orderbook") {
      const limit = Number(q.get("limit") ?? 25);
      const mid = formulaPrice(now);
      const levels = Math.min(limit, 5);
      const b = Array.from(
        { length: levels },
        (_, i) => [(mid - 0.05 - 0.1 * i).toFixed(2), (1 + i).toFixed(3)],
      );
      const a = Array.from(
        { length: levels },
        (_, i) => [(mid + 0.05 + 0.1 * i).toFixed(2), (2 + i).toFixed(3)],
      );
      return reply({ s: symbol, b, a, ts: now, u: 18521288, seq: 7961638724, cts: now - 5 });
    }
    return envelope(10001, `params error: unknown path ${url.pathname}`, {}, now);
  };

  const handler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    requests.push(url);
    const k = faults.findIndex((f) => f.path === url.pathname);
    const fault = k >= 0 ? faults.splice(k, 1)[0]!.fault : undefined;
    const now = state.now;
    switch (fault) {
      case "ret10006":
        return json(envelope(10006, "Too many visits!", {}, now));
      case "ret10016":
        return json(envelope(10016, "Request timeout, please try again later", {}, now));
      case "ret10429":
        return json(envelope(10429, "System level frequency protection", {}, now));
      case "ret10002":
        return json(
          envelope(
            10002,
            "invalid request, please check your server timestamp or recv_window param",
            {},
            now,
          ),
        );
      case "http429":
        return new Response("Too Many Requests", { status: 429, headers: { "retry-after": "0" } });
      case "http429long":
        return new Response("Too Many Requests", { status: 429, headers: { "retry-after": "3600" } });
      case "http500":
        return new Response("Internal Server Error", { status: 500 });
      case "http503":
        return new Response("<html><body>503 Service Temporarily Unavailable</body></html>", { status: 503 });
      case "http403":
        return new Response("access too frequent", { status: 403 });
      case "malformed":
        return json(`{"retCode":0,"retMsg":"OK","result":{"symbol":"BTCUSDT",,,}`);
      case "badShape":
        return json(
          envelope(0, "OK", { symbol: "BTCUSDT", category: "linear", list: [["1", "2", "3"]] }, now),
        );
      case "truncated": {
        const bytes = new TextEncoder().encode(answer(url));
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(bytes.slice(0, Math.floor(bytes.length / 2)));
            controller.error(new Error("mock: connection cut midway"));
          },
        });
        return new Response(body, {
          headers: { "content-type": "application/json", "content-length": String(bytes.length) },
        });
      }
      case "hang":
        // Never answers; released by close() (the client gives up on its own timeout).
        await new Promise<void>((resolve) => hanging.add(resolve));
        return new Response("too late", { status: 504 });
      default:
        return json(answer(url, fault));
    }
  };

  return new Promise((resolve) => {
    const server = Deno.serve({
      hostname: "127.0.0.1",
      port: 0,
      onListen: ({ port }) => {
        resolve({
          baseUrl: `http://127.0.0.1:${port}`,
          get now() {
            return state.now;
          },
          set now(t: number) {
            state.now = t;
          },
          requests,
          inject(f, path = "/v5/market/kline") {
            for (const fault of Array.isArray(f) ? f : [f]) faults.push({ fault, path });
          },
          pendingFaults: () => faults.length,
          async close() {
            for (const release of hanging) release();
            hanging.clear();
            await server.shutdown();
          },
        });
      },
      onError: () => new Response("mock error", { status: 500 }),
    }, handler);
  });
}
