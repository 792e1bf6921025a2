/**
 * The Bybit trade archive client against the local mock archive: URL builder, header formats, gzip
 * download and parsing, retries, a missing day, a truncated gzip, a bad row and a duplicate trade id.
 */
import assert from "node:assert/strict";
import pl from "nodejs-polars";
import {
  BybitApiError,
  BybitArchiveMissingDayError,
  BybitResponseError,
  bybitTradeArchiveFormat,
  bybitTradeArchiveUrl,
  BybitUnavailableError,
  fetchTradeDay,
  type TradeArchiveOptions,
} from "@lib/data/mod.ts";
import {
  LINEAR_HEADER,
  linearDayCsv,
  linearRow,
  type MockArchive,
  startMockArchive,
  tradingPath,
} from "../_mock_archive.ts";

const FAST = { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, seed: 1 }, timeoutMs: 10_000 };
const DAY = "2025-06-01";
const PATH = tradingPath("BTCUSDT", DAY);

async function withArchive(
  fn: (mock: MockArchive, options: TradeArchiveOptions) => Promise<void>,
): Promise<void> {
  const mock = await startMockArchive();
  try {
    await fn(mock, { archiveUrl: mock.baseUrl, ...FAST });
  } finally {
    await mock.close();
  }
}

Deno.test("bybitTradeArchiveUrl: linear and inverse under /trading without separator, spot under /spot with _", () => {
  const o = { archiveUrl: "https://example.test/archive/" };
  assert.equal(
    bybitTradeArchiveUrl({ symbol: "BTCUSDT", category: "linear", date: "2025-06-01" }, o),
    "https://example.test/archive/trading/BTCUSDT/BTCUSDT2025-06-01.csv.gz",
  );
  assert.equal(
    bybitTradeArchiveUrl({ symbol: "BTCUSD", category: "inverse", date: "2024-02-29" }, o),
    "https://example.test/archive/trading/BTCUSD/BTCUSD2024-02-29.csv.gz",
  );
  assert.equal(
    bybitTradeArchiveUrl({ symbol: "ETHUSDT", category: "spot", date: "2025-01-31" }, o),
    "https://example.test/archive/spot/ETHUSDT/ETHUSDT_2025-01-31.csv.gz",
  );
  for (const bad of ["2025-02-30", "2025-6-01", "25-06-01", "1999-12-31", "2025-06-01/../x"]) {
    assert.throws(
      () => bybitTradeArchiveUrl({ symbol: "BTCUSDT", date: bad }, o),
      /date must be a UTC day/,
      bad,
    );
  }
  assert.throws(() => bybitTradeArchiveUrl({ symbol: "btc/usdt", date: DAY }, o), /symbol must be/);
  assert.throws(
    () => bybitTradeArchiveUrl({ symbol: "BTCUSDT", category: "option" as never, date: DAY }, o),
    /category/,
  );
  assert.throws(
    () => bybitTradeArchiveUrl({ symbol: "BTCUSDT", date: DAY }, { archiveUrl: "ftp://x" }),
    /http\(s\) URL/,
  );
});

Deno.test("bybitTradeArchiveUrl takes the base from BYBIT_ARCHIVE_URL, else public.bybit.com", () => {
  const before = Deno.env.get("BYBIT_ARCHIVE_URL");
  try {
    Deno.env.delete("BYBIT_ARCHIVE_URL");
    assert.equal(
      bybitTradeArchiveUrl({ symbol: "BTCUSDT", date: DAY }),
      "https://public.bybit.com/trading/BTCUSDT/BTCUSDT2025-06-01.csv.gz",
    );
    Deno.env.set("BYBIT_ARCHIVE_URL", "http://127.0.0.1:9");
    assert.equal(
      bybitTradeArchiveUrl({ symbol: "BTCUSDT", date: DAY }),
      "http://127.0.0.1:9/trading/BTCUSDT/BTCUSDT2025-06-01.csv.gz",
    );
  } finally {
    if (before === undefined) Deno.env.delete("BYBIT_ARCHIVE_URL");
    else Deno.env.set("BYBIT_ARCHIVE_URL", before);
  }
});

