/**
 * The Bybit client against the local mock: paging, ordering, the open candle, every retryable and
 * non-retryable failure of `bybit_v5.md`, and the snapshot endpoints. Expected rows come from the mock's
 * closed formula (`formulaRow`), so every value is checked exactly.
 */
import assert from "node:assert/strict";
import pl from "nodejs-polars";
import {
  BybitApiError,
  type BybitCategory,
  type BybitInterval,
  BybitResponseError,
  BybitUnavailableError,
  fetchKlines,
  fetchOrderbook,
  fetchRecentTrades,
  klineColumns,
} from "@lib/data/mod.ts";
import { formulaRow, type MockBybit, type MockBybitOptions, startMockBybit } from "../_mock_bybit.ts";

const FAST = { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, seed: 1 }, timeoutMs: 5_000 } as const;
const NOW = Date.UTC(2025, 6, 15, 12, 34, 56, 789);
const DAY = {
  symbol: "BTCUSDT",
  interval: "1",
  start: Date.UTC(2025, 5, 1),
  end: Date.UTC(2025, 5, 1, 2),
} as const;

async function withMock(
  fn: (mock: MockBybit) => Promise<void>,
  options: MockBybitOptions = {},
): Promise<void> {
  const mock = await startMockBybit({ now: NOW, ...options });
  try {
    await fn(mock);
  } finally {
    await mock.close();
  }
}

/** Expected columns for 1-minute bars in [start, end) from the mock's formula. */
function expectedRows(start: number, end: number): number[][] {
  const rows: number[][] = [];
  for (let t = start; t < end; t += 60_000) rows.push(formulaRow(t, "1").map(Number));
  return rows;
}

function rowsOf(df: Awaited<ReturnType<typeof fetchKlines>>): number[][] {
  const c = klineColumns(df);
  return Array.from(
    c.startTime,
    (t, i) => [t, c.open[i]!, c.high[i]!, c.low[i]!, c.close[i]!, c.volume[i]!, c.turnover[i]!],
  );
}

Deno.test("fetchKlines pages a range of 2,500 bars in three windows of at most 1000 and returns it ascending", async () => {
  await withMock(async (mock) => {
    const start = Date.UTC(2025, 5, 1), end = start + 2_500 * 60_000;
    const df = await fetchKlines({ symbol: "BTCUSDT", interval: "1", start, end }, {
      baseUrl: mock.baseUrl,
      ...FAST,
    });
    assert.deepEqual(df.columns, ["startTime", "open", "high", "low", "close", "volume", "turnover"]);
    assert.ok(df.getColumn("startTime").dtype.equals(pl.Datetime("ms", "UTC")));
    assert.deepEqual(rowsOf(df), expectedRows(start, end));
    const kline = mock.requests.filter((u) => u.pathname === "/v5/market/kline");
    assert.equal(kline.length, 3);
    for (const u of kline) {
      assert.equal(u.searchParams.get("limit"), "1000");
      const bars = (Number(u.searchParams.get("end")) - Number(u.searchParams.get("start"))) / 60_000 + 1;
      assert.ok(bars <= 1000, `window of ${bars} bars`);
    }
  });
});

Deno.test("fetchKlines removes bars repeated across overlapping pages and clips to [start, end)", async () => {
  // A server whose pages overlap by one bar (inclusive ends answered generously).
  await withMock(async (mock) => {
    const start = Date.UTC(2025, 5, 1, 0, 0, 30), end = Date.UTC(2025, 5, 1, 0, 40);
    const df = await fetchKlines({ symbol: "BTCUSDT", interval: "1", start, end }, {
      baseUrl: mock.baseUrl,
      ...FAST,
    });
    assert.deepEqual(rowsOf(df), expectedRows(Date.UTC(2025, 5, 1, 0, 1), end));
  }, {
    klines: ({ interval, start, end, limit }) => {
      const rows: string[][] = [];
      for (let t = end + 60_000; t >= start - 60_000 && rows.length < limit; t -= 60_000) {
        rows.push(formulaRow(t, interval));
      }
      return rows;
    },
  });
});

