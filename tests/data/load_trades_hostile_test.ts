/**
 * loadTrades, the trade-day cache and the archive client against hostile answers and hostile
 * environments: days that are not what they claim (header only, another symbol, another day, part of a
 * day), a writer killed mid-write, unreadable cache files, bad cache folders, tie order, gzip bombs, endless
 * or stalled bodies, long rate limits, far ends, multi-member and pre-inflated gzip. Each test failed before
 * the behaviour it checks existed (run against the previous lib/data: each assertion below was seen to fail).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { listFiles } from "./_files.ts";
import { gzipSync } from "node:zlib";
import pl from "nodejs-polars";
import * as data from "@lib/data/mod.ts";
import {
  BybitResponseError,
  BybitUnavailableError,
  fetchTradeDay,
  loadKlines,
  loadTrades,
  TradeLoadError,
  tradeTapeToFrame,
} from "@lib/data/mod.ts";
import { bybitGet } from "@lib/data/bybit/_bybit_request.ts";

// Read off the module object (not imported by name) so that this file also runs against a lib/data
// without it, where each test below was seen to fail on its own.
const { BybitRateLimitError } = data;
import { inspectTradeDay, tradeDayPath, writeTradeDay } from "@lib/data/cache/_trade_cache.ts";
import {
  gzip,
  LINEAR_HEADER,
  linearDayCsv,
  linearRow,
  tradingPath,
  withMockArchive,
} from "./_mock_archive.ts";
import { startMockBybit } from "./_mock_bybit.ts";

const withArchive = (fn: Parameters<typeof withMockArchive>[1]) => withMockArchive("trade_hostile_test_", fn);
const D1 = "2025-06-01";
const DAY1 = { symbol: "BTCUSDT", category: "linear", start: D1, end: "2025-06-02" } as const;
const P1 = tradingPath("BTCUSDT", D1);

/** The one failed day of a rejected loadTrades. */
async function failedDay(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (e) => e);
  assert.ok(error instanceof TradeLoadError, `expected a TradeLoadError, got ${error}`);
  return error.report.days[0]!;
}

// --- The trade cache must only hold what the day is -------------------------------------------------

Deno.test("a header-only archive day (HTTP 200) is failed, not cached as 0 rows, and asked again next time", async () => {
  await withArchive(async (mock, dir, options) => {
    mock.put(P1, LINEAR_HEADER + "\n");
    const day = await failedDay(loadTrades(DAY1, options));
    assert.equal(day.status, "failed");
    assert.match(day.reason!, /header but no trade/);
    assert.deepEqual(await listFiles(join(dir, "trades")), []);
    await loadTrades(DAY1, options).catch(() => {});
    assert.equal(mock.requests.length, 2, "the day is requested again, not served from the cache");
  });
});