Deno.test("bybitTradeArchiveFormat reads columns by name, allows extra columns and refuses unknown headers", () => {
  const linear = bybitTradeArchiveFormat("linear", [...LINEAR_HEADER.split(","), "RPI"]);
  assert.deepEqual(linear, {
    columns: { timestamp: "timestamp", price: "price", size: "size", side: "side", tradeId: "trdMatchID" },
    timeUnit: "s",
    sizeUnit: "base",
  });
  assert.equal(bybitTradeArchiveFormat("inverse", LINEAR_HEADER.split(",")).sizeUnit, "quote");
  assert.throws(
    () => bybitTradeArchiveFormat("linear", ["timestamp", "symbol", "side", "size", "price"]),
    (e: Error) => e instanceof TypeError && /unknown header .*\(missing trdMatchID\)/.test(e.message),
  );
  assert.throws(
    () => bybitTradeArchiveFormat("spot", LINEAR_HEADER.split(",")),
    /Cannot read Bybit spot trade archive: unknown header timestamp,symbol.*missing id,volume/,
  );
});

Deno.test("fetchTradeDay gunzips, parses by header name (RPI column allowed) and sorts an unsorted day", async () => {
  await withArchive(async (mock, options) => {
    mock.put(PATH, linearDayCsv(DAY, 1001, { rpi: true }));
    const progress: [number, number | undefined][] = [];
    const df = await fetchTradeDay({ symbol: "BTCUSDT", date: DAY }, {
      ...options,
      onProgress: (r, t) => progress.push([r, t]),
    });
    assert.equal(df.height, 1001);
    const ids = df.getColumn("tradeId").toArray() as string[];
    assert.deepEqual(ids.slice(0, 3), ["t2025-06-01-0000000", "t2025-06-01-0000001", "t2025-06-01-0000002"]);
    assert.equal(ids[1000], "t2025-06-01-0001000");
    const t = df.getColumn("timestamp").cast(pl.Float64).toArray() as number[];
    // trade 0 at (0.5 * 86400 / 1001) s = 43.1568... s after midnight, written with 4 decimals: 43.1568 s.
    assert.equal(t[0], Date.UTC(2025, 5, 1) + 43_156);
    const buys = (df.getColumn("side").toArray() as number[]).filter((s) => s === 1).length;
    assert.equal(buys, 1001 - 334); // Sell when i % 3 === 0: 334 of 1001
    const last = progress.at(-1)!;
    assert.ok(last[1] !== undefined && last[0] === last[1], `progress ends at the content length: ${last}`);
  });
});

Deno.test("fetchTradeDay retries HTTP 5xx, 429 and a truncated gzip, then succeeds", async () => {
  await withArchive(async (mock, options) => {
    mock.put(PATH, linearDayCsv(DAY, 10));
    mock.inject(PATH, ["http503", "truncated"]);
    const df = await fetchTradeDay({ symbol: "BTCUSDT", date: DAY }, options);
    assert.equal(df.height, 10);
    assert.equal(mock.requests.length, 3);
    mock.inject(PATH, ["http429", "http500"]);
    assert.equal((await fetchTradeDay({ symbol: "BTCUSDT", date: DAY }, options)).height, 10);
    assert.equal(mock.requests.length, 6);
  });
});

Deno.test("a truncated gzip on every attempt is BybitUnavailableError after maxAttempts", async () => {
  await withArchive(async (mock, options) => {
    mock.put(PATH, linearDayCsv(DAY, 2000));
    mock.always(PATH, "truncated");
    await assert.rejects(
      fetchTradeDay({ symbol: "BTCUSDT", date: DAY }, options),
      (e: Error) =>
        e instanceof BybitUnavailableError &&
        /after 3 attempts: truncated or corrupt gzip body/.test(e.message),
    );
    assert.equal(mock.requests.length, 3);
  });
});