Deno.test("fetchKlines leaves out the still-open candle and gets it once it has closed", async () => {
  await withMock(async (mock) => {
    const spec = {
      symbol: "BTCUSDT",
      interval: "1",
      start: NOW - 10 * 60_000,
      end: NOW + 3_600_000,
    } as const;
    const openBar = Math.floor(NOW / 60_000) * 60_000;
    const before = klineColumns(await fetchKlines(spec, { baseUrl: mock.baseUrl, ...FAST }));
    assert.equal(before.startTime[before.startTime.length - 1], openBar - 60_000);
    mock.now = openBar + 60_000 + 1;
    const after = await fetchKlines(spec, { baseUrl: mock.baseUrl, ...FAST });
    const rows = rowsOf(after);
    assert.deepEqual(rows[rows.length - 1], formulaRow(openBar, "1").map(Number));
  });
});

for (
  const fault of [
    "ret10006",
    "ret10016",
    "ret10429",
    "http429",
    "http500",
    "http503",
    "malformed",
    "truncated",
  ] as const
) {
  Deno.test(`fetchKlines retries after ${fault} and returns the same data as without it`, async () => {
    await withMock(async (mock) => {
      mock.inject(fault);
      const df = await fetchKlines(DAY, { baseUrl: mock.baseUrl, ...FAST });
      assert.deepEqual(rowsOf(df), expectedRows(DAY.start, DAY.end));
      assert.equal(mock.pendingFaults(), 0);
      assert.equal(mock.requests.length, 2);
    });
  });
}

Deno.test("fetchKlines gives up after maxAttempts retryable failures with BybitUnavailableError", async () => {
  await withMock(async (mock) => {
    mock.inject(["http503", "ret10006", "http500"]);
    await assert.rejects(
      fetchKlines(DAY, { baseUrl: mock.baseUrl, ...FAST }),
      (e: unknown) => e instanceof BybitUnavailableError && e.attempts === 3 && /HTTP 500/.test(e.message),
    );
    assert.equal(mock.requests.length, 3);
  });
});

Deno.test("fetchKlines times out a request that hangs, then retries", async () => {
  await withMock(async (mock) => {
    mock.inject("hang");
    // 1 s: long enough for the retried (answered) request even on a loaded machine.
    const df = await fetchKlines(DAY, { baseUrl: mock.baseUrl, ...FAST, timeoutMs: 1_000 });
    assert.equal(df.height, 120);
    mock.inject(["hang", "hang"]);
    await assert.rejects(
      fetchKlines(DAY, { baseUrl: mock.baseUrl, timeoutMs: 50, retry: { maxAttempts: 2, baseDelayMs: 1 } }),
      (e: unknown) => e instanceof BybitUnavailableError && /timed out after 50 ms/.test(e.message),
    );
  });
});

Deno.test("fetchKlines reports 10001 'Not supported symbols' with Bybit's retMsg and does not retry", async () => {
  await withMock(async (mock) => {
    await assert.rejects(
      fetchKlines({ ...DAY, symbol: "NOPEUSDT" }, { baseUrl: mock.baseUrl, ...FAST }),
      (e: unknown) =>
        e instanceof BybitApiError && e.retCode === 10001 && e.retMsg === "Not supported symbols" &&
        /Not supported symbols/.test(e.message),
    );
    assert.equal(mock.requests.length, 1);
  });
});

Deno.test("fetchKlines reports 10001 'Invalid period!' from the server and rejects bad intervals before any request", async () => {
  await withMock(async (mock) => {
    await assert.rejects(
      fetchKlines({ ...DAY, interval: "M" }, { baseUrl: mock.baseUrl, ...FAST }),
      (e: unknown) => e instanceof BybitApiError && e.retCode === 10001 && e.retMsg === "Invalid period!",
    );
    assert.equal(mock.requests.length, 1);
    await assert.rejects(
      fetchKlines({ ...DAY, interval: "2" as unknown as BybitInterval }, { baseUrl: mock.baseUrl, ...FAST }),
      (e: unknown) => e instanceof RangeError && /interval must be one of 1, 3, 5/.test(e.message),
    );
    assert.equal(mock.requests.length, 1);
  }, {
    klines: (q) => {
      if (q.interval === "M") throw new Error("unreachable");
      return [];
    },
    rejectIntervals: ["M"],
  });
});

