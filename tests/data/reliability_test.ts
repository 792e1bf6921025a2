/**
 * Fault cases of issue 10 ("Cache and client"), each against the 127.0.0.1 mock: empty and short answers,
 * holes in cached months, partial caches offline, cancelled pages, invalid transport options, strict
 * number parsing, invalid snapshots, rows without turnover, stale locks, and over-long synthetic ranges.
 * Expected candles come from the mock's closed formula (`formulaRow`).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import pl from "nodejs-polars";
import { describeKlineSource, loadKlines } from "@lib/mod.ts";
import {
  BybitResponseError,
  fetchKlines,
  fetchOrderbook,
  fetchRecentTrades,
  klineColumns,
  klineLoadReport,
  type LoadKlinesOptions,
} from "@lib/data/mod.ts";
import { parseBybitDecimal } from "@lib/data/bybit/_bybit_request.ts";
import { resetKlineLoaderState } from "@lib/data/load_klines.ts";
import { acquireLock, findGaps, readMonth, STALE_LOCK_MS, writeMonth } from "@lib/data/cache/_kline_cache.ts";
import { resolveKlineSpec } from "@lib/data/kline_spec.ts";
import { concatKlineColumns, sliceKlineColumns } from "@lib/data/_kline_columns.ts";
import { synthesizeKlineColumns } from "@lib/data/synthetic/synthetic_klines.ts";
import {
  formulaRow,
  type MockBybit,
  type MockBybitOptions,
  type MockKlineSource,
  startMockBybit,
} from "./_mock_bybit.ts";

const NOW = Date.UTC(2025, 6, 15, 12, 34, 56, 789);
const FAST = { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5, seed: 1 }, timeoutMs: 5_000 };
const HOUR = 3_600_000;
const MAY = Date.UTC(2025, 4, 1), JUNE = Date.UTC(2025, 5, 1), JULY = Date.UTC(2025, 6, 1);
const JUNE_H = { symbol: "BTCUSDT", interval: "60", start: JUNE, end: JULY } as const;

async function withMockAndDir(
  fn: (mock: MockBybit, dir: string) => Promise<void>,
  options: MockBybitOptions = {},
): Promise<void> {
  resetKlineLoaderState();
  const mock = await startMockBybit({ now: NOW, ...options });
  const dir = await Deno.makeTempDir({ prefix: "reliability_test_" });
  try {
    await fn(mock, dir);
  } finally {
    await mock.close();
    await Deno.remove(dir, { recursive: true });
    resetKlineLoaderState();
  }
}

function opts(mock: MockBybit, dir: string, extra: LoadKlinesOptions = {}): LoadKlinesOptions {
  return { baseUrl: mock.baseUrl, cacheDir: dir, offline: false, now: NOW, ...FAST, ...extra };
}

function monthPath(dir: string, interval: string, key: string): string {
  return join(dir, "bybit", "linear", "BTCUSDT", interval, `${key}.parquet`);
}

function expected(start: number, end: number, step = HOUR, interval: "60" | "5" | "1" = "60"): number[] {
  const out: number[] = [];
  for (let t = start; t < end; t += step) out.push(...formulaRow(t, interval).map(Number));
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

function quiet<T>(fn: () => Promise<T>): Promise<{ value: T; warnings: string[] }> {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(" "));
  return fn().then(
    (value) => ({ value, warnings }),
  ).finally(() => {
    console.warn = original;
  });
}

/** Bars in the month file (or -1 when there is none). */
function fileRows(dir: string, interval: string, key: string, start: number): number {
  const spec = resolveKlineSpec({ ...JUNE_H, interval: interval as "60" });
  const state = readMonth(monthPath(dir, interval, key), spec, start);
  return state.kind === "ok" ? state.columns.startTime.length : -1;
}

// --- Empty and short answers are never cached as truth ---------------------------------------------

Deno.test("an empty answer for an ended month is retried and never cached as 'no bars'", async () => {
  await withMockAndDir(async (mock, dir) => {
    mock.inject("empty"); // the one page of June (720 hourly bars) answers with an empty list once
    const df = await loadKlines(JUNE_H, opts(mock, dir));
    assert.deepEqual(flat(df), expected(JUNE, JULY));
    assert.equal(fileRows(dir, "60", "2025-06", JUNE), 720);
    assert.deepEqual(klineLoadReport(df)?.missing, []);
  });
});

