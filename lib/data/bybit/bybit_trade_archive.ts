/**
 * Bybit's public trade archive: one gzipped CSV per symbol and UTC day (every public trade of the day),
 * downloaded as a stream, gunzipped with `DecompressionStream`, parsed by header name and validated.
 *
 * - Linear and inverse contracts: `{base}/trading/{SYMBOL}/{SYMBOL}{YYYY-MM-DD}.csv.gz`, header
 *   `timestamp,symbol,side,size,price,tickDirection,trdMatchID,grossValue,homeNotional,foreignNotional`
 *   (newer files append columns such as `RPI`: ignored). `timestamp` is seconds with up to 6 decimals (older
 *   files: whole seconds), `side` the
 *   taker's side (`Buy`/`Sell`). Linear `size` is in base units (BTC); inverse `size` is a number of 1-USD
 *   contracts, converted to base units as `size / price`.
 * - Spot: `{base}/spot/{SYMBOL}/{SYMBOL}_{YYYY-MM-DD}.csv.gz`, header `id,timestamp,price,volume,side`
 *   (newer files add `rpi`; timestamp in ms, side `buy`/`sell`, volume in base units, `id` numbering the
 *   day's trades from 1). Downloaders disagree about spot files; any
 *   other header is refused with the header in the message ({@linkcode bybitTradeArchiveFormat}).
 *
 * Rows are not guaranteed sorted: they are sorted stably by timestamp (full precision), so trades of one
 * timestamp keep the file's order (reversed for a newest-first file), and a duplicate trade id is an error
 * naming it. A file is refused ({@linkcode BybitResponseError}) when it holds no trade (a header only),
 * a row of another symbol (linear, inverse: the `symbol` column), or a row outside its UTC day. A day
 * that Bybit has not published (yet) answers HTTP 404: {@linkcode BybitArchiveMissingDayError}, never
 * retried.
 *
 * The body: gzip with one or more members (trailing bytes after the last member are ignored, as
 * `gzip -d` does), or already plain CSV when a proxy inflated it (the gzip magic bytes `1f 8b` decide,
 * not `Content-Encoding`). Bounded work: at most `maxDayBytes` of CSV per day (default 2 GiB; more is a
 * {@linkcode BybitResponseError}, never retried), at most {@linkcode ERROR_BODY_BYTES} of an error body
 * read, and a body that sends no byte for `stallTimeoutMs` (default 60 s) is dropped and retried.
 *
 * Retries: HTTP 429/5xx, network errors, timeouts, stalls and a truncated or corrupt gzip body are retried
 * with the kline client's backoff (equal jitter, `min(maxDelayMs, baseDelayMs 2^(k-1)) (1/2 + u/2)`, or the
 * server's `Retry-After`); a `Retry-After` longer than `retry.maxDelayMs` stops at once with
 * {@linkcode BybitRateLimitError}; other 4xx are {@linkcode BybitApiError}; exhausting the attempts is
 * {@linkcode BybitUnavailableError}.
 *
 * @module
 */
import type pl from "npm:nodejs-polars@0.25.2";
import { createGunzip } from "node:zlib";
import { Buffer } from "node:buffer";
import {
  BybitApiError,
  BybitRateLimitError,
  BybitResponseError,
  type BybitRetryOptions,
  BybitUnavailableError,
} from "./bybit_http.ts";
import { concatArrays } from "../../core/arrays.ts";
import {
  ERROR_BODY_BYTES,
  readBodyPrefix,
  RetryableFailure,
  retryAfterMs,
  withRetries,
  withTimeLimit,
} from "./_retry.ts";
import {
  BYBIT_ARCHIVE_URL,
  bybitTradeArchiveFormat,
  bybitTradeArchiveUrl,
  resolveArchiveUrl,
  type TradeDaySpec,
} from "./trade_archive_url.ts";
import { parseTradeArchiveCsv } from "./_trade_archive_csv.ts";

// The URL and parsing halves of the archive client, on the face they have always had.
export {
  BYBIT_ARCHIVE_URL,
  bybitTradeArchiveFormat,
  bybitTradeArchiveUrl,
  resolveArchiveUrl,
  type TradeDaySpec,
};
export type { TradeArchiveFormat } from "./trade_archive_url.ts";

