/**
 * loadTrades and the trade-day cache against the local mock archive: hive-partitioned layout, fetching
 * only missing days, offline use, missing and failing days named, nothing partial ever cached (truncated
 * gzip, bad row, duplicate id, crash before the rename), corrupt files replaced, concurrent loaders, path
 * safety, and DuckDB reading the tree as it is.
 */
import assert from "node:assert/strict";
import { type DuckDbModule, loadDuckDb } from "../_duckdb.ts";
import { join } from "node:path";
import pl from "nodejs-polars";
import { listFiles } from "./_files.ts";
import {
  describeTradeLoad,
  loadTrades,
  TradeLoadError,
  tradeTapeDays,
  tradeTapeFromFrame,
  tradeTapeToFrame,
} from "@lib/data/mod.ts";
import { inspectTradeDay, tradeDayPath, writeTradeDay } from "@lib/data/cache/_trade_cache.ts";
import { LINEAR_HEADER, linearDayCsv, linearRow, tradingPath, withMockArchive } from "./_mock_archive.ts";

const withArchiveAndDir = (fn: Parameters<typeof withMockArchive>[1], days = DAYS) =>
  withMockArchive("trade_cache_test_", fn, (mock) => {
    days.forEach((d, k) => mock.put(tradingPath("BTCUSDT", d), linearDayCsv(d, ROWS[k] ?? 50)));
  });
const DAYS = ["2025-06-01", "2025-06-02", "2025-06-03"];
const ROWS = [300, 200, 100];
const SPEC = { symbol: "BTCUSDT", category: "linear", start: "2025-06-01", end: "2025-06-04" } as const;

const dayFile = (d: string) => `trades/category=linear/symbol=BTCUSDT/date=${d}/part-0.parquet`;

Deno.test("loadTrades fills an empty cache day by day in the hive layout, then serves it without a request", async () => {
  await withArchiveAndDir(async (mock, dir, options) => {
    const first = await loadTrades(SPEC, options);
    assert.deepEqual(first.report.days.map((d) => [d.date, d.status, d.rows]), [
      ["2025-06-01", "fetched", 300],
      ["2025-06-02", "fetched", 200],
      ["2025-06-03", "fetched", 100],
    ]);
    assert.equal(first.report.source, "bybit");
    assert.equal(first.report.rows, 600);
    assert.deepEqual(await listFiles(dir), DAYS.map(dayFile));
    const df = await first.frame.collect();
    assert.equal(df.height, 600);
    const tape = tradeTapeFromFrame(df, { symbol: "BTCUSDT", source: "bybit" }); // validates order, sizes, signs
    assert.equal(tape.timestamps[0], Date.UTC(2025, 5, 1) + 144_000); // 0.5 * 86400 / 300 s = 144 s
    assert.equal(mock.requests.length, 3);

    const again = await loadTrades(SPEC, options);
    assert.deepEqual(again.report.days.map((d) => d.status), ["cached", "cached", "cached"]);
    assert.equal(mock.requests.length, 3, "no request for cached days");
    const df2 = await again.frame.collect();
    assert.ok(df2.frameEqual(df));
    assert.match(
      describeTradeLoad(again.report),
      /3 day\(s\) from the cache, 0 fetched\): BTCUSDT linear.*600 trades/,
    );
  });
});

Deno.test("loadTrades fetches only the missing days and trims a range that does not fall on midnights", async () => {
  await withArchiveAndDir(async (mock, _dir, options) => {
    await loadTrades({ ...SPEC, start: "2025-06-02", end: "2025-06-03" }, options);
    assert.deepEqual(mock.requests, [tradingPath("BTCUSDT", "2025-06-02")]);
    const { frame, report } = await loadTrades(SPEC, options);
    assert.deepEqual(report.days.map((d) => d.status), ["fetched", "cached", "fetched"]);
    assert.equal(mock.requests.length, 3);
    assert.equal((await frame.collect()).height, 600);
    // 2025-06-02 06:00 to 18:00: trades i with (i + 0.5) * 432 s in [21600, 64800): i = 50 .. 149.
    const half = await loadTrades({
      ...SPEC,
      start: Date.UTC(2025, 5, 2, 6),
      end: new Date(Date.UTC(2025, 5, 2, 18)),
    }, options);
    assert.equal((await half.frame.collect()).height, 100);
    assert.equal(mock.requests.length, 3);
  });
});

