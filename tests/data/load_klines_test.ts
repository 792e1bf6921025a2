/**
 * loadKlines and its parquet cache against the local mock: cache hits, fetching only what is missing,
 * the open candle, corruption, interrupted writes, concurrent loaders, path safety, and the labelled
 * synthetic fallback. Each test checks the result and that nothing cached was lost.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import pl from "nodejs-polars";
import { listFiles } from "./_files.ts";
import { describeKlineSource, loadKlines } from "@lib/mod.ts";
import {
  BybitApiError,
  BybitUnavailableError,
  klineColumns,
  klineLoadReport,
  type LoadKlinesOptions,
  synthesizeKlines,
} from "@lib/data/mod.ts";
import { resetKlineLoaderState } from "@lib/data/load_klines.ts";
import { readMonth, writeMonth } from "@lib/data/cache/_kline_cache.ts";
import { removeStaleTemps, STALE_TEMP_MS } from "@lib/data/cache/_atomic_parquet.ts";
import { resolveKlineSpec } from "@lib/data/kline_spec.ts";
import { formulaRow, type MockBybit, type MockBybitOptions, startMockBybit } from "./_mock_bybit.ts";

const NOW = Date.UTC(2025, 6, 15, 12, 34, 56, 789);
const FAST = {
  retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5, seed: 1 },
  timeoutMs: 5_000,
  now: NOW,
};
const MAY = Date.UTC(2025, 4, 1), JUNE = Date.UTC(2025, 5, 1), JULY = Date.UTC(2025, 6, 1);
const HOURLY = { symbol: "BTCUSDT", interval: "60", start: MAY, end: JULY } as const;

async function withMockAndDir(
  fn: (mock: MockBybit, dir: string) => Promise<void>,
  options: MockBybitOptions = {},
): Promise<void> {
  const mock = await startMockBybit({ now: NOW, ...options });
  const dir = await Deno.makeTempDir({ prefix: "kline_cache_test_" });
  try {
    await fn(mock, dir);
  } finally {
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
}

function options(mock: MockBybit, dir: string, extra: LoadKlinesOptions = {}): LoadKlinesOptions {
  return { baseUrl: mock.baseUrl, cacheDir: dir, offline: false, ...FAST, ...extra };
}

function monthPath(dir: string, interval: string, key: string, symbol = "BTCUSDT"): string {
  return join(dir, "bybit", "linear", symbol, interval, `${key}.parquet`);
}

async function snapshot(path: string): Promise<{ bytes: Uint8Array; mtime: number }> {
  const bytes = await Deno.readFile(path);
  const { mtime } = await Deno.stat(path);
  return { bytes, mtime: mtime!.getTime() };
}

function expectedHourly(start: number, end: number): number[] {
  const out: number[] = [];
  for (let t = start; t < end; t += 3_600_000) out.push(...formulaRow(t, "60").map(Number));
  return out;
}

function flat(df: pl.DataFrame): number[] {
  const c = klineColumns(df);
  const out: number[] = [];
  for (let i = 0; i < c.startTime.length; i++) {
    out.push(c.startTime[i]!, c.open[i]!, c.high[i]!, c.low[i]!, c.close[i]!, c.volume[i]!, c.turnover[i]!);
  }
  return out;
}

/** Captures console.warn for the duration of `fn`. */
async function captureWarnings<T>(fn: () => Promise<T>): Promise<{ value: T; warnings: string[] }> {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(" "));
  try {
    return { value: await fn(), warnings };
  } finally {
    console.warn = original;
  }
}