/** Options of the archive client. */
export interface TradeArchiveOptions {
  /** Archive base URL. Default `BYBIT_ARCHIVE_URL` from the environment, else {@linkcode BYBIT_ARCHIVE_URL}. */
  archiveUrl?: string;
  /** Cancels the download (no retry after an abort). */
  signal?: AbortSignal;
  /** Time limit of one attempt (headers and the whole body), ms. Default 600,000 (a day is 50-150 MB gzipped). */
  timeoutMs?: number;
  /** Backoff settings, as for the REST client. Default 5 attempts, 1 s base delay, 30 s cap. */
  retry?: BybitRetryOptions;
  /** Called as compressed bytes arrive: bytes so far and the `Content-Length` (when sent). */
  onProgress?: (received: number, total: number | undefined) => void;
  /**
   * Most bytes of CSV one day may decompress to, a bound on the memory of a day (a liquid day is
   * 0.3-1 GB of CSV). Default {@linkcode MAX_DAY_BYTES} (2 GiB). More is an error (a gzip bomb or a wrong
   * file), not retried.
   */
  maxDayBytes?: number;
  /** Longest wait for the next byte of a body, ms: a stalled body is dropped and retried. Default 60,000. */
  stallTimeoutMs?: number;
}

/** Default cap of one day's decompressed CSV, bytes (2 GiB). */
export const MAX_DAY_BYTES = 2 * 1024 ** 3;

/** Default longest wait for the next byte of an archive body, ms. */
export const STALL_TIMEOUT_MS = 60_000;

export { ERROR_BODY_BYTES };

/** The day is not in the archive (HTTP 404): not published yet, or the symbol did not trade then. */
export class BybitArchiveMissingDayError extends Error {
  /** The day, `YYYY-MM-DD`. */
  readonly date: string;
  /** The URL that answered 404. */
  readonly url: string;

  /**
   * @example
   * ```ts
   * import { BybitArchiveMissingDayError } from "@lib/data/mod.ts";
   * import assert from "node:assert/strict";
   * const e = new BybitArchiveMissingDayError("2099-01-01", "https://public.bybit.com/trading/X/X2099-01-01.csv.gz");
   * assert.match(e.message, /2099-01-01.*not published/);
   * ```
   */
  constructor(date: string, url: string) {
    super(
      `Cannot download Bybit trades for ${date}: the day is not published in the archive (HTTP 404) [${url}]`,
    );
    this.name = "BybitArchiveMissingDayError";
    this.date = date;
    this.url = url;
  }
}

/**
 * Downloads and gunzips one archive file (streamed: the compressed bytes are never held whole), with
 * the retry policy of the module. Returns the CSV bytes.
 */
async function downloadTradeArchive(
  url: string,
  date: string,
  options: TradeArchiveOptions = {},
): Promise<Uint8Array> {
  const action = `download Bybit trades for ${date}`;
  const {
    signal,
    timeoutMs = 600_000,
    retry = {},
    onProgress,
    maxDayBytes = MAX_DAY_BYTES,
    stallTimeoutMs = STALL_TIMEOUT_MS,
  } = options;
  const { maxAttempts = 5, baseDelayMs = 1_000, maxDelayMs = 30_000, seed = Deno.pid } = retry;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(
      `Cannot ${action}: retry.maxAttempts must be an integer >= 1: current value is ${maxAttempts}`,
    );
  }
  for (
    const [name, v] of [
      ["timeoutMs", timeoutMs],
      ["retry.baseDelayMs", baseDelayMs],
      ["retry.maxDelayMs", maxDelayMs],
    ] as const
  ) {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new RangeError(`Cannot ${action}: ${name} must be a finite number >= 0: current value is ${v}`);
    }
  }
  for (const [name, v] of [["maxDayBytes", maxDayBytes], ["stallTimeoutMs", stallTimeoutMs]] as const) {
    if (typeof v !== "number" || !Number.isFinite(v) || !(v > 0)) {
      throw new RangeError(`Cannot ${action}: ${name} must be a finite number > 0: current value is ${v}`);
    }
  }
  const label = `GET ${url}`;
  const limits = { timeoutMs, stallTimeoutMs, maxDayBytes };
  return await withRetries(
    () => downloadOnce(url, date, label, action, limits, signal, onProgress),
    { maxAttempts, baseDelayMs, maxDelayMs, seed },
    signal,
    (lastError) => new BybitUnavailableError(action, { attempts: maxAttempts, lastError, request: label }),
    (retryAfterMs) => new BybitRateLimitError(action, { retryAfterMs, maxDelayMs, request: label }),
  );
}