Deno.test("fetchKlines does not retry HTTP 403 (IP ban), 10002 or a body of the wrong shape", async () => {
  await withMock(async (mock) => {
    mock.inject("http403");
    await assert.rejects(
      fetchKlines(DAY, { baseUrl: mock.baseUrl, ...FAST }),
      (e: unknown) => e instanceof BybitApiError && e.httpStatus === 403 && /IP ban/.test(e.message),
    );
    mock.inject("ret10002");
    await assert.rejects(
      fetchKlines(DAY, { baseUrl: mock.baseUrl, ...FAST }),
      (e: unknown) => e instanceof BybitApiError && e.retCode === 10002,
    );
    mock.inject("badShape");
    await assert.rejects(
      fetchKlines(DAY, { baseUrl: mock.baseUrl, ...FAST }),
      (e: unknown) => e instanceof BybitResponseError && /3 fields, expected 7/.test(e.message),
    );
    assert.equal(mock.requests.length, 3);
  });
});

Deno.test("fetchKlines stops at once when its signal aborts", async () => {
  await withMock(async (mock) => {
    mock.inject("hang");
    const controller = new AbortController();
    const pending = fetchKlines(DAY, { baseUrl: mock.baseUrl, ...FAST, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user cancelled")), 20);
    await assert.rejects(pending, /user cancelled/);
  });
});

Deno.test("fetchKlines rejects symbols that could escape the cache and invalid ranges before any request", async () => {
  await withMock(async (mock) => {
    for (const symbol of ["../BTC", "btcusdt", "BTC/USDT", "A", "", "BTC USDT"]) {
      await assert.rejects(fetchKlines({ ...DAY, symbol }, { baseUrl: mock.baseUrl }), RangeError);
    }
    await assert.rejects(
      fetchKlines({ ...DAY, end: DAY.start }, { baseUrl: mock.baseUrl }),
      /end must be after start/,
    );
    await assert.rejects(
      fetchKlines({ ...DAY, category: "option" as unknown as BybitCategory }, { baseUrl: mock.baseUrl }),
      RangeError,
    );
    assert.equal(mock.requests.length, 0);
  });
});

Deno.test("fetchKlines takes its base URL from BYBIT_BASE_URL when no option is given", async () => {
  await withMock(async (mock) => {
    const previous = Deno.env.get("BYBIT_BASE_URL");
    Deno.env.set("BYBIT_BASE_URL", mock.baseUrl);
    try {
      const df = await fetchKlines(DAY, FAST);
      assert.equal(df.height, 120);
      assert.equal(mock.requests.length, 1);
    } finally {
      if (previous === undefined) Deno.env.delete("BYBIT_BASE_URL");
      else Deno.env.set("BYBIT_BASE_URL", previous);
    }
  });
});

Deno.test("fetchRecentTrades and fetchOrderbook parse Bybit's shapes, with retries", async () => {
  await withMock(async (mock) => {
    mock.inject("ret10006", "/v5/market/recent-trade");
    const trades = await fetchRecentTrades({ symbol: "BTCUSDT", limit: 5 }, {
      baseUrl: mock.baseUrl,
      ...FAST,
    });
    assert.equal(trades.height, 5);
    const times = trades.getColumn("time").cast(pl.Float64).toArray() as number[];
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    assert.deepEqual([...new Set(trades.getColumn("side").toArray())].sort(), ["Buy", "Sell"]);
    const inverse = await fetchRecentTrades({ symbol: "BTCUSDT", category: "inverse" }, {
      baseUrl: mock.baseUrl,
    });
    assert.equal(inverse.height, 5);
    mock.inject("http500", "/v5/market/orderbook");
    const book = await fetchOrderbook({ symbol: "BTCUSDT", limit: 5 }, { baseUrl: mock.baseUrl, ...FAST });
    assert.equal(book.bidPrices.length, 5);
    assert.ok(book.bestBid < book.bestAsk);
    // Mock book: bid mid - 0.05, ask mid + 0.05, so the spread is 0.1 quote units.
    assert.ok(Math.abs((book.bestAsk - book.bestBid) - 0.1) < 1e-9);
    assert.ok(Math.abs(book.spreadBps - 0.1 / book.mid * 1e4) < 1e-9);
    await assert.rejects(
      fetchOrderbook({ symbol: "XYZUSDT" }, { baseUrl: mock.baseUrl, ...FAST }),
      /Not supported symbols/,
    );
  });
});