Deno.test("loadKlines fetches a cold range, writes one parquet file per month, then serves it from the cache", async () => {
  await withMockAndDir(async (mock, dir) => {
    const first = await loadKlines(HOURLY, options(mock, dir));
    assert.deepEqual(flat(first), expectedHourly(MAY, JULY));
    assert.deepEqual(first.getColumn("source").unique().toArray(), ["bybit"]);
    assert.deepEqual(await listFiles(dir), [
      "bybit/linear/BTCUSDT/60/2025-05.parquet",
      "bybit/linear/BTCUSDT/60/2025-06.parquet",
    ]);
    assert.deepEqual(klineLoadReport(first)?.fetchedMonths, ["2025-05", "2025-06"]);
    const requests = mock.requests.length;
    const second = await loadKlines(HOURLY, options(mock, dir));
    assert.equal(mock.requests.length, requests, "a cached range makes no request");
    assert.deepEqual(flat(second), flat(first));
    assert.deepEqual(klineLoadReport(second)?.cachedMonths, ["2025-05", "2025-06"]);
    assert.match(
      describeKlineSource(second),
      /^Bybit data \(2 month\(s\) from the cache, 0 fetched\): BTCUSDT linear 60-minute/,
    );
    // The file is plain parquet with the documented schema.
    const file = pl.readParquet(monthPath(dir, "60", "2025-06"));
    assert.deepEqual(file.columns, ["startTime", "open", "high", "low", "close", "volume", "turnover"]);
    assert.equal(file.height, 30 * 24);
  });
});

Deno.test("loadKlines fetches only the missing end of a month it already holds in part", async () => {
  await withMockAndDir(async (mock, dir) => {
    await loadKlines({ ...HOURLY, start: JUNE, end: Date.UTC(2025, 5, 10) }, options(mock, dir));
    const before = mock.requests.length;
    const df = await loadKlines(
      { ...HOURLY, start: Date.UTC(2025, 5, 5), end: Date.UTC(2025, 5, 20) },
      options(mock, dir),
    );
    assert.deepEqual(flat(df), expectedHourly(Date.UTC(2025, 5, 5), Date.UTC(2025, 5, 20)));
    const fetched = mock.requests.slice(before);
    assert.equal(fetched.length, 1);
    assert.equal(Number(fetched[0]!.searchParams.get("start")), Date.UTC(2025, 5, 10));
    const file = pl.readParquet(monthPath(dir, "60", "2025-06"));
    assert.equal(file.height, 19 * 24, "the month file now holds June 1 to 19 as one prefix");
  });
});

Deno.test("loadKlines never stores the open candle and completes the month once it has closed", async () => {
  await withMockAndDir(async (mock, dir) => {
    const spec = { ...HOURLY, start: JULY, end: Date.UTC(2025, 7, 1) };
    const df = await loadKlines(spec, options(mock, dir));
    const openBar = Date.UTC(2025, 6, 15, 12);
    assert.deepEqual(flat(df), expectedHourly(JULY, openBar));
    const path = monthPath(dir, "60", "2025-07");
    const stored = klineColumns(pl.readParquet(path));
    assert.equal(stored.startTime[stored.startTime.length - 1], openBar - 3_600_000);
    // Three hours later the open bar has closed: only the new bars are fetched, with their final values.
    const later = openBar + 3 * 3_600_000 + 1;
    mock.now = later;
    const before = mock.requests.length;
    const df2 = await loadKlines(spec, options(mock, dir, { now: later }));
    assert.deepEqual(flat(df2), expectedHourly(JULY, openBar + 3 * 3_600_000));
    assert.equal(Number(mock.requests[before]!.searchParams.get("start")), openBar);
  });
});

Deno.test("loadKlines detects a corrupted month file, moves it aside, refetches that month only and keeps the others", async () => {
  await withMockAndDir(async (mock, dir) => {
    await loadKlines(HOURLY, options(mock, dir));
    const may = monthPath(dir, "60", "2025-05"), june = monthPath(dir, "60", "2025-06");
    const mayBefore = await snapshot(may);
    const junePrefix = (await Deno.readFile(june)).slice(0, 500);
    await Deno.writeFile(june, junePrefix); // a torn file: header without footer
    const before = mock.requests.length;
    const { value: df, warnings } = await captureWarnings(() => loadKlines(HOURLY, options(mock, dir)));
    assert.deepEqual(flat(df), expectedHourly(MAY, JULY));
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0]!,
      /2025-06\.parquet is corrupt \(unreadable parquet.*moved to .*2025-06\.parquet\.corrupt-\d+/,
    );
    const refetched = mock.requests.slice(before);
    assert.ok(
      refetched.every((u) => Number(u.searchParams.get("start")) >= JUNE),
      "May is not fetched again",
    );
    assert.deepEqual(await snapshot(may), mayBefore, "May's file is untouched");
    const files = await listFiles(dir);
    assert.ok(files.some((f) => /2025-06\.parquet\.corrupt-\d+$/.test(f)));
    assert.equal(pl.readParquet(june).height, 30 * 24);
    assert.deepEqual(klineLoadReport(df)?.corruptMonths.length, 1);
  });
});