async function downloadOnce(
  url: string,
  date: string,
  label: string,
  action: string,
  limits: { timeoutMs: number; stallTimeoutMs: number; maxDayBytes: number },
  outer: AbortSignal | undefined,
  onProgress: TradeArchiveOptions["onProgress"],
): Promise<Uint8Array> {
  let stage = "connect";
  return await withTimeLimit(limits.timeoutMs, outer, async (signal) => {
    const response = await fetch(url, { signal });
    const status = response.status;
    if (status === 404) {
      await response.body?.cancel();
      throw new BybitArchiveMissingDayError(date, url);
    }
    if (status === 429 || status >= 500) {
      const text = await readBodyPrefix(response, ERROR_BODY_BYTES);
      throw new RetryableFailure(
        `HTTP ${status}: ${text.replace(/\s+/g, " ").slice(0, 120)}`,
        retryAfterMs(response.headers.get("retry-after")),
      );
    }
    if (status !== 200 || response.body === null) {
      const text = await readBodyPrefix(response, ERROR_BODY_BYTES);
      throw new BybitApiError(action, {
        retCode: 0,
        retMsg: text.replace(/\s+/g, " ").slice(0, 120) || `HTTP ${status}`,
        httpStatus: status,
        request: label,
      });
    }
    // With a Content-Encoding, fetch has decoded the body and Content-Length counts the encoded bytes.
    const lengthHeader = response.headers.get("content-encoding")
      ? null
      : response.headers.get("content-length");
    const total = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
    stage = "body";
    onProgress?.(0, total);
    const sink = new DaySink(limits.maxDayBytes, () => {
      throw new BybitResponseError(
        action,
        `the day decompresses to more than maxDayBytes = ${limits.maxDayBytes} bytes of CSV (a gzip bomb or ` +
          `not a trade archive); pass options.maxDayBytes to allow more`,
        label,
      );
    });
    const reader = response.body.getReader();
    let received = 0;
    try {
      for (;;) {
        const { done, value } = await readWithin(reader, limits.stallTimeoutMs);
        if (done) break;
        received += value.byteLength;
        onProgress?.(received, total);
        await sink.write(value);
      }
    } catch (error) {
      await reader.cancel().catch(() => {});
      throw error;
    } finally {
      reader.releaseLock();
    }
    if (total !== undefined && received !== total) {
      throw new RetryableFailure(`body cut off: ${received} of ${total} bytes`);
    }
    return await sink.end();
  }, {
    keep: (error) =>
      error instanceof RetryableFailure || error instanceof BybitArchiveMissingDayError ||
      error instanceof BybitApiError || error instanceof BybitResponseError,
    describe: (error) => {
      const message = (error as Error)?.message ?? String(error);
      return new RetryableFailure(
        stage === "body" ? `truncated or corrupt gzip body: ${message}` : `network error: ${message}`,
      );
    },
  });
}