Deno.test("a day that is not published (404) is named in a TradeLoadError; the other days are cached all the same", async () => {
  await withArchiveAndDir(async (_mock, dir, options) => {
    const error = await loadTrades({ ...SPEC, end: "2025-06-05" }, options).catch((e) => e);
    assert.ok(error instanceof TradeLoadError);
    assert.match(error.message, /2025-06-04: not published in Bybit's archive \(HTTP 404\)/);
    assert.match(error.message, /1 of 4 day\(s\) unavailable, 3 available/);
    assert.deepEqual(error.report.days.map((d: { status: string }) => d.status), [
      "fetched",
      "fetched",
      "fetched",
      "missing",
    ]);
    assert.deepEqual(await listFiles(dir), DAYS.map(dayFile));
  });
});

Deno.test("nothing partial is ever cached: truncated gzip, bad row, duplicate trade id, crash before the rename", async () => {
  await withArchiveAndDir(async (mock, dir, options) => {
    const start = Date.UTC(2025, 5, 2) / 1000;
    const rows = [0, 1, 2].map((i) => linearRow("2025-06-02", start, 3, i));
    mock.always(tradingPath("BTCUSDT", "2025-06-01"), "truncated");
    mock.put(
      tradingPath("BTCUSDT", "2025-06-02"),
      [LINEAR_HEADER, rows[0], rows[1]!.replace(",0.002,", ",-0.002,"), rows[2]].join("\n"),
    );
    mock.put(tradingPath("BTCUSDT", "2025-06-03"), [LINEAR_HEADER, rows[0], rows[1], rows[0]].join("\n"));
    const error = await loadTrades(SPEC, options).catch((e) => e);
    assert.ok(error instanceof TradeLoadError, String(error));
    assert.deepEqual(error.report.days.map((d: { status: string }) => d.status), [
      "failed",
      "failed",
      "failed",
    ]);
    assert.match(error.message, /2025-06-01: .*truncated or corrupt gzip body/);
    assert.match(
      error.message,
      /2025-06-02: .*line 3: size must be a finite number > 0: current value is "-0.002"/,
    );
    assert.match(
      error.message,
      /2025-06-03: .*trade ids must be unique: id "t2025-06-02-0000000" appears on lines 2, 4/,
    );
    assert.deepEqual(await listFiles(dir), [], "no file, no temporary file");

    // A crash between the checked temporary file and the rename leaves nothing behind either.
    const path = tradeDayPath(dir, "linear", "BTCUSDT", "2025-06-01");
    const frame = tradeTapeToFrame({
      timestamps: new Float64Array([Date.UTC(2025, 5, 1)]),
      prices: new Float64Array([100]),
      sizes: new Float64Array([1]),
      signs: new Int8Array([1]),
      symbol: "BTCUSDT",
      source: "bybit",
    });
    await assert.rejects(
      writeTradeDay(path, frame, {
        beforeRename: () => {
          throw new Error("simulated crash");
        },
      }),
      /simulated crash/,
    );
    assert.deepEqual((await listFiles(dir)).filter((f) => f.endsWith(".parquet") || f.includes(".tmp-")), []);
    // A frame with duplicate ids is refused before anything is written.
    await assert.rejects(
      writeTradeDay(path, pl.concat([frame, frame])),
      /trade ids must be unique: 1 duplicates among 2 rows/,
    );
    assert.equal(inspectTradeDay(path).kind, "missing");
  });
});

Deno.test("retries: a 5xx then a good answer caches the day", async () => {
  await withArchiveAndDir(async (mock, dir, options) => {
    mock.inject(tradingPath("BTCUSDT", "2025-06-01"), "http503");
    const { report } = await loadTrades({ ...SPEC, end: "2025-06-02" }, options);
    assert.deepEqual(report.days.map((d) => d.status), ["fetched"]);
    assert.equal(mock.requests.length, 2);
    assert.deepEqual(await listFiles(dir), [dayFile("2025-06-01")]);
  });
});

Deno.test("offline (option or BYBIT_OFFLINE=1): cached days are served, missing days are named, nothing is requested", async () => {
  await withArchiveAndDir(async (mock, _dir, options) => {
    await loadTrades({ ...SPEC, end: "2025-06-02" }, options);
    const requests = mock.requests.length;
    const cached = await loadTrades({ ...SPEC, end: "2025-06-02" }, { ...options, offline: true });
    assert.equal((await cached.frame.collect()).height, 300);
    const error = await loadTrades(SPEC, { ...options, offline: true }).catch((e) => e);
    assert.ok(error instanceof TradeLoadError);
    assert.match(
      error.message,
      /2025-06-02: not cached and offline \(option offline: true\); 2025-06-03: not cached/,
    );
    assert.match(
      error.message,
      /deno task fetch-trades --symbol BTCUSDT --category linear --start 2025-06-02 --end 2025-06-04\)$/,
    );
    const before = Deno.env.get("BYBIT_OFFLINE");
    Deno.env.set("BYBIT_OFFLINE", "1");
    try {
      const { offline: _, ...rest } = options;
      await assert.rejects(loadTrades(SPEC, rest), /not cached and offline \(BYBIT_OFFLINE is set\)/);
    } finally {
      if (before === undefined) Deno.env.delete("BYBIT_OFFLINE");
      else Deno.env.set("BYBIT_OFFLINE", before);
    }
    assert.equal(mock.requests.length, requests);
  });
});