Deno.test("a day that is not published (404) fails at once with BybitArchiveMissingDayError; 403 is not retried", async () => {
  await withArchive(async (mock, options) => {
    await assert.rejects(
      fetchTradeDay({ symbol: "BTCUSDT", date: "2025-06-02" }, options),
      (e: Error) =>
        e instanceof BybitArchiveMissingDayError && e.date === "2025-06-02" &&
        /not published/.test(e.message),
    );
    assert.equal(mock.requests.length, 1);
    mock.put(PATH, linearDayCsv(DAY, 5));
    mock.always(PATH, "http403");
    await assert.rejects(fetchTradeDay({ symbol: "BTCUSDT", date: DAY }, options), BybitApiError);
    assert.equal(mock.requests.length, 2);
  });
});

Deno.test("a bad row or a duplicate trdMatchID is a BybitResponseError naming the line or the id", async () => {
  await withArchive(async (mock, options) => {
    const start = Date.UTC(2025, 5, 1) / 1000;
    const rows = [0, 1, 2].map((i) => linearRow(DAY, start, 3, i));
    mock.put(
      PATH,
      [LINEAR_HEADER, rows[0], rows[1]!.replace(",Buy,", ",Neutral,"), rows[2]].join("\n") + "\n",
    );
    await assert.rejects(
      fetchTradeDay({ symbol: "BTCUSDT", date: DAY }, options),
      (e: Error) =>
        e instanceof BybitResponseError && /line 3: side must be .*"Neutral"/.test(e.message) &&
        e.message.includes(PATH),
    );
    mock.put(
      PATH,
      [LINEAR_HEADER, rows[0], rows[1], rows[0]!.replace(/^\d+\.\d+/, `${start + 7}.0000`)].join("\n"),
    );
    await assert.rejects(
      fetchTradeDay({ symbol: "BTCUSDT", date: DAY }, options),
      /trade ids must be unique: id "t2025-06-01-0000000" appears on lines 2, 4/,
    );
    mock.put(PATH, "time,px\n1,2\n");
    await assert.rejects(fetchTradeDay({ symbol: "BTCUSDT", date: DAY }, options), /unknown header time,px/);
  });
});

Deno.test("spot days: id,timestamp(ms),price,volume,side(,rpi) from /spot/{SYMBOL}/{SYMBOL}_{date}.csv.gz", async () => {
  await withArchive(async (mock, options) => {
    mock.put(
      "/spot/BTCUSDT/BTCUSDT_2025-06-01.csv.gz",
      "id,timestamp,price,volume,side,rpi\n2,1748736000500,104000.5,0.01,sell,0\n1,1748736000100,104000.1,0.02,buy,1\n",
    );
    const df = await fetchTradeDay({ symbol: "BTCUSDT", category: "spot", date: DAY }, options);
    assert.deepEqual(df.getColumn("tradeId").toArray(), ["1", "2"]);
    assert.deepEqual(df.getColumn("side").toArray(), [1, -1]);
    assert.deepEqual(df.getColumn("size").toArray(), [0.02, 0.01]);
  });
});

Deno.test("inverse days: size in 1-USD contracts becomes base units (size / price)", async () => {
  await withArchive(async (mock, options) => {
    mock.put(
      tradingPath("BTCUSD", DAY),
      `${LINEAR_HEADER}\n1748736000.5000,BTCUSD,Buy,1000,50000,PlusTick,x1,2000000,1000,0.02\n`,
    );
    const df = await fetchTradeDay({ symbol: "BTCUSD", category: "inverse", date: DAY }, options);
    assert.deepEqual(df.getColumn("size").toArray(), [0.02]);
  });
});