Deno.test("loadKlines treats a readable file that breaks the cache rules as corrupt", async () => {
  await withMockAndDir(async (mock, dir) => {
    await loadKlines(HOURLY, options(mock, dir));
    const june = monthPath(dir, "60", "2025-06");
    const good = pl.readParquet(june);
    const cases: [string, pl.DataFrame][] = [
      ["missing column", good.drop("turnover")],
      ["wrong type", good.withColumns(pl.col("startTime").cast(pl.Int64))],
      [
        "bar outside the month",
        good.withColumns(
          pl.col("startTime").cast(pl.Int64).add(31 * 86_400_000).cast(pl.Datetime("ms", "UTC")),
        ),
      ],
      ["high below low", good.withColumns(pl.col("low").alias("high"), pl.col("high").alias("low"))],
      ["duplicate bar", pl.concat([good.head(3), good.head(1)])],
    ];
    for (const [label, bad] of cases) {
      bad.writeParquet(june);
      const { value: df, warnings } = await captureWarnings(() => loadKlines(HOURLY, options(mock, dir)));
      assert.equal(warnings.length, 1, label);
      assert.deepEqual(flat(df), expectedHourly(MAY, JULY), label);
      assert.equal(pl.readParquet(june).height, 30 * 24, label);
    }
  });
});

Deno.test("an interrupted write leaves the previous month file intact and no temporary file behind", async () => {
  await withMockAndDir(async (mock, dir) => {
    await loadKlines({ ...HOURLY, start: JUNE, end: Date.UTC(2025, 5, 10) }, options(mock, dir));
    const june = monthPath(dir, "60", "2025-06");
    const before = await snapshot(june);
    const spec = resolveKlineSpec({ ...HOURLY, start: JUNE, end: JULY });
    const more = klineColumns(synthesizeKlines({ ...HOURLY, start: JUNE, end: JULY }));
    await assert.rejects(
      writeMonth(june, spec, JUNE, more, {
        beforeRename: () => {
          throw new Error("simulated crash before rename");
        },
      }),
      /simulated crash/,
    );
    assert.deepEqual(await snapshot(june), before);
    assert.ok(!(await listFiles(dir)).some((f) => f.includes(".tmp-")));
  });
});

Deno.test("a process killed midway through a write loses nothing; its stale temporary file is cleaned later", async () => {
  await withMockAndDir(async (mock, dir) => {
    await loadKlines({ ...HOURLY, start: JUNE, end: Date.UTC(2025, 5, 10) }, options(mock, dir));
    const june = monthPath(dir, "60", "2025-06");
    const before = await snapshot(june);
    const script = `
      import { writeMonth } from "@lib/data/cache/_kline_cache.ts";
      import { resolveKlineSpec } from "@lib/data/kline_spec.ts";
      import { synthesizeKlines, klineColumns } from "@lib/data/mod.ts";
      const spec = resolveKlineSpec({ symbol: "BTCUSDT", interval: "60", start: ${JUNE}, end: ${JULY} });
      const cols = klineColumns(synthesizeKlines(spec));
      await writeMonth(${JSON.stringify(june)}, spec, ${JUNE}, cols, { beforeRename: () => Deno.exit(9) });
    `;
    const config = new URL("../../deno.json", import.meta.url).pathname;
    const child = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--config", config, script],
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.equal(child.code, 9, new TextDecoder().decode(child.stderr));
    assert.deepEqual(await snapshot(june), before, "the published file is the old one");
    const temps = (await listFiles(dir)).filter((f) => f.includes(".tmp-"));
    assert.equal(temps.length, 1, "the crash left its temporary file");
    // The cache still serves the month; a later write removes the temporary file once it is stale.
    const served = await loadKlines(
      { ...HOURLY, start: JUNE, end: Date.UTC(2025, 5, 10) },
      options(mock, dir),
    );
    assert.equal(served.height, 9 * 24);
    const temp = join(dir, temps[0]!);
    const old = new Date(Date.now() - STALE_TEMP_MS - 60_000);
    await Deno.utime(temp, old, old);
    assert.deepEqual(await removeStaleTemps(join(dir, "bybit/linear/BTCUSDT/60")), [temp]);
  });
});

