import assert from "node:assert/strict";
import { loadQuotes, QuoteLoadError } from "@lib/data/mod.ts";
import { writeZip } from "./_zip.ts";

// A tiny order-book archive day in Bybit's format (hand-made, not real data): snapshot then deltas.
const TOPIC = "orderbook.200.BTCUSDT";
const DAY = Date.UTC(2025, 5, 1);
const msg = (type: string, u: number, ts: number, b: string[][], a: string[][]) =>
  JSON.stringify({ topic: TOPIC, type, ts, data: { s: "BTCUSDT", b, a, u, seq: u }, cts: ts });
const DAY_LINES = [
  msg("snapshot", 1, DAY + 100, [["100.0", "2"], ["99.9", "5"]], [["100.1", "1"], ["100.2", "3"]]),
  msg("delta", 2, DAY + 200, [["99.8", "1"]], []), // deep level: best bid/ask unchanged, not emitted
  msg("delta", 3, DAY + 300, [["100.0", "0"]], []), // best bid deleted: 99.9 / 100.1
  msg("delta", 4, DAY + 400, [], [["100.1", "4"]]), // ask size 1 -> 4
];

interface Mock {
  baseUrl: string;
  requests: string[];
  close(): Promise<void>;
}

/** Serves `files` (path -> bytes) on 127.0.0.1; `broken` paths answer with a body that fails midway. */
function serve(files: Map<string, Uint8Array>, broken = new Set<string>()): Mock {
  const requests: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const path = new URL(req.url).pathname;
    requests.push(path);
    const body = files.get(path);
    if (body === undefined) return new Response("<Error>NoSuchKey</Error>", { status: 404 });
    if (broken.has(path)) {
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(body.slice(0, 10));
          c.error(new Error("connection reset"));
        },
      });
      return new Response(stream);
    }
    return new Response(body as BodyInit);
  });
  const addr = server.addr as Deno.NetAddr;
  return { baseUrl: `http://127.0.0.1:${addr.port}`, requests, close: () => server.shutdown() };
}