/** The formula's hourly candles, except that the first `n` requests for June's bars answer empty. */
function emptyJuneFirst(n: number): MockKlineSource {
  let left = n;
  return (query) => {
    if (query.start >= JUNE && query.start < JULY && left > 0) {
      left--;
      return [];
    }
    const rows: string[][] = [];
    const last = Math.min(query.end, query.now);
    for (let t = last - (last % HOUR); t >= query.start && rows.length < query.limit; t -= HOUR) {
      rows.push(formulaRow(t, query.interval, query.now));
    }
    return rows;
  };
}

Deno.test("a month that keeps answering empty is reported missing, not written, and fetched next time", async () => {
  await withMockAndDir(async (mock, dir) => {
    const { value: df, warnings } = await quiet(() => loadKlines(JUNE_H, opts(mock, dir)));
    assert.equal(df.height, 0);
    assert.deepEqual(klineLoadReport(df)?.missing, [{ start: JUNE, end: JULY }]);
    assert.equal(klineLoadReport(df)?.missingBars, 720);
    assert.match(
      describeKlineSource(df),
      /INCOMPLETE: 720 bar\(s\) missing \(2025-06-01 00:00 to 2025-07-01 00:00/,
    );
    assert.ok(warnings.some((w) => /INCOMPLETE/.test(w)));
    assert.equal(fileRows(dir, "60", "2025-06", JUNE), -1, "nothing cached");
    const again = await loadKlines(JUNE_H, opts(mock, dir));
    assert.deepEqual(flat(again), expected(JUNE, JULY));
    assert.equal(fileRows(dir, "60", "2025-06", JUNE), 720);
  }, { klines: emptyJuneFirst(2) });
});

Deno.test("a short answer (oldest half of a page missing) is re-fetched before anything is written", async () => {
  await withMockAndDir(async (mock, dir) => {
    mock.inject("short");
    const df = await loadKlines(JUNE_H, opts(mock, dir));
    assert.deepEqual(flat(df), expected(JUNE, JULY));
    assert.equal(fileRows(dir, "60", "2025-06", JUNE), 720);
  });
});

Deno.test("a holed answer (middle of a page missing) is re-fetched; the cache has no hole", async () => {
  await withMockAndDir(async (mock, dir) => {
    mock.inject("holed");
    const df = await loadKlines(JUNE_H, opts(mock, dir));
    assert.deepEqual(flat(df), expected(JUNE, JULY));
    const state = readMonth(monthPath(dir, "60", "2025-06"), resolveKlineSpec(JUNE_H), JUNE);
    assert.ok(state.kind === "ok");
    assert.deepEqual(findGaps(state.columns.startTime, "60", JUNE, JULY), []);
  });
});

// --- Holes in a cached month --------------------------------------------------------------------------

Deno.test("a hole inside a cached month is fetched (only the hole), and reported when offline", async () => {
  await withMockAndDir(async (mock, dir) => {
    await loadKlines(JUNE_H, opts(mock, dir));
    // Rewrite June with June 10 to 12 cut out (as an interleaving of older writers could leave it).
    const path = monthPath(dir, "60", "2025-06");
    const full = klineColumns(pl.readParquet(path));
    const holed = sliceKlineColumns(full, JUNE, Date.UTC(2025, 5, 10));
    const after = sliceKlineColumns(full, Date.UTC(2025, 5, 12), JULY);
    const cols = concatKlineColumns([holed, after]);
    await Deno.remove(path);
    await writeMonth(path, resolveKlineSpec(JUNE_H), JUNE, cols);
    // Offline: the cached bars, and the hole named.
    const { value: off } = await quiet(() => loadKlines(JUNE_H, opts(mock, dir, { offline: true })));
    assert.equal(off.height, 720 - 48);
    assert.deepEqual(klineLoadReport(off)?.missing, [{
      start: Date.UTC(2025, 5, 10),
      end: Date.UTC(2025, 5, 12),
    }]);
    assert.match(
      describeKlineSource(off),
      /INCOMPLETE: 48 bar\(s\) missing \(2025-06-10 00:00 to 2025-06-12 00:00 UTC/,
    );
    // Online: only the hole is asked for, and the month is whole again.
    const before = mock.requests.length;
    const on = await loadKlines(JUNE_H, opts(mock, dir));
    assert.deepEqual(flat(on), expected(JUNE, JULY));
    const asked = mock.requests.slice(before).filter((u) => u.pathname === "/v5/market/kline");
    assert.deepEqual(asked.map((u) => Number(u.searchParams.get("start"))), [Date.UTC(2025, 5, 10)]);
    assert.equal(fileRows(dir, "60", "2025-06", JUNE), 720);
  });
});

Deno.test("a listing month (no bars before its first bar on Bybit) is cached once and not asked again", async () => {
  const listing = Date.UTC(2025, 5, 15);
  await withMockAndDir(async (mock, dir) => {
    const df = await loadKlines(JUNE_H, opts(mock, dir));
    assert.equal(df.height, 16 * 24);
    assert.deepEqual(klineLoadReport(df)?.missing, []);
    const before = mock.requests.length;
    const again = await loadKlines(JUNE_H, opts(mock, dir));
    assert.equal(mock.requests.length, before);
    assert.deepEqual(flat(again), flat(df));
  }, {
    klines: ({ interval, start, end, limit, now }) => {
      const rows: string[][] = [];
      for (
        let t = Math.min(end, now) - (Math.min(end, now) % HOUR);
        t >= Math.max(start, listing);
        t -= HOUR
      ) {
        if (rows.length === limit) break;
        rows.push(formulaRow(t, interval, now));
      }
      return rows;
    },
  });
});

// --- Concurrent loaders in 4 processes ------------------------------------------------------------------

Deno.test("4 processes loading overlapping ranges at once never shrink a month file nor leave a hole (3 rounds)", async () => {
  await withMockAndDir(async (mock, root) => {
    const config = new URL("../../deno.json", import.meta.url).pathname;
    const spec5 = resolveKlineSpec({ ...JUNE_H, interval: "5", start: MAY, end: JULY });
    const DAY = 86_400_000;
    for (let round = 0; round < 3; round++) {
      const dir = join(root, `round-${round}`);
      // Process k makes 8 loads of 5-minute bars from May 1 + 7k days, each 6 days longer than the last
      // (4 to 46 days, across the month boundary): 32 overlapping writes of the same two month files.
      const runs = [0, 1, 2, 3].map((k) => {
        const start = MAY + k * 7 * DAY;
        const script = `
          import { loadKlines } from "@lib/mod.ts";
          import { klineLoadReport } from "@lib/data/mod.ts";
          const bad = [];
          for (let j = 0; j < 8; j++) {
            const end = Math.min(${JULY}, ${start} + (4 + 6 * j) * ${DAY});
            const df = await loadKlines({ symbol: "BTCUSDT", interval: "5", start: ${start}, end },
              { baseUrl: ${JSON.stringify(mock.baseUrl)}, cacheDir: ${JSON.stringify(dir)}, offline: false,
                now: ${NOW}, concurrency: 2, retry: { maxAttempts: 3, baseDelayMs: 1 } });
            const missing = klineLoadReport(df).missing ?? [];
            if (df.height !== (end - ${start}) / 300000 || missing.length > 0) {
              bad.push({ j, rows: df.height, missing });
            }
          }
          console.log(JSON.stringify(bad));
        `;
        return new Deno.Command(Deno.execPath(), {
          args: ["eval", "--config", config, script],
          stdout: "piped",
          stderr: "piped",
        }).output();
      });
      // Watch the files while the processes write: their row counts must never decrease.
      let watching = true;
      const shrinks: string[] = [];
      const seen = new Map<string, number>();
      const watcher = (async () => {
        while (watching) {
          for (const [key, start] of [["2025-05", MAY], ["2025-06", JUNE]] as const) {
            const state = readMonth(monthPath(dir, "5", key), spec5, start);
            if (state.kind === "corrupt") shrinks.push(`${key} corrupt: ${state.reason}`);
            if (state.kind !== "ok") continue;
            const n = state.columns.startTime.length;
            if (n < (seen.get(key) ?? 0)) shrinks.push(`${key}: ${seen.get(key)} -> ${n} rows`);
            seen.set(key, Math.max(n, seen.get(key) ?? 0));
          }
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      const outputs = await Promise.all(runs);
      watching = false;
      await watcher;
      for (const [k, o] of outputs.entries()) {
        assert.equal(o.code, 0, new TextDecoder().decode(o.stderr));
        assert.equal(
          new TextDecoder().decode(o.stdout).trim(),
          "[]",
          `round ${round} process ${k}: short loads`,
        );
      }
      assert.deepEqual(shrinks, [], `round ${round}`);
      // Both month files are whole: every 5-minute bar of May and June, no hole.
      for (const [key, start, end] of [["2025-05", MAY, JUNE], ["2025-06", JUNE, JULY]] as const) {
        const state = readMonth(monthPath(dir, "5", key), spec5, start);
        assert.ok(state.kind === "ok", `${key} round ${round}`);
        assert.deepEqual(findGaps(state.columns.startTime, "5", start, end), [], `${key} round ${round}`);
        assert.equal(state.columns.startTime.length, (end - start) / 300_000, `${key} round ${round}`);
      }
      const leftovers = [...Deno.readDirSync(join(dir, "bybit/linear/BTCUSDT/5"))].map((e) => e.name)
        .filter((n) => /\.(lock|tmp-)/.test(n));
      assert.deepEqual(leftovers, []);
    }
  });
});

Deno.test("a stale lock (dead process, or too old) is broken; a live lock is waited for", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "reliability_lock_" });
  try {
    const path = join(dir, "2025-06.parquet");
    const spec = resolveKlineSpec(JUNE_H);
    const cols = synthesizeKlineColumns(JUNE_H);
    await t.step("lock of a process that has exited is broken", async () => {
      const child = new Deno.Command(Deno.execPath(), {
        args: ["eval", "console.log(Deno.pid)"],
        stdout: "piped",
      });
      const deadPid = Number(new TextDecoder().decode((await child.output()).stdout).trim());
      Deno.writeTextFileSync(
        `${path}.lock`,
        JSON.stringify({ pid: deadPid, host: Deno.hostname(), time: Date.now(), token: "x" }),
      );
      await writeMonth(path, spec, JUNE, cols);
      assert.equal(pl.readParquet(path).height, 720);
      assert.throws(() => Deno.statSync(`${path}.lock`), Deno.errors.NotFound);
    });
    await t.step("lock of a live process older than STALE_LOCK_MS (a hung writer) is broken", async () => {
      Deno.writeTextFileSync(
        `${path}.lock`,
        JSON.stringify({
          pid: Deno.pid,
          host: Deno.hostname(),
          time: Date.now() - STALE_LOCK_MS - 1,
          token: "y",
        }),
      );
      await writeMonth(path, spec, JUNE, cols);
      assert.throws(() => Deno.statSync(`${path}.lock`), Deno.errors.NotFound);
    });
    await t.step("a fresh lock held by another writer is waited for, then the write merges", async () => {
      const release = await acquireLock(path);
      let written = false;
      const pending = writeMonth(path, spec, JUNE, cols).then(() => (written = true));
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(written, false, "waits while the lock is held");
      await release();
      await pending;
      assert.equal(written, true);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

// --- deno task fetch names a short range ----------------------------------------------------------------

Deno.test("deno task fetch exits 1 and names the missing range when Bybit lacks part of it", async () => {
  const { runFetchCli } = await import("@lib/data/cli/fetch_cli.ts");
  const hole = [Date.UTC(2025, 5, 10), Date.UTC(2025, 5, 11, 6)];
  await withMockAndDir(async (mock, dir) => {
    let out = "", err = "";
    const { value: code } = await quiet(() =>
      runFetchCli(
        [
          "--interval",
          "60",
          "--start",
          "2025-06-01",
          "--end",
          "2025-07-01",
          "--cache-dir",
          dir,
          "--base-url",
          mock.baseUrl,
        ],
        { out: (l) => (out += l + "\n"), err: (l) => (err += l + "\n"), progress: false },
      )
    );
    assert.equal(code, 1, out);
    assert.match(err, /fetch incomplete: 30 bar\(s\) missing \(2025-06-10 00:00 to 2025-06-11 06:00 UTC\)/);
  }, {
    klines: ({ interval, start, end, limit, now }) => {
      const rows: string[][] = [];
      for (let t = Math.min(end, now) - (Math.min(end, now) % HOUR); t >= start; t -= HOUR) {
        if (rows.length === limit) break;
        if (t >= hole[0]! && t < hole[1]!) continue;
        rows.push(formulaRow(t, interval, now));
      }
      return rows;
    },
  });
});

// --- fetchKlines cancels the other pages after a failure ------------------------------------------------

Deno.test("fetchKlines sends no request after a page fails and aborts those in flight", async () => {
  await withMockAndDir(async (mock) => {
    // 12 pages, 4 in flight: the first answer is a refusal (not retried), the 3 others hang.
    mock.inject(["http403", "hang", "hang", "hang"]);
    const spec = { symbol: "BTCUSDT", interval: "1", start: JUNE, end: JUNE + 12_000 * 60_000 } as const;
    await assert.rejects(
      fetchKlines(spec, { baseUrl: mock.baseUrl, ...FAST, timeoutMs: 100, concurrency: 4 }),
      /IP ban/,
    );
    const atError = mock.requests.length;
    await new Promise((r) => setTimeout(r, 400)); // longer than the timeout: a live worker would retry
    assert.ok(atError >= 1 && atError <= 4, `${atError} requests before the error: at most 4 in flight`);
    assert.equal(mock.requests.length, atError, "requests after the error");
  });
});

// --- Numeric options ------------------------------------------------------------------------------------

const BAD_OPTIONS: [string, Record<string, unknown>][] = [
  ["timeoutMs", { timeoutMs: 0 }],
  ["timeoutMs", { timeoutMs: -5 }],
  ["timeoutMs", { timeoutMs: NaN }],
  ["timeoutMs", { timeoutMs: Infinity }],
  ["retry.maxAttempts", { retry: { maxAttempts: 0 } }],
  ["retry.maxAttempts", { retry: { maxAttempts: NaN } }],
  ["retry.maxAttempts", { retry: { maxAttempts: 1.5 } }],
  ["retry.baseDelayMs", { retry: { baseDelayMs: -1 } }],
  ["retry.baseDelayMs", { retry: { baseDelayMs: NaN } }],
  ["retry.maxDelayMs", { retry: { maxDelayMs: Infinity } }],
  ["retry.seed", { retry: { seed: NaN } }],
  ["maxRequestsPer5s", { maxRequestsPer5s: 0 }],
  ["maxRequestsPer5s", { maxRequestsPer5s: NaN }],
  ["maxRequestsPer5s", { maxRequestsPer5s: Infinity }],
];

Deno.test("every numeric client option rejects 0/negative/NaN/Infinity with a RangeError naming it, before any request", async (t) => {
  await withMockAndDir(async (mock, dir) => {
    await loadKlines(JUNE_H, opts(mock, dir)); // cached: the options must be checked even so
    const before = mock.requests.length;
    const calls: [string, (o: Record<string, unknown>) => Promise<unknown>][] = [
      ["fetchKlines", (o) => fetchKlines(JUNE_H, { baseUrl: mock.baseUrl, ...o })],
      ["loadKlines", (o) => loadKlines(JUNE_H, { ...opts(mock, dir), retry: {}, timeoutMs: 1000, ...o })],
      ["fetchOrderbook", (o) => fetchOrderbook({ symbol: "BTCUSDT" }, { baseUrl: mock.baseUrl, ...o })],
      ["fetchRecentTrades", (o) => fetchRecentTrades({ symbol: "BTCUSDT" }, { baseUrl: mock.baseUrl, ...o })],
    ];
    const show = (o: unknown) =>
      JSON.stringify(o, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
    for (const [fn, call] of calls) {
      for (const [name, o] of BAD_OPTIONS) {
        await t.step(`${fn} ${show(o)}`, async () => {
          await assert.rejects(
            call(o),
            (e: unknown) => e instanceof RangeError && e.message.includes(`${name} must be`),
          );
        });
      }
    }
    for (
      const o of [{ probeTimeoutMs: 0 }, { probeTimeoutMs: NaN }, { concurrency: NaN }, { concurrency: 0 }]
    ) {
      await t.step(`loadKlines ${show(o)}`, async () => {
        await assert.rejects(loadKlines(JUNE_H, { ...opts(mock, dir), ...o }), RangeError);
      });
    }
    await t.step(`fetchKlines {"timeoutMs":"5"}`, async () => {
      await assert.rejects(
        fetchKlines(JUNE_H, { baseUrl: mock.baseUrl, timeoutMs: "5" as unknown as number }),
        TypeError,
      );
    });
    assert.equal(mock.requests.length, before);
  });
});

// --- Strict numbers and validated answers ---------------------------------------------------------------

Deno.test("parseBybitDecimal accepts Bybit's decimals and refuses hex, blanks, empty, dangling exponents", async (t) => {
  for (
    const [text, value] of [
      ["30709.9", 30709.9],
      ["1687589640000", 1687589640000],
      ["1e-8", 1e-8],
      ["0", 0],
      ["-2.5", -2.5],
      [".5", 0.5],
    ] as const
  ) {
    assert.equal(parseBybitDecimal(text), value, text);
  }
  for (
    const text of ["0x10", "1e", "", " 5", "5 ", "Infinity", "NaN", "1,5", "0b1", "--1", "1e999", "+", "."]
  ) {
    await t.step(`refuses ${JSON.stringify(text)}`, () => {
      assert.equal(parseBybitDecimal(text), undefined);
    });
  }
});

const BAD_KLINE_FIELDS: [number, string][] = [[5, "0x10"], [5, "1e"], [4, ""], [1, " 5"], [6, "Infinity"], [
  0,
  "1.5",
]];

Deno.test("fetchKlines refuses rows whose numbers are not strict decimals, naming the field", async (t) => {
  await withMockAndDir(async (mock) => {
    for (const [j, text] of BAD_KLINE_FIELDS) {
      await t.step(`field ${j} = ${JSON.stringify(text)}`, async () => {
        mock.inject({
          rewrite: (r) => ({
            ...r,
            list: (r.list as string[][]).map((
              row,
              i,
            ) => (i === 0 ? row.map((v, k) => (k === j ? text : v)) : row)),
          }),
        });
        await assert.rejects(
          fetchKlines(JUNE_H, { baseUrl: mock.baseUrl, ...FAST }),
          (e: unknown) => e instanceof BybitResponseError && /list\[0\]\[\d\] \(\w+\)/.test(e.message),
        );
      });
    }
  });
});

type Book = { s: string; b: string[][]; a: string[][] };
const BAD_BOOKS: [string, (r: Book) => Book, RegExp][] = [
  ["negative bid price", (r) => ({ ...r, b: [["-1", "1"], ...r.b.slice(1)] }), /b\[0\] price must be > 0/],
  ["zero ask price", (r) => ({ ...r, a: [["0", "1"], ...r.a.slice(1)] }), /a\[0\] price must be > 0/],
  ["negative size", (r) => ({ ...r, a: [[r.a[0]![0]!, "-2"], ...r.a.slice(1)] }), /a\[0\] size must be >= 0/],
  ["crossed", (r) => ({ ...r, b: [[r.a[0]![0]!, "1"]] }), /crossed book/],
  ["unsorted bids", (r) => ({ ...r, b: [r.b[1]!, r.b[0]!, ...r.b.slice(2)] }), /bids are not descending/],
  ["unsorted asks", (r) => ({ ...r, a: [r.a[1]!, r.a[0]!, ...r.a.slice(2)] }), /asks are not ascending/],
  ["hex price", (r) => ({ ...r, b: [["0x10", "1"]] }), /decimal number/],
  ["other symbol", (r) => ({ ...r, s: "ETHUSDT" }), /result\.s is ETHUSDT, asked for BTCUSDT/],
];

Deno.test("fetchOrderbook refuses non-positive prices, negative sizes, crossed or unsorted books, another symbol", async (t) => {
  await withMockAndDir(async (mock) => {
    for (const [label, rewrite, message] of BAD_BOOKS) {
      await t.step(label, async () => {
        mock.inject({ rewrite: (r) => rewrite(r as unknown as Book) }, "/v5/market/orderbook");
        await assert.rejects(
          fetchOrderbook({ symbol: "BTCUSDT", limit: 5 }, { baseUrl: mock.baseUrl, ...FAST }),
          (e: unknown) => e instanceof BybitResponseError && message.test(e.message),
        );
      });
    }
  });
});

type Trades = { list: Record<string, unknown>[] };
const BAD_TRADES: [string, Record<string, unknown>, RegExp][] = [
  ["another symbol", { symbol: "ETHUSDT" }, /list\[0\]\.symbol is ETHUSDT, asked for BTCUSDT/],
  ["hex price", { price: "0x10" }, /decimal number/],
  ["dangling exponent", { size: "1e" }, /decimal number/],
  ["empty price", { price: "" }, /decimal number/],
  ["leading blank", { price: " 5" }, /decimal number/],
  ["negative price", { price: "-1" }, /price must be > 0/],
  ["zero size", { size: "0" }, /size must be > 0/],
  ["fractional time", { time: "1752582896789.5" }, /time must be integer ms/],
];

Deno.test("fetchRecentTrades refuses trades of another symbol and fields that are not strict positive decimals", async (t) => {
  await withMockAndDir(async (mock) => {
    for (const [label, patch, message] of BAD_TRADES) {
      await t.step(label, async () => {
        mock.inject(
          {
            rewrite: (r) => ({
              ...r,
              list: (r as unknown as Trades).list.map((t, i) => (i === 0 ? { ...t, ...patch } : t)),
            }),
          },
          "/v5/market/recent-trade",
        );
        await assert.rejects(
          fetchRecentTrades({ symbol: "BTCUSDT", limit: 5 }, { baseUrl: mock.baseUrl, ...FAST }),
          (e: unknown) => e instanceof BybitResponseError && message.test(e.message),
        );
      });
    }
  });
});

// --- Rows without turnover ------------------------------------------------------------------------------

Deno.test("rows of 6 fields are accepted with turnover estimated as volume * (O + H + L + C) / 4, and said so", async (t) => {
  await withMockAndDir(async (mock, dir) => {
    await t.step("fetchKlines", async () => {
      mock.inject("sixFields");
      const { value: df, warnings } = await quiet(() =>
        fetchKlines(JUNE_H, { baseUrl: mock.baseUrl, ...FAST })
      );
      const c = klineColumns(df);
      assert.equal(c.startTime.length, 720);
      for (let i = 0; i < 720; i++) {
        const want = c.volume[i]! * (c.open[i]! + c.high[i]! + c.low[i]! + c.close[i]!) / 4;
        assert.ok(Math.abs(c.turnover[i]! - want) <= 1e-9 * want, `row ${i}`);
      }
      assert.ok(warnings.some((w) => /720 of 720 rows came without turnover.*ESTIMATED/.test(w)));
    });
    await t.step("loadKlines", async () => {
      mock.inject("sixFields");
      const loaded = await loadKlines(JUNE_H, opts(mock, dir));
      assert.equal(klineLoadReport(loaded)?.estimatedTurnoverRows, 720);
      assert.match(describeKlineSource(loaded), /turnover ESTIMATED on 720 fetched bars/);
    });
  });
});

// --- Long ranges ----------------------------------------------------------------------------------------

Deno.test("over-long ranges fail at once with a RangeError naming end, not after minutes or with 'Invalid array length'", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "reliability_long_" });
  const monthly = (start: number, end: number) =>
    quiet(() =>
      loadKlines({ symbol: "BTCUSDT", interval: "M", start, end }, { offline: true, cacheDir: dir })
    );
  const start = Date.UTC(2015, 0, 1);
  try {
    await t.step("monthly bars 2015-2600", async () => {
      await assert.rejects(monthly(start, Date.UTC(2600, 0, 1)), /end must be on or before 2100-01-01/);
    });
    await t.step("end = 8.64e15 + 1", async () => {
      await assert.rejects(
        monthly(start, 8.64e15 + 1),
        (e: unknown) =>
          e instanceof RangeError &&
          /end must be .* in \[0, 8\.64e15\]: current value is 8640000000000001/.test(e.message),
      );
    });
    await t.step("monthly bars 2015-2040 (more than ten years)", async () => {
      await assert.rejects(monthly(start, Date.UTC(2040, 0, 1)), /end - start must span at most 3660 days/);
    });
    await t.step("a range that fits is generated at the requested interval", async () => {
      const { value: df } = await monthly(Date.UTC(2020, 0, 1), Date.UTC(2021, 0, 1));
      assert.deepEqual(
        Array.from(klineColumns(df).startTime),
        Array.from({ length: 12 }, (_, k) => Date.UTC(2020, k, 1)),
      );
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