Deno.test("concurrent loaders of the same months all succeed and leave valid, complete files", async () => {
  await withMockAndDir(async (mock, dir) => {
    const results = await Promise.all(
      [0, 1, 2, 3].map(() => loadKlines({ ...HOURLY, interval: "15" }, options(mock, dir))),
    );
    const expected = flat(results[0]!);
    for (const df of results) assert.deepEqual(flat(df), expected);
    const spec = resolveKlineSpec({ ...HOURLY, interval: "15" });
    for (const [key, start] of [["2025-05", MAY], ["2025-06", JUNE]] as const) {
      const state = readMonth(monthPath(dir, "15", key), spec, start);
      assert.equal(state.kind, "ok");
      assert.equal(
        state.kind === "ok" && state.columns.startTime.length,
        key === "2025-05" ? 31 * 96 : 30 * 96,
      );
    }
    assert.ok(!(await listFiles(dir)).some((f) => f.includes(".tmp-") || f.includes(".corrupt-")));
  });
});

Deno.test("two processes loading the same month at once leave one valid file", async () => {
  await withMockAndDir(async (mock, dir) => {
    const script = `
      import { loadKlines } from "@lib/mod.ts";
      const df = await loadKlines({ symbol: "BTCUSDT", interval: "5", start: ${JUNE}, end: ${JULY} },
        { baseUrl: ${JSON.stringify(mock.baseUrl)}, cacheDir: ${
      JSON.stringify(dir)
    }, offline: false, now: ${NOW},
          retry: { maxAttempts: 2, baseDelayMs: 1 } });
      console.log(df.height);
    `;
    const config = new URL("../../deno.json", import.meta.url).pathname;
    const run = () =>
      new Deno.Command(Deno.execPath(), {
        args: ["eval", "--config", config, script],
        stdout: "piped",
        stderr: "piped",
      })
        .output();
    const outputs = await Promise.all([run(), run()]);
    for (const o of outputs) {
      assert.equal(o.code, 0, new TextDecoder().decode(o.stderr));
      assert.equal(new TextDecoder().decode(o.stdout).trim(), String(30 * 288));
    }
    const spec = resolveKlineSpec({ ...HOURLY, interval: "5", start: JUNE, end: JULY });
    const state = readMonth(monthPath(dir, "5", "2025-06"), spec, JUNE);
    assert.equal(state.kind === "ok" && state.columns.startTime.length, 30 * 288);
    assert.ok(!(await listFiles(dir)).some((f) => f.includes(".tmp-")));
  });
});

Deno.test("loadKlines offline serves a fully cached range without any request", async () => {
  await withMockAndDir(async (mock, dir) => {
    const online = await loadKlines(HOURLY, options(mock, dir));
    const before = mock.requests.length;
    const offline = await loadKlines(HOURLY, options(mock, dir, { offline: true }));
    assert.equal(mock.requests.length, before);
    assert.deepEqual(flat(offline), flat(online));
    assert.equal(klineLoadReport(offline)?.source, "bybit");
  });
});