async function zipBytes(text: string): Promise<Uint8Array> {
  const dir = await Deno.makeTempDir();
  try {
    await writeZip(`${dir}/a.zip`, "a.data", text);
    return await Deno.readFile(`${dir}/a.zip`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for await (const e of Deno.readDir(d)) {
      const p = `${d}/${e.name}`;
      if (e.isDirectory) await walk(p);
      else out.push(p.slice(dir.length + 1));
    }
  };
  await walk(dir).catch(() => {});
  return out.sort();
}

const path = (date: string, depth: number) => `/orderbook/linear/BTCUSDT/${date}_BTCUSDT_ob${depth}.data.zip`;
const NO_RETRY = { retry: { maxAttempts: 1, baseDelayMs: 0 } };

Deno.test("loadQuotes: fetched from the archive, cached in the hive layout, then read offline", async () => {
  const mock = serve(new Map([[path("2025-06-01", 200), await zipBytes(DAY_LINES.join("\n") + "\n")]]));
  const cacheDir = await Deno.makeTempDir();
  try {
    const options = { cacheDir, orderbookArchiveUrl: mock.baseUrl, ...NO_RETRY };
    const first = await loadQuotes({ symbol: "BTCUSDT", start: "2025-06-01", end: "2025-06-02" }, options);
    // By hand: rows after messages 1, 3, 4 (message 2 changes no best level).
    assert.deepEqual([...first.quotes.timestamps], [DAY + 100, DAY + 300, DAY + 400]);
    assert.deepEqual([...first.quotes.bidPrices], [100, 99.9, 99.9]);
    assert.deepEqual([...first.quotes.askSizes], [1, 1, 4]);
    assert.equal(first.quotes.source, "bybit");
    assert.equal(first.quotes.symbol, "BTCUSDT");
    assert.deepEqual(first.report.days.map((d) => [d.status, d.rows, d.messages, d.gaps]), [[
      "fetched",
      3,
      4,
      0,
    ]]);
    assert.deepEqual(await filesUnder(cacheDir), [
      "quotes/exchange=bybit/category=linear/symbol=BTCUSDT/date=2025-06-01/part-0.parquet",
    ]);
    // Cached: no request, even offline; a sub-day range is trimmed.
    const again = await loadQuotes(
      { symbol: "BTCUSDT", start: DAY + 250, end: DAY + 1000 },
      { cacheDir, offline: true },
    );
    assert.equal(mock.requests.length, 1);
    assert.deepEqual([...again.quotes.timestamps], [DAY + 300, DAY + 400]);
    assert.equal(again.report.days[0]!.status, "cached");
  } finally {
    await mock.close();
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("loadQuotes: an older day at depth 500 is found after depth 200 answers 404", async () => {
  const lines = DAY_LINES.map((l) => l.replaceAll("orderbook.200", "orderbook.500"));
  const mock = serve(new Map([[path("2025-06-01", 500), await zipBytes(lines.join("\n"))]]));
  const cacheDir = await Deno.makeTempDir();
  try {
    const r = await loadQuotes({ symbol: "BTCUSDT", start: "2025-06-01", end: "2025-06-02" }, {
      cacheDir,
      orderbookArchiveUrl: mock.baseUrl,
      ...NO_RETRY,
    });
    assert.deepEqual(mock.requests, [path("2025-06-01", 200), path("2025-06-01", 500)]);
    assert.match(r.report.days[0]!.url!, /ob500\.data\.zip$/);
  } finally {
    await mock.close();
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("loadQuotes: missing, cut and malformed days cache nothing and are named in the error", async () => {
  const good = await zipBytes(DAY_LINES.join("\n"));
  const badJson = await zipBytes(DAY_LINES[0] + "\n{not json\n");
  const wrongDay = await zipBytes(msg("snapshot", 1, DAY - 1, [["1", "1"]], [["2", "1"]]));
  const mock = serve(
    new Map([
      [path("2025-06-02", 200), good], // served broken (body fails midway)
      [path("2025-06-03", 200), good.slice(0, good.length - 30)], // a zip cut short
      [path("2025-06-04", 200), badJson],
      [path("2025-06-05", 200), wrongDay], // a message of another day
    ]),
    new Set([path("2025-06-02", 200)]),
  );
  const cacheDir = await Deno.makeTempDir();
  try {
    const error = await loadQuotes({ symbol: "BTCUSDT", start: "2025-06-01", end: "2025-06-06" }, {
      cacheDir,
      orderbookArchiveUrl: mock.baseUrl,
      ...NO_RETRY,
    }).catch((e) => e);
    assert.ok(error instanceof QuoteLoadError);
    const statuses = error.report.days.map((d: { date: string; status: string }) => `${d.date} ${d.status}`);
    assert.deepEqual(statuses, [
      "2025-06-01 missing",
      "2025-06-02 failed",
      "2025-06-03 failed",
      "2025-06-04 failed",
      "2025-06-05 failed",
    ]);
    assert.match(error.message, /2025-06-01: not published in Bybit's order-book archive \(HTTP 404\)/);
    assert.match(error.message, /2025-06-04: .*line 1 is not JSON/);
    assert.match(error.message, /2025-06-05: .*every quote must lie in 2025-06-05 UTC/);
    assert.match(error.message, /5 of 5 day\(s\) unavailable/);
    // Nothing partial: no day file and no temporary file anywhere.
    const left = (await filesUnder(cacheDir)).filter((f) => !f.endsWith("/"));
    assert.deepEqual(left, []);
  } finally {
    await mock.close();
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("loadQuotes: bad specs fail before any request", async () => {
  await assert.rejects(
    loadQuotes({ symbol: "../x", start: "2025-06-01", end: "2025-06-02" }, { offline: true }),
    RangeError,
  );
  await assert.rejects(
    loadQuotes({ symbol: "BTCUSDT", start: "2025-06-02", end: "2025-06-01" }, { offline: true }),
    /end must be after start/,
  );
  await assert.rejects(
    loadQuotes({ symbol: "BTCUSDT", start: "2025-06-01", end: "2025-06-02" }, {
      orderbookArchiveUrl: "ftp://x",
    }),
    /orderbookArchiveUrl must be an http\(s\) URL/,
  );
});

Deno.test("loadQuotes gives a missing or failed day the cause a trade day would have", async () => {
  const cacheDir = await Deno.makeTempDir({ prefix: "quote_cause_test_" });
  try {
    // Offline with nothing cached: both days missing, cause "offline" (as loadTrades reports them).
    const error = await loadQuotes({ symbol: "BTCUSDT", start: "2025-06-01", end: "2025-06-03" }, {
      offline: true,
      cacheDir,
    }).catch((e) => e);
    assert.ok(error instanceof QuoteLoadError);
    assert.deepEqual(error.report.days.map((d) => [d.status, d.cause]), [
      ["missing", "offline"],
      ["missing", "offline"],
    ]);
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
});