Deno.test("concurrent loaders of the same day share one download, and racing writers both publish a whole file", async () => {
  await withArchiveAndDir(async (mock, dir, options) => {
    const [a, b] = await Promise.all([loadTrades(SPEC, options), loadTrades(SPEC, options)]);
    assert.equal(mock.requests.length, 3, "one request per day");
    assert.ok((await a.frame.collect()).frameEqual(await b.frame.collect()));
    // Two writers of one day (as two processes would be): the later rename wins, the file is whole.
    const path = tradeDayPath(dir, "linear", "BTCUSDT", "2025-06-01");
    const df = await a.frame.filter(pl.col("timestamp").cast(pl.Int64).lt(Date.UTC(2025, 5, 2))).collect();
    await Promise.all([writeTradeDay(path, df), writeTradeDay(path, df), writeTradeDay(path, df)]);
    assert.deepEqual(inspectTradeDay(path), { kind: "ok", rows: 300 });
    assert.deepEqual(await listFiles(dir), DAYS.map(dayFile));
  });
});

Deno.test("a corrupt cached day is moved aside and fetched again", async () => {
  await withArchiveAndDir(async (mock, dir, options) => {
    await loadTrades({ ...SPEC, end: "2025-06-02" }, options);
    const path = join(dir, dayFile("2025-06-01"));
    await Deno.writeTextFile(path, "not parquet");
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (m: string) => void warnings.push(m);
    try {
      const { report } = await loadTrades({ ...SPEC, end: "2025-06-02" }, options);
      assert.equal(report.days[0]!.status, "fetched");
      assert.match(report.days[0]!.reason!, /cached file was corrupt \(unreadable parquet/);
    } finally {
      console.warn = warn;
    }
    assert.equal(warnings.length, 1);
    assert.equal(mock.requests.length, 2);
    const files = await listFiles(dir);
    assert.equal(files.filter((f) => /part-0\.parquet\.corrupt-\d+$/.test(f)).length, 1);
    assert.equal(inspectTradeDay(path).kind, "ok");
  });
});

Deno.test("bad specs fail before any path is built or request made", async () => {
  await withArchiveAndDir(async (mock, dir, options) => {
    for (
      const [spec, message] of [
        [{ ...SPEC, symbol: "../../etc" }, /symbol must be/],
        [{ ...SPEC, category: "option" }, /category must be/],
        [{ ...SPEC, start: "2025-06-31" }, /date must be a UTC day/],
        [{ ...SPEC, start: "2025-06-03", end: "2025-06-01" }, /end must be after start/],
        [{ ...SPEC, start: 1.5 }, /start must be a day/],
      ] as const
    ) {
      await assert.rejects(loadTrades(spec as never, options), message);
    }
    assert.throws(() => tradeDayPath(dir, "linear", "BTCUSDT", "2025-06-01/../../x"), RangeError);
    assert.equal(mock.requests.length, 0);
    assert.deepEqual(await listFiles(dir), []);
  });
});

// DuckDB is an optional test dependency (tests/_duckdb.ts): without it this test is skipped, and says why.
const duckdb = await loadDuckDb();
if (typeof duckdb === "string") console.log(`skipping the DuckDB test: ${duckdb}`);

Deno.test({
  name: "DuckDB reads the cache tree as it is, with the hive partitions as columns",
  ignore: typeof duckdb === "string",
}, async () => {
  const { DuckDBInstance } = duckdb as DuckDbModule;
  await withArchiveAndDir(async (_mock, dir, options) => {
    const { frame } = await loadTrades(SPEC, options);
    const df = await frame.collect();
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(
        `SELECT category, symbol, CAST(date AS VARCHAR) AS date, count(*) AS n, sum(size) AS volume,
                sum(CASE WHEN side = 1 THEN 1 ELSE 0 END) AS buys, min(timestamp) AS first, typeof(min(timestamp)) AS ttype
         FROM read_parquet('${dir}/trades/**/*.parquet', hive_partitioning = true)
         GROUP BY ALL ORDER BY date`,
      );
      const rows = reader.getRowObjectsJson();
      assert.deepEqual(rows.map((r) => [r.category, r.symbol, r.date, Number(r.n)]), [
        ["linear", "BTCUSDT", "2025-06-01", 300],
        ["linear", "BTCUSDT", "2025-06-02", 200],
        ["linear", "BTCUSDT", "2025-06-03", 100],
      ]);
      assert.equal(rows[0]!.ttype, "TIMESTAMP WITH TIME ZONE");
      // Buys: trades with i % 3 !== 0 (300 - 100, 200 - 67, 100 - 34).
      assert.deepEqual(rows.map((r) => Number(r.buys)), [200, 133, 66]);
      // The query of data/README.md, verbatim but for the folder.
      const readme = await connection.runAndReadAll(
        `SELECT symbol, date, count(*) AS trades, sum(size) AS volume,
                sum(side * size) AS signed_volume, min(price) AS low, max(price) AS high
         FROM read_parquet('${dir}/trades/**/*.parquet', hive_partitioning = true)
         WHERE category = 'linear' AND symbol = 'BTCUSDT' AND date BETWEEN '2025-06-01' AND '2025-06-02'
         GROUP BY ALL ORDER BY date`,
      );
      const summary = readme.getRowObjectsJson();
      assert.deepEqual(
        summary.map((r) => [String(r.date), Number(r.trades), Number(r.low), Number(r.high)]),
        [
          ["2025-06-01", 300, 30000, 30004.9],
          ["2025-06-02", 200, 30000, 30004.9],
        ],
      );
      const day1 = df.head(300);
      const signed = (day1.getColumn("size").toArray() as number[]).reduce(
        (s, x, i) => s + x * (day1.getColumn("side").get(i) as number),
        0,
      );
      assert.ok(Math.abs(Number(summary[0]!.signed_volume) - signed) < 1e-9);
      const volume = rows.reduce((s, r) => s + Number(r.volume), 0);
      const expected = (df.getColumn("size").toArray() as number[]).reduce((s, x) => s + x, 0);
      assert.ok(Math.abs(volume - expected) < 1e-9, `${volume} vs ${expected}`);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

Deno.test("polars (the engine of Python polars) scans the cache tree as it is, with hive partitioning", async () => {
  await withArchiveAndDir(async (_mock, dir, options) => {
    await loadTrades(SPEC, options);
    const lazy = pl.scanParquet(`${dir}/trades/**/*.parquet`, { hivePartitioning: true });
    const df = await lazy.collect();
    assert.deepEqual(df.columns, [
      "timestamp",
      "price",
      "size",
      "side",
      "tradeId",
      "category",
      "symbol",
      "date",
    ]);
    assert.equal(String(df.getColumn("date").dtype), "DataType(Date)");
    const perDay = await lazy.groupBy("date").agg(pl.len().alias("n")).sort("date").collect();
    assert.deepEqual(perDay.getColumn("n").toArray(), ROWS);
  });
});

Deno.test("tradeTapeDays reads a loadTrades answer one day file at a time, trimmed to the range, equal to the whole frame", async () => {
  await withArchiveAndDir(async (_mock, _dir, options) => {
    const loaded = await loadTrades(SPEC, options);
    assert.equal(loaded.dayFrames.length, 3);
    const whole = tradeTapeFromFrame(await loaded.frame.collect(), { symbol: "BTCUSDT", source: "bybit" });
    const days = [];
    for await (const tape of tradeTapeDays(loaded)) days.push(tape);
    assert.deepEqual(days.map((d) => d.prices.length), ROWS);
    assert.ok(days.every((d) => d.source === "bybit" && d.symbol === "BTCUSDT"));
    let at = 0;
    for (const d of days) {
      assert.deepEqual(d.timestamps, whole.timestamps.slice(at, at + d.timestamps.length));
      assert.deepEqual(d.signs, whole.signs.slice(at, at + d.signs.length));
      at += d.prices.length;
    }
    // A range that ends 1 ms into 2025-06-03: that day's file is scanned, trimmed to nothing and skipped.
    const cutShort = await loadTrades(
      { ...SPEC, start: "2025-06-02", end: Date.UTC(2025, 5, 3) + 1 },
      options,
    );
    assert.equal(cutShort.dayFrames.length, 2);
    const shortDays = [];
    for await (const tape of tradeTapeDays(cutShort)) shortDays.push(tape.prices.length);
    assert.deepEqual(shortDays, [ROWS[1]]);
  });
  assert.throws(
    () => tradeTapeDays({ frame: null } as never),
    /Cannot read trade days: loaded must be the answer of loadTrades \(with dayFrames\)/,
  );
  assert.throws(
    () => tradeTapeDays({ frame: null, dayFrames: [], report: {} } as never),
    /loaded.report.symbol must be the symbol loaded: current value is undefined/,
  );
});