Deno.test("loadKlines offline with a gap returns the cached bars and lists what is missing; synthetic only when asked or nothing is cached", async () => {
  resetKlineLoaderState();
  await withMockAndDir(async (mock, dir) => {
    await loadKlines({ ...HOURLY, start: JUNE, end: Date.UTC(2025, 5, 10) }, options(mock, dir));
    const files = await listFiles(dir);
    const june = await snapshot(monthPath(dir, "60", "2025-06"));
    const before = mock.requests.length;
    const { value: [partial, asked, none], warnings } = await captureWarnings(async () => [
      await loadKlines(HOURLY, options(mock, dir, { offline: true })),
      await loadKlines(HOURLY, options(mock, dir, { offline: true, fallback: "synthetic" })),
      await loadKlines({ ...HOURLY, interval: "1" }, options(mock, dir, { offline: true })),
    ]);
    assert.equal(mock.requests.length, before);
    // The cached June 1-9 is served as it is, May and June 10-30 are listed as missing.
    assert.deepEqual(flat(partial!), expectedHourly(JUNE, Date.UTC(2025, 5, 10)));
    assert.deepEqual(klineLoadReport(partial!)?.missing, [
      { start: MAY, end: JUNE },
      { start: Date.UTC(2025, 5, 10), end: JULY },
    ]);
    assert.equal(klineLoadReport(partial!)?.missingBars, 31 * 24 + 21 * 24);
    assert.match(
      describeKlineSource(partial!),
      /^Bybit data \(1 month\(s\) from the cache, 0 fetched\).*INCOMPLETE: 1,248 bar\(s\) missing \(2025-05-01 00:00 to 2025-06-01 00:00, 2025-06-10 00:00 to 2025-07-01 00:00 UTC; offline/,
    );
    assert.ok(warnings.some((w) => /INCOMPLETE: 1,248 bar\(s\) missing/.test(w)));
    // Asked for synthetic data, or nothing cached: the whole range is synthetic, announced once.
    assert.equal(warnings.filter((w) => /SEEDED SYNTHETIC candles/.test(w)).length, 1);
    for (const df of [asked!, none!]) {
      assert.deepEqual(df.getColumn("source").unique().toArray(), ["synthetic"]);
      assert.match(
        describeKlineSource(df),
        /^SYNTHETIC data \(seeded market, seed 1; offline \(option offline: true\)\)/,
      );
    }
    assert.equal(asked!.height, 61 * 24);
    assert.deepEqual(await listFiles(dir), files, "nothing synthetic is written");
    assert.deepEqual(await snapshot(monthPath(dir, "60", "2025-06")), june);
  });
  resetKlineLoaderState();
});

Deno.test("loadKlines honours BYBIT_OFFLINE=1", async () => {
  resetKlineLoaderState();
  await withMockAndDir(async (mock, dir) => {
    const previous = Deno.env.get("BYBIT_OFFLINE");
    Deno.env.set("BYBIT_OFFLINE", "1");
    try {
      const { value: df } = await captureWarnings(() =>
        loadKlines(HOURLY, { baseUrl: mock.baseUrl, cacheDir: dir, now: NOW })
      );
      assert.equal(mock.requests.length, 0);
      assert.match(describeKlineSource(df), /BYBIT_OFFLINE is set/);
    } finally {
      if (previous === undefined) Deno.env.delete("BYBIT_OFFLINE");
      else Deno.env.set("BYBIT_OFFLINE", previous);
    }
  });
  resetKlineLoaderState();
});

Deno.test("loadKlines falls back to synthetic data when Bybit hangs, remembers it, and can throw instead", async () => {
  resetKlineLoaderState();
  await withMockAndDir(async (mock, dir) => {
    await loadKlines({ ...HOURLY, start: MAY, end: JUNE }, options(mock, dir));
    const may = await snapshot(monthPath(dir, "60", "2025-05"));
    mock.inject(["hang", "hang"]);
    const { value: df, warnings } = await captureWarnings(() =>
      loadKlines({ ...HOURLY, start: JUNE }, options(mock, dir, { timeoutMs: 50 }))
    );
    assert.equal(klineLoadReport(df)?.source, "synthetic");
    assert.match(klineLoadReport(df)!.reason!, /timed out after 50 ms/);
    assert.equal(warnings.length, 1);
    // May is cached: it is served, June is listed as missing, with the reason.
    const partial = await loadKlines(HOURLY, options(mock, dir, { timeoutMs: 50 }));
    assert.deepEqual(flat(partial), expectedHourly(MAY, JUNE));
    assert.deepEqual(klineLoadReport(partial)?.missing, [{ start: JUNE, end: JULY }]);
    assert.match(describeKlineSource(partial), /INCOMPLETE.*unreachable earlier in this process/);
    const before = mock.requests.length;
    const again = await loadKlines({ ...HOURLY, start: JUNE }, options(mock, dir, { timeoutMs: 50 }));
    assert.equal(mock.requests.length, before, "the unreachable base URL is not tried again in this process");
    assert.match(klineLoadReport(again)!.reason!, /unreachable earlier in this process/);
    assert.deepEqual(await snapshot(monthPath(dir, "60", "2025-05")), may);
    assert.ok(!(await listFiles(dir)).some((f) => f.includes("2025-06")));
    resetKlineLoaderState();
    mock.inject(["http503", "http503"]);
    await assert.rejects(
      loadKlines(HOURLY, options(mock, dir, { fallback: "error" })),
      BybitUnavailableError,
    );
    await assert.rejects(
      loadKlines(HOURLY, options(mock, dir, { fallback: "error", offline: true })),
      (e: unknown) => e instanceof BybitUnavailableError && /cache lacks part of the range/.test(e.message),
    );
  });
  resetKlineLoaderState();
});

Deno.test("loadKlines throws Bybit's refusal (bad symbol) instead of hiding it behind synthetic data", async () => {
  await withMockAndDir(async (mock, dir) => {
    await loadKlines(HOURLY, options(mock, dir));
    const files = await listFiles(dir);
    await assert.rejects(
      loadKlines({ ...HOURLY, symbol: "NOPEUSDT" }, options(mock, dir)),
      (e: unknown) => e instanceof BybitApiError && e.retMsg === "Not supported symbols",
    );
    assert.deepEqual(await listFiles(dir), files);
  });
});

Deno.test("loadKlines validates symbol, interval and category before touching the cache folder", async () => {
  await withMockAndDir(async (mock, dir) => {
    for (const symbol of ["../../etc", "BTC/USDT", "btcusdt", "..", "A"]) {
      await assert.rejects(loadKlines({ ...HOURLY, symbol }, options(mock, dir)), RangeError);
    }
    await assert.rejects(
      loadKlines({ ...HOURLY, interval: "../60" as unknown as "60" }, options(mock, dir)),
      /interval must be one of/,
    );
    assert.deepEqual(await listFiles(dir), []);
    assert.equal(mock.requests.length, 0);
  });
});

Deno.test("loadKlines caches a finished month with no bars (before a listing) as an empty file", async () => {
  const listing = Date.UTC(2025, 5, 15);
  await withMockAndDir(async (mock, dir) => {
    const df = await loadKlines(HOURLY, options(mock, dir));
    assert.equal(df.height, 16 * 24);
    assert.equal(pl.readParquet(monthPath(dir, "60", "2025-05")).height, 0);
    const before = mock.requests.length;
    const again = await loadKlines(HOURLY, options(mock, dir, { offline: true }));
    assert.equal(mock.requests.length, before);
    assert.equal(klineLoadReport(again)?.source, "bybit");
    assert.deepEqual(flat(again), flat(df));
  }, {
    klines: ({ interval, start, end, limit, now }) => {
      const rows: string[][] = [];
      for (
        let t = Math.min(end, now) - (Math.min(end, now) % 3_600_000);
        t >= Math.max(start, listing);
        t -= 3_600_000
      ) {
        if (rows.length === limit) break;
        rows.push(formulaRow(t, interval, now));
      }
      return rows;
    },
  });
});

Deno.test("loadKlines probes an unknown base URL once and falls back within two short attempts when nothing answers", async () => {
  resetKlineLoaderState();
  const dead = await startMockBybit({ now: NOW });
  const baseUrl = dead.baseUrl;
  await dead.close(); // nothing listens on this port any more: connections are refused
  const dir = await Deno.makeTempDir({ prefix: "kline_probe_test_" });
  try {
    const { value: df, warnings } = await captureWarnings(() =>
      loadKlines(HOURLY, { baseUrl, cacheDir: dir, offline: false, now: NOW, probeTimeoutMs: 200 })
    );
    assert.equal(klineLoadReport(df)?.source, "synthetic");
    assert.match(klineLoadReport(df)!.reason!, /Cannot reach Bybit: Bybit API unavailable after 2 attempts/);
    assert.equal(warnings.length, 1);
    assert.deepEqual(await listFiles(dir), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
    resetKlineLoaderState();
  }
});
