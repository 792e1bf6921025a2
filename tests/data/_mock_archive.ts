/**
 * A local imitation of Bybit's public trade archive (`public.bybit.com`) for the tests: it binds 127.0.0.1
 * on a free port and serves `/trading/{SYMBOL}/{SYMBOL}{YYYY-MM-DD}.csv.gz` and
 * `/spot/{SYMBOL}/{SYMBOL}_{YYYY-MM-DD}.csv.gz` as gzip files with a `Content-Length`, 404 for a day it does
 * not hold, and misbehaves on request: HTTP 5xx/429/403, a gzip body cut short, a 429 asking for an hour
 * (`http429long`); `route` serves any hand-made response (raw bytes, a stalled body, an endless error body).
 *
 * @module
 */

/** A misbehaviour applied to one request of a path. */
export type ArchiveFault = "http500" | "http503" | "http429" | "http429long" | "http403" | "truncated";

/** A running mock archive. */
export interface MockArchive {
  /** `http://127.0.0.1:<port>`. */
  baseUrl: string;
  /** Every request path received, in order. */
  requests: string[];
  /** Sets (or replaces) the CSV text served at `path` (e.g. `/trading/BTCUSDT/BTCUSDT2025-06-01.csv.gz`). */
  put(path: string, csv: string): void;
  /** Answers every request to `path` with `handler` (before files and faults). */
  route(path: string, handler: () => Response | Promise<Response>): void;
  /** Queues faults for the next requests to `path`, one per request. */
  inject(path: string, faults: ArchiveFault | ArchiveFault[]): void;
  /** Makes every request to `path` fail with `fault`, for good. */
  always(path: string, fault: ArchiveFault): void;
  close(): Promise<void>;
}

/** Gzips text (one gzip member, as Bybit's files). */
export async function gzip(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The archive path of a linear/inverse day. */
export function tradingPath(symbol: string, date: string): string {
  return `/trading/${symbol}/${symbol}${date}.csv.gz`;
}

/** Bybit's linear archive header (with the newer `RPI` column when `rpi`). */
export const LINEAR_HEADER =
  "timestamp,symbol,side,size,price,tickDirection,trdMatchID,grossValue,homeNotional,foreignNotional";

/**
 * A deterministic day of Bybit linear archive rows, in Bybit's layout, NOT sorted (rows are written in
 * an interleaved order so that the reader must sort). Trade `i` (0-based, in time order) is at
 * `dayStart + (i + 0.5) * 86400 / n` seconds (4 decimals), price `30000 + (i % 50) / 10`, size
 * `0.001 * (1 + i % 7)`, side Buy when `i % 3 !== 0`, trdMatchID `t<date>-<i padded to 7>`.
 */
export function linearDayCsv(
  date: string,
  n: number,
  options: { rpi?: boolean; symbol?: string } = {},
): string {
  const { rpi = false, symbol = "BTCUSDT" } = options;
  const dayStart = Date.parse(`${date}T00:00:00Z`) / 1000;
  const lines = [rpi ? `${LINEAR_HEADER},RPI` : LINEAR_HEADER];
  const order: number[] = [];
  for (let i = 0; i < n; i += 2) order.push(i);
  for (let i = n - 1 - ((n - 1) % 2 === 0 ? 1 : 0); i > 0; i -= 2) order.push(i);
  for (const i of order) lines.push(linearRow(date, dayStart, n, i, symbol) + (rpi ? ",0" : ""));
  return lines.join("\n") + "\n";
}

/** Row `i` of {@linkcode linearDayCsv}. */
export function linearRow(date: string, dayStart: number, n: number, i: number, symbol = "BTCUSDT"): string {
  const t = (dayStart + ((i + 0.5) * 86_400) / n).toFixed(4);
  const price = (30000 + (i % 50) / 10).toFixed(1);
  const size = (0.001 * (1 + (i % 7))).toFixed(3);
  const side = i % 3 !== 0 ? "Buy" : "Sell";
  const id = `t${date}-${String(i).padStart(7, "0")}`;
  const notional = (Number(size) * Number(price)).toFixed(4);
  return `${t},${symbol},${side},${size},${price},PlusTick,${id},${
    Math.round(Number(notional) * 1e8)
  },${size},${notional}`;
}

/** Starts the mock archive on 127.0.0.1 (a free port). */
export function startMockArchive(): Promise<MockArchive> {
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  const pending: Promise<void>[] = [];
  const faults = new Map<string, ArchiveFault[]>();
  const permanent = new Map<string, ArchiveFault>();
  const requests: string[] = [];
  const routes = new Map<string, () => Response | Promise<Response>>();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    await Promise.all(pending);
    const path = new URL(req.url).pathname;
    requests.push(path);
    const routed = routes.get(path);
    if (routed) return await routed();
    const fault = faults.get(path)?.shift() ?? permanent.get(path);
    if (fault === "http500") return new Response("internal error", { status: 500 });
    if (fault === "http503") return new Response("unavailable", { status: 503 });
    if (fault === "http429") {
      return new Response("slow down", { status: 429, headers: { "retry-after": "0" } });
    }
    if (fault === "http429long") {
      return new Response("slow down", { status: 429, headers: { "retry-after": "3600" } });
    }
    if (fault === "http403") return new Response("forbidden", { status: 403 });
    const body = files.get(path);
    if (body === undefined) {
      return new Response("<Error><Code>NoSuchKey</Code></Error>", { status: 404 });
    }
    const bytes = fault === "truncated" ? body.slice(0, Math.floor(body.length * 0.6)) : body;
    return new Response(bytes, { headers: { "content-type": "application/gzip" } });
  });
  const addr = server.addr as Deno.NetAddr;
  return Promise.resolve({
    baseUrl: `http://127.0.0.1:${addr.port}`,
    requests,
    put(path, csv) {
      pending.push(gzip(csv).then((bytes) => void files.set(path, bytes)));
    },
    route(path, handler) {
      routes.set(path, handler);
    },
    inject(path, f) {
      const list = faults.get(path) ?? [];
      list.push(...(Array.isArray(f) ? f : [f]));
      faults.set(path, list);
    },
    always(path, fault) {
      permanent.set(path, fault);
    },
    async close() {
      await server.shutdown();
    },
  });
}

/** Retry and timeout settings that keep the archive tests fast (a few ms of back-off). */
export const FAST_ARCHIVE = {
  retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5, seed: 1 },
  timeoutMs: 10_000,
} as const;

/**
 * Runs `fn` against a fresh mock archive and an empty temporary cache folder, with the `loadTrades` options
 * that point at both; closes the mock and removes the folder afterwards, whatever `fn` did.
 */
export async function withMockArchive(
  prefix: string,
  fn: (
    mock: MockArchive,
    dir: string,
    options: { archiveUrl: string; cacheDir: string; offline: false } & typeof FAST_ARCHIVE,
  ) => Promise<void>,
  setup: (mock: MockArchive) => void = () => {},
): Promise<void> {
  const mock = await startMockArchive();
  setup(mock);
  const dir = await Deno.makeTempDir({ prefix });
  try {
    await fn(mock, dir, { archiveUrl: mock.baseUrl, cacheDir: dir, offline: false, ...FAST_ARCHIVE });
  } finally {
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
}