Deno.test("rows of another symbol or another day are refused before anything is cached", async (t) => {
  const dayStart = Date.parse(`${D1}T00:00:00Z`) / 1000;
  const good = linearDayCsv(D1, 20).trimEnd().split("\n");
  const cases: [string, string, RegExp][] = [
    [
      "an ETHUSDT row",
      linearRow(D1, dayStart, 20, 5, "ETHUSDT").replace(`t${D1}-0000005`, "eth"),
      /symbol must be BTCUSDT.*"ETHUSDT"/,
    ],
    [
      "a next-day row",
      linearRow("2025-06-02", dayStart + 86_400, 20, 3),
      /must lie in 2025-06-01.*2025-06-02T/,
    ],
    ["a 2023 row", linearRow("2023-01-01", Date.parse("2023-01-01T00:00:00Z") / 1000, 20, 3), /2023-01-01T/],
  ];
  for (const [name, row, why] of cases) {
    await t.step(name, async () => {
      await withArchive(async (mock, dir, options) => {
        mock.put(P1, [...good, row].join("\n") + "\n");
        const day = await failedDay(loadTrades(DAY1, options));
        assert.equal(day.status, "failed");
        assert.equal(day.cause, "invalid");
        assert.match(day.reason!, why);
        assert.deepEqual(await listFiles(join(dir, "trades")), []);
      });
    });
  }
  await t.step("the previous day's whole file served for the day", async () => {
    await withArchive(async (mock, dir, options) => {
      mock.put(P1, linearDayCsv("2025-05-31", 50));
      const day = await failedDay(loadTrades(DAY1, options));
      assert.match(day.reason!, /50 of 50 trade\(s\) do not/);
      assert.deepEqual(await listFiles(join(dir, "trades")), []);
    });
  });
  await t.step("writeTradeDay refuses a frame with a row of another day", async () => {
    const dir = await Deno.makeTempDir();
    try {
      const path = tradeDayPath(dir, "linear", "BTCUSDT", D1);
      const frame = pl.DataFrame({
        timestamp: [Date.UTC(2025, 5, 1, 12), Date.UTC(2025, 5, 2, 0, 0, 0, 1)],
        price: [1, 1],
        size: [1, 1],
        side: [1, -1],
        tradeId: ["a", "b"],
      }).withColumns(
        pl.col("timestamp").cast(pl.Datetime("ms", "UTC")),
        pl.col("side").cast(pl.Int8),
      );
      await assert.rejects(writeTradeDay(path, frame), /outside the day \[2025-06-01T00:00:00.000Z/);
      assert.equal(inspectTradeDay(path).kind, "missing");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});

Deno.test("a cached file whose rows are not its day's is refused on read, naming the file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "trade_hostile_test_" });
  try {
    // Planted by hand (as an old version or another tool could have written it): 2025-06-02's trades.
    const path = tradeDayPath(dir, "linear", "BTCUSDT", D1);
    await Deno.mkdir(join(path, ".."), { recursive: true });
    const times = [Date.UTC(2025, 5, 2, 1), Date.UTC(2025, 5, 2, 2)];
    tradeTapeToFrame({
      timestamps: Float64Array.from(times),
      prices: Float64Array.from([1, 1]),
      sizes: Float64Array.from([1, 1]),
      signs: Int8Array.from([1, -1]),
      symbol: "BTCUSDT",
      source: "bybit",
    }).writeParquet(path);
    const warn = console.warn;
    console.warn = () => {};
    try {
      const day = await failedDay(loadTrades(DAY1, { offline: true, cacheDir: dir }));
      // A corrupt file is a fault, not an absence: failed with cause "invalid", so no fallback hides it.
      assert.equal(day.status, "failed");
      assert.equal(day.cause, "invalid");
      assert.match(day.reason!, /cached file was corrupt \(its trades run from 2025-06-02T01/);
      assert.ok(day.reason!.includes(`moved to ${path}.corrupt-`), day.reason);
    } finally {
      console.warn = warn;
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a day that holds part of a liquid day is reported suspicious and not cached, unless accepted", async () => {
  // 300 trades in the first 20 % of the day (00:00 to 04:48 UTC); the check is scaled down to 100 trades
  // so that the fixture stays small (the default is 10,000 trades and a 1 h edge).
  const dayStart = Date.parse(`${D1}T00:00:00Z`) / 1000;
  const rows = Array.from(
    { length: 300 },
    (_, i) => linearRow(D1, dayStart, 300, i).replace(/^[^,]+/, (dayStart + (i + 0.5) * 57.6).toFixed(4)),
  );
  await withArchive(async (mock, dir, options) => {
    mock.put(P1, [LINEAR_HEADER, ...rows].join("\n") + "\n");
    const strict = { ...options, plausibility: { minTrades: 100 } };
    const day = await failedDay(loadTrades(DAY1, strict));
    assert.equal(day.cause, "suspicious");
    assert.match(
      day.reason!,
      /suspicious day: 300 trades from 00:00:28 to 04:47:31 UTC.*acceptSuspiciousDays/,
    );
    assert.deepEqual(await listFiles(join(dir, "trades")), []);
    const accepted = await loadTrades(DAY1, { ...strict, acceptSuspiciousDays: true });
    assert.equal(accepted.report.days[0]!.status, "fetched");
    assert.match(accepted.report.days[0]!.reason!, /cached as accepted/);
  });
});

Deno.test("a writer killed with SIGKILL before its rename leaves nothing that breaks a scan of trades/", async () => {
  await withArchive(async (mock, dir, options) => {
    mock.put(P1, linearDayCsv(D1, 100));
    const marker = join(dir, "child-ready");
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-all",
        "--no-check",
        "--config",
        new URL("../../deno.json", import.meta.url).pathname,
        new URL("./_kill_writer_child.ts", import.meta.url).pathname,
        dir,
        marker,
      ],
      stdout: "null",
      stderr: "inherit",
    }).spawn();
    try {
      for (let k = 0; k < 600; k++) {
        if (await Deno.stat(marker).then(() => true, () => false)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(await Deno.stat(marker).then(() => true, () => false), "the child reached the rename");
    } finally {
      child.kill("SIGKILL");
      await child.status;
    }
    const orphans = (await listFiles(dir)).filter((f) => /part-0\.parquet\.tmp-/.test(f));
    assert.equal(orphans.length, 1, "the kill left the complete temporary file behind");
    // The day is then cached by a healthy loader; a scan of the whole tree must see only day files.
    await loadTrades(DAY1, options);
    const inTree = await listFiles(join(dir, "trades"));
    assert.deepEqual(inTree, ["category=linear/symbol=BTCUSDT/date=2025-06-01/part-0.parquet"]);
    const scanned = await pl.scanParquet(join(dir, "trades/")).collect();
    assert.equal(scanned.height, 100);
  });
});

Deno.test("an orphaned temporary file inside a day folder is swept when the day is opened", async () => {
  await withArchive(async (mock, dir, options) => {
    mock.put(P1, linearDayCsv(D1, 30));
    await loadTrades(DAY1, options);
    const path = tradeDayPath(dir, "linear", "BTCUSDT", D1);
    await Deno.writeTextFile(`${path}.tmp-4242-0000`, "half a parquet file");
    const again = await loadTrades(DAY1, options);
    assert.equal(again.report.days[0]!.status, "cached");
    assert.deepEqual(await listFiles(join(dir, "trades")), [
      "category=linear/symbol=BTCUSDT/date=2025-06-01/part-0.parquet",
    ]);
    assert.equal((await pl.scanParquet(join(dir, "trades/")).collect()).height, 30);
  });
});

Deno.test("a cached day that cannot be read is an error naming it, never moved aside nor downloaded again", async (t) => {
  await t.step("a directory in the file's place", async () => {
    await withArchive(async (mock, dir, options) => {
      const path = tradeDayPath(dir, "linear", "BTCUSDT", D1);
      await Deno.mkdir(path, { recursive: true });
      await assert.rejects(
        loadTrades(DAY1, options),
        (e: unknown) =>
          e instanceof Error && e.message.includes(path) && /not a regular file/.test(e.message),
      );
      assert.equal(mock.requests.length, 0);
      assert.ok((await Deno.stat(path)).isDirectory, "left in place");
    });
  });
  await t.step("permission denied (EACCES, injected: tests run as root)", async () => {
    await withArchive(async (mock, dir, options) => {
      mock.put(P1, linearDayCsv(D1, 30));
      await loadTrades(DAY1, options);
      const path = tradeDayPath(dir, "linear", "BTCUSDT", D1);
      assert.throws(
        () =>
          inspectTradeDay(path, {
            probeReadable: () => {
              throw new Deno.errors.PermissionDenied("Permission denied (os error 13)");
            },
          }),
        (e: unknown) => e instanceof Error && e.message.includes(path) && /PermissionDenied/.test(e.message),
      );
      assert.equal(inspectTradeDay(path).kind, "ok", "the file is still there, not moved aside");
    });
  });
});

Deno.test("cacheDir must be a non-empty path to a directory (loadTrades and loadKlines)", async () => {
  const dir = await Deno.makeTempDir();
  const file = join(dir, "a-file");
  await Deno.writeTextFile(file, "x");
  const cwdBefore = await listFiles(Deno.cwd()).then((f) => f.filter((p) => p.startsWith("trades/")).length);
  try {
    await assert.rejects(
      loadTrades(DAY1, { offline: true, cacheDir: "" }),
      (e: unknown) =>
        e instanceof RangeError &&
        /cacheDir must be a non-empty path.*: current value is ""$/.test(e.message),
    );
    await assert.rejects(
      loadTrades(DAY1, { offline: true, cacheDir: file }),
      (e: unknown) =>
        e instanceof RangeError &&
        e.message.includes(`cacheDir must be a directory: current value is ${file}`),
    );
    const klines = {
      symbol: "BTCUSDT",
      interval: "60" as const,
      start: Date.UTC(2025, 0, 1),
      end: Date.UTC(2025, 0, 2),
    };
    await assert.rejects(
      loadKlines(klines, { offline: true, cacheDir: "" }),
      /cacheDir must be a non-empty path/,
    );
    await assert.rejects(
      loadKlines(klines, { offline: true, cacheDir: file }),
      /cacheDir must be a directory/,
    );
    const cwdAfter = await listFiles(Deno.cwd()).then((f) => f.filter((p) => p.startsWith("trades/")).length);
    assert.equal(cwdAfter, cwdBefore, "nothing written under ./trades");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("trades of one timestamp keep the archive's order (reversed for a newest-first file), never the id order", async () => {
  // Bybit writes its day files newest first; three fills of one microsecond carry UUID ids whose sort
  // order (a < b < c) is not their execution order (c, a, b, oldest first).
  const t0 = Date.parse(`${D1}T12:00:00Z`) / 1000;
  const row = (t: number, id: string, size: string) =>
    `${t.toFixed(6)},BTCUSDT,Buy,${size},100,PlusTick,${id},1,${size},100`;
  const newestFirst = [
    LINEAR_HEADER,
    row(t0 + 1, "d-later", "0.004"),
    row(t0, "b-third", "0.003"),
    row(t0, "a-second", "0.002"),
    row(t0, "c-first", "0.001"),
    row(t0 - 1, "e-earlier", "0.005"),
  ].join("\n") + "\n";
  await withArchive(async (mock, _dir, options) => {
    mock.put(P1, newestFirst);
    const df = await fetchTradeDay({ symbol: "BTCUSDT", date: D1 }, options);
    assert.deepEqual(df.getColumn("tradeId").toArray(), [
      "e-earlier",
      "c-first",
      "a-second",
      "b-third",
      "d-later",
    ]);
  });
  // Oldest first (a file in time order): the same ties stay as written.
  await withArchive(async (mock, _dir, options) => {
    mock.put(
      P1,
      [LINEAR_HEADER, row(t0, "z", "0.001"), row(t0, "m", "0.002"), row(t0, "a", "0.003")].join("\n") + "\n",
    );
    const df = await fetchTradeDay({ symbol: "BTCUSDT", date: D1 }, options);
    assert.deepEqual(df.getColumn("tradeId").toArray(), ["z", "m", "a"]);
  });
});

// --- Bounded work, bounded memory -------------------------------------------------------------------

Deno.test("a day that decompresses past maxDayBytes is refused at once, not retried", async () => {
  await withArchive(async (mock, _dir, options) => {
    // 2,000 rows are about 190 KB of CSV (a gzip bomb in miniature: ~30 KB compressed); the cap is 50 KB.
    mock.put(P1, linearDayCsv(D1, 2_000));
    await assert.rejects(
      fetchTradeDay({ symbol: "BTCUSDT", date: D1 }, { ...options, maxDayBytes: 50_000 }),
      (e: unknown) =>
        e instanceof BybitResponseError && /more than maxDayBytes = 50000 bytes/.test(e.message),
    );
    assert.equal(mock.requests.length, 1);
    await assert.rejects(
      fetchTradeDay({ symbol: "BTCUSDT", date: D1 }, { ...options, maxDayBytes: 0 }),
      /maxDayBytes must be a finite number > 0: current value is 0/,
    );
  });
});

/** A body that never ends: `first` is sent, then nothing more (or `chunk` forever when `endless`). */
function openBody(first: Uint8Array, endless?: Uint8Array): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(first);
        return;
      }
      if (endless) {
        controller.enqueue(endless);
        return;
      }
      return new Promise(() => {}); // stalls
    },
  }, { highWaterMark: 0 });
}

Deno.test("an endless error body (503) is read only a few KB deep", async () => {
  await withArchive(async (mock, _dir, options) => {
    const kb = new TextEncoder().encode("x".repeat(1024));
    mock.route(
      P1,
      () => new Response(openBody(new TextEncoder().encode("service unavailable "), kb), { status: 503 }),
    );
    const error = await fetchTradeDay({ symbol: "BTCUSDT", date: D1 }, { ...options, timeoutMs: 3_000 })
      .catch((e) => e);
    assert.ok(error instanceof BybitUnavailableError);
    assert.match(
      error.lastError,
      /^HTTP 503: service unavailable x+$/,
      "the message comes from the body's start",
    );
  });
});

Deno.test("a body that stalls is dropped after stallTimeoutMs with a clear message", async () => {
  await withArchive(async (mock, _dir, options) => {
    const gz = await gzip(linearDayCsv(D1, 200));
    mock.route(P1, () => new Response(openBody(gz.slice(0, 200))));
    const error = await fetchTradeDay({ symbol: "BTCUSDT", date: D1 }, {
      ...options,
      timeoutMs: 3_000,
      stallTimeoutMs: 100,
    }).catch((e) => e);
    assert.ok(error instanceof BybitUnavailableError, String(error));
    assert.match(error.lastError, /stalled: no byte received for 100 ms \(stallTimeoutMs\)/);
  });
});

Deno.test("HTTP 429 with a long Retry-After stops at once; repeated rate limiting stops the whole range", async (t) => {
  await t.step("one day: one request, BybitRateLimitError saying when to come back", async () => {
    await withArchive(async (mock, _dir, options) => {
      mock.always(P1, "http429long");
      const error = await fetchTradeDay({ symbol: "BTCUSDT", date: D1 }, {
        ...options,
        retry: { ...options.retry, maxAttempts: 5 },
      }).catch((e) => e);
      assert.ok(error instanceof BybitRateLimitError, String(error));
      assert.match(error.message, /Retry-After 3600 s.*try again after \d{4}-/);
      assert.equal(mock.requests.length, 1);
    });
  });
  await t.step("a month with a long Retry-After: one request, every day reported", async () => {
    await withArchive(async (mock, _dir, options) => {
      for (let d = 1; d <= 30; d++) {
        mock.always(tradingPath("BTCUSDT", `2025-06-${String(d).padStart(2, "0")}`), "http429long");
      }
      const error = await loadTrades({ ...DAY1, end: "2025-07-01" }, options).catch((e) => e);
      assert.ok(error instanceof TradeLoadError);
      assert.equal(mock.requests.length, 1);
      assert.equal(error.report.days.length, 30);
      assert.ok(error.report.days.every((d) => d.cause === "rate-limited"));
      assert.match(error.report.days[29]!.reason!, /not requested: the range stopped at 2025-06-01/);
    });
  });
  await t.step("a month of short-Retry-After 429s: the range stops after 2 days", async () => {
    await withArchive(async (mock, _dir, options) => {
      for (let d = 1; d <= 30; d++) {
        mock.always(tradingPath("BTCUSDT", `2025-06-${String(d).padStart(2, "0")}`), "http429");
      }
      const error = await loadTrades({ ...DAY1, end: "2025-07-01" }, options).catch((e) => e);
      assert.ok(error instanceof TradeLoadError);
      assert.equal(mock.requests.length, 2 * 2, "2 days of 2 attempts, then no more requests");
      assert.match(error.report.days[2]!.reason!, /stopped after 2 consecutive days rate limited/);
    });
  });
  await t.step("the kline client stops at once too", async () => {
    const mock = await startMockBybit();
    try {
      mock.inject(["http429long"], "/v5/market/time");
      const error = await bybitGet({
        action: "fetch server time",
        path: "/v5/market/time",
        query: {},
        parse: (r) => r,
      }, {
        baseUrl: mock.baseUrl,
        retry: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 5 },
      }).catch((e) => e);
      assert.ok(error instanceof BybitRateLimitError, String(error));
      assert.equal(mock.requests.length, 1);
    } finally {
      await mock.close();
    }
  });
});

Deno.test("an end of 9999-12-31 fails at once with a RangeError naming end (loadTrades and loadKlines)", async () => {
  await assert.rejects(
    loadTrades({ ...DAY1, end: "9999-12-31" }, { offline: true, cacheDir: "/nonexistent-cache" }),
    (e: unknown) =>
      e instanceof RangeError &&
      /end must be on or before 2100-01-01: current value is 9999-12-31T/.test(e.message) &&
      e.message.length < 300,
  );
  await assert.rejects(
    loadTrades({ ...DAY1, start: "2000-01-01", end: "2099-01-01" }, {
      offline: true,
      cacheDir: "/nonexistent-cache",
    }),
    /end - start must span at most 3660 days/,
  );
  const mock = await startMockBybit();
  try {
    await assert.rejects(
      loadKlines({
        symbol: "BTCUSDT",
        interval: "D",
        start: Date.UTC(2025, 5, 1),
        end: Date.UTC(9999, 11, 31),
      }, {
        baseUrl: mock.baseUrl,
        cacheDir: await Deno.makeTempDir(),
        offline: false,
        fallback: "error",
      }),
      /end must be on or before 2100-01-01/,
    );
  } finally {
    await mock.close();
  }
});

Deno.test("multi-member gzip, gzip with trailing bytes and a body a proxy already inflated all read", async (t) => {
  const csv = linearDayCsv(D1, 40);
  const [head, tail] = [csv.slice(0, 1500), csv.slice(1500)];
  const shapes: [string, () => Response][] = [
    ["two gzip members", () => new Response(new Uint8Array([...gzipSync(head), ...gzipSync(tail)]))],
    ["trailing zero bytes", () => new Response(new Uint8Array([...gzipSync(csv), 0, 0, 0, 0, 0, 0, 0, 0]))],
    [
      "Content-Encoding: gzip inflated by fetch",
      () => new Response(new Uint8Array(gzipSync(csv)), { headers: { "content-encoding": "gzip" } }),
    ],
  ];
  for (const [name, respond] of shapes) {
    await t.step(name, async () => {
      await withArchive(async (mock, _dir, options) => {
        mock.route(P1, respond);
        const df = await fetchTradeDay({ symbol: "BTCUSDT", date: D1 }, options);
        assert.equal(df.height, 40);
        assert.equal(mock.requests.length, 1);
      });
    });
  }
});