/** One read of a body, or a {@linkcode RetryableFailure} when no byte comes within `stallMs` (the body is cancelled). */
async function readWithin(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  stallMs: number,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Reject before cancelling: the cancel ends the pending read as "done", which must not win the race.
      reject(new RetryableFailure(`body stalled: no byte received for ${stallMs} ms (stallTimeoutMs)`));
      reader.cancel().catch(() => {});
    }, stallMs);
  });
  try {
    return await Promise.race([reader.read(), stalled]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Collects a day body as CSV bytes: gunzipped when it starts with the gzip magic bytes (any number of
 * members; bytes after the last member ignored, as `gzip -d` does), else taken as it is (a proxy already
 * inflated it). Stops with `tooBig()` past `maxBytes` of CSV.
 *
 * `node:zlib` is used rather than `DecompressionStream`, which refuses a second gzip member and trailing
 * bytes ("failed to write whole buffer").
 */
class DaySink {
  #chunks: Uint8Array[] = [];
  #bytes = 0;
  #mode: "unknown" | "gzip" | "plain" = "unknown";
  #head = new Uint8Array(0);
  #gunzip: ReturnType<typeof createGunzip> | undefined;
  #error: unknown;
  #done: Promise<void> | undefined;

  constructor(readonly maxBytes: number, readonly tooBig: () => never) {}

  #take(chunk: Uint8Array): void {
    if (this.#error !== undefined) return;
    this.#bytes += chunk.byteLength;
    if (this.#bytes > this.maxBytes) {
      try {
        this.tooBig();
      } catch (error) {
        this.#error = error; // thrown by write() once the chunk in hand is through
      }
      return;
    }
    this.#chunks.push(chunk);
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.#mode === "unknown") {
      const head = new Uint8Array(this.#head.length + chunk.length);
      head.set(this.#head);
      head.set(chunk, this.#head.length);
      if (head.length < 2) {
        this.#head = head;
        return;
      }
      this.#head = new Uint8Array(0);
      this.#mode = head[0] === 0x1f && head[1] === 0x8b ? "gzip" : "plain";
      if (this.#mode === "gzip") this.#startGunzip();
      chunk = head;
    }
    if (this.#mode === "plain") this.#take(chunk);
    else await this.#feed(chunk);
    if (this.#error !== undefined) {
      this.#gunzip?.destroy();
      throw this.#error;
    }
  }

  #startGunzip(): void {
    const gunzip = createGunzip();
    gunzip.on("data", (c: Buffer) => this.#take(new Uint8Array(c.buffer, c.byteOffset, c.byteLength)));
    this.#done = new Promise<void>((resolve) => {
      gunzip.on("end", () => resolve());
      gunzip.on("close", () => resolve());
      gunzip.on("error", (error: Error) => {
        this.#error ??= error;
        resolve();
      });
    });
    this.#gunzip = gunzip;
  }

  async #feed(chunk: Uint8Array): Promise<void> {
    const gunzip = this.#gunzip!;
    if (!gunzip.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))) {
      await new Promise<void>((resolve) => {
        gunzip.once("drain", resolve);
        gunzip.once("close", resolve);
      });
    }
  }

  async end(): Promise<Uint8Array> {
    if (this.#mode === "unknown" && this.#head.length > 0) this.#take(this.#head);
    if (this.#gunzip !== undefined && this.#error === undefined) {
      this.#gunzip.end();
      await this.#done;
    }
    if (this.#error !== undefined) throw this.#error;
    return concatArrays(this.#chunks, Uint8Array);
  }
}

/**
 * Downloads one day of Bybit's public trade archive and returns it as the tape frame
 * ({@linkcode TRADE_TAPE_SCHEMA}): timestamps floored to ms (order decided on the full precision), price,
 * size in base units, side +1/-1 (taker), tradeId = `trdMatchID` (spot: `id`), sorted stably by time
 * (ties in the archive's execution order).
 *
 * @param spec symbol, category (default `"linear"`), date `YYYY-MM-DD`.
 * @param options archive URL, timeout, retry, progress callback, abort signal.
 * @returns the day's trades.
 * @throws {RangeError} for a bad spec (nothing is requested).
 * @throws {BybitArchiveMissingDayError} when the day is not published (HTTP 404).
 * @throws {BybitUnavailableError} when every attempt failed (network, 5xx, truncated gzip, stalled body).
 * @throws {BybitRateLimitError} when the server asks to wait longer than `retry.maxDelayMs`.
 * @throws {BybitResponseError} for a file that is not a valid trade archive of that day (unknown header,
 *   bad row with its line number, duplicate trade id, no trade, another symbol or day, more than
 *   `maxDayBytes` of CSV).
 *
 * @example
 * ```ts
 * import { fetchTradeDay } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * // A one-day archive on 127.0.0.1 (the real one is https://public.bybit.com), rows out of order.
 * const csv = "timestamp,symbol,side,size,price,tickDirection,trdMatchID,grossValue,homeNotional,foreignNotional\n" +
 *   "1748736000.5,BTCUSDT,Sell,0.01,104000,MinusTick,b,1,0.01,1040\n" +
 *   "1748736000.25,BTCUSDT,Buy,0.02,104000,PlusTick,a,1,0.02,2080\n";
 * const gz = await new Response(new Blob([csv]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer();
 * const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => new Response(gz));
 * const archiveUrl = `http://127.0.0.1:${server.addr.port}`;
 * const df = await fetchTradeDay({ symbol: "BTCUSDT", category: "linear", date: "2025-06-01" }, { archiveUrl });
 * assert.deepEqual(df.getColumn("tradeId").toArray(), ["a", "b"]);
 * assert.deepEqual(df.getColumn("side").toArray(), [1, -1]);
 * await server.shutdown();
 * ```
 */
export async function fetchTradeDay(
  spec: TradeDaySpec,
  options: TradeArchiveOptions = {},
): Promise<pl.DataFrame> {
  const url = bybitTradeArchiveUrl(spec, options);
  const category = spec.category ?? "linear";
  const csv = await downloadTradeArchive(url, spec.date, options);
  try {
    return parseTradeArchiveCsv(category, csv, url, { symbol: spec.symbol, date: spec.date });
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) {
      throw new BybitResponseError(
        `download Bybit trades for ${spec.date}`,
        error.message.split(`${url}: `)[1] ?? error.message,
        `GET ${url}`,
      );
    }
    throw error;
  }
}
