/**
 * The transport under every Bybit v5 call: one GET with a timeout, the response envelope checked,
 * bounded exponential backoff with jitter for what Bybit documents as retryable, a client-side rate
 * limit under the published 600 requests per 5 s per IP, and errors that say what happened.
 *
 * Retry policy (from Bybit's v5 error-code table, see `bybit_v5.md` in the team notes):
 * - retried: retCode 10006 (too many visits), 10016 (server error / request timeout), 10429 (system
 *   frequency protection), HTTP 429 and 5xx, network errors, timeouts, and a body that is not JSON (a
 *   truncated or proxy-mangled answer);
 * - not retried: retCode 10001 (bad parameter, e.g. `"Not supported symbols"`, `"Invalid period!"`),
 *   10002 (request time outside the allowed window), any other non-zero retCode, HTTP 403 (an IP ban:
 *   wait minutes, do not hammer), other HTTP 4xx, and a JSON body of the wrong shape.
 *
 * Backoff: attempt `k` (1-based) waits `min(maxDelayMs, baseDelayMs * 2^(k-1)) * (1/2 + u/2)` with `u`
 * uniform on [0, 1) ("equal jitter", Brooker 2015, AWS Architecture Blog "Exponential Backoff And
 * Jitter"), or the server's `Retry-After` if that is longer, capped at `maxDelayMs`.
 *
 * @module
 */

/** Mainnet REST endpoint, used when neither the option nor `BYBIT_BASE_URL` says otherwise. */
export const BYBIT_MAINNET_URL = "https://api.bybit.com";

/** Retry settings of every Bybit call. Defaults suit the public mainnet API. */
export interface BybitRetryOptions {
  /** Attempts in total, including the first, integer >= 1. Default 5. */
  maxAttempts?: number;
  /** Delay before the first retry, ms. Default 500. */
  baseDelayMs?: number;
  /** Longest single delay, ms. Default 10,000. */
  maxDelayMs?: number;
  /** Seed of the jitter. Default the process id, so concurrent processes do not retry in lockstep. */
  seed?: number;
}

/** Transport options shared by {@linkcode fetchKlines}, {@linkcode fetchRecentTrades}, {@linkcode fetchOrderbook}. */
export interface BybitClientOptions {
  /** REST base URL. Default `BYBIT_BASE_URL` from the environment, else {@linkcode BYBIT_MAINNET_URL}. */
  baseUrl?: string;
  /** Cancels everything in flight (no retry after an abort). */
  signal?: AbortSignal;
  /** Time limit of one attempt (connect, headers and body), ms. Default 10,000. */
  timeoutMs?: number;
  /** Backoff settings; see {@linkcode BybitRetryOptions}. */
  retry?: BybitRetryOptions;
  /** Client-side cap, requests per rolling 5 s window per base URL. Default 500 (Bybit allows 600 per IP). */
  maxRequestsPer5s?: number;
}

/**
 * Bybit refused the request and repeating it will not help: a non-retryable retCode (10001 bad symbol or
 * interval, 10002, ...), HTTP 403 (IP ban) or another 4xx. Carries Bybit's own `retMsg`.
 *
 * @example
 * ```ts
 * import { BybitApiError } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const e = new BybitApiError("fetch klines", { retCode: 10001, retMsg: "Not supported symbols", httpStatus: 200, request: "GET /v5/market/kline" });
 * assert.match(e.message, /Not supported symbols/);
 * ```
 */
export class BybitApiError extends Error {
  /** Bybit's retCode (0 when the refusal was an HTTP status without a Bybit body). */
  readonly retCode: number;
  /** Bybit's retMsg, or the HTTP status text. */
  readonly retMsg: string;
  /** HTTP status of the response. */
  readonly httpStatus: number;
  /** Method, path and query of the request. */
  readonly request: string;

  constructor(
    action: string,
    { retCode, retMsg, httpStatus, request }: {
      retCode: number;
      retMsg: string;
      httpStatus: number;
      request: string;
    },
  ) {
    const what = httpStatus === 403
      ? `HTTP 403 (Bybit's IP ban for "access too frequent": wait several minutes before retrying)`
      : retCode !== 0
      ? `retCode ${retCode}`
      : `HTTP ${httpStatus}`;
    super(`Cannot ${action}: Bybit refused the request (${what}): ${retMsg} [${request}]`);
    this.name = "BybitApiError";
    this.retCode = retCode;
    this.retMsg = retMsg;
    this.httpStatus = httpStatus;
    this.request = request;
  }
}

/**
 * Bybit could not be reached, or kept answering with retryable failures, for every allowed attempt
 * (network error, timeout, HTTP 429/5xx, retCode 10006/10016/10429, a truncated or non-JSON body).
 * {@linkcode loadKlines} treats this as "offline" and may fall back to synthetic data.
 *
 * @example
 * ```ts
 * import { BybitUnavailableError } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const e = new BybitUnavailableError("fetch klines", { attempts: 3, lastError: "timed out", request: "GET /v5/market/kline" });
 * assert.equal(e.attempts, 3);
 * ```
 */
export class BybitUnavailableError extends Error {
  /** Attempts made. */
  readonly attempts: number;
  /** What the last attempt ran into. */
  readonly lastError: string;
  /** Method, path and query of the request. */
  readonly request: string;

  constructor(action: string, { attempts, lastError, request }: {
    attempts: number;
    lastError: string;
    request: string;
  }) {
    super(
      `Cannot ${action}: Bybit API unavailable after ${attempts} attempt${
        attempts === 1 ? "" : "s"
      }: ${lastError} [${request}]`,
    );
    this.name = "BybitUnavailableError";
    this.attempts = attempts;
    this.lastError = lastError;
    this.request = request;
  }
}

/**
 * Bybit answered with retCode 0 but the body does not have the documented shape (a field missing, a
 * number that does not parse, a candle whose high is below its low). Not retried: it usually means the
 * API changed or the base URL points at something else.
 *
 * @example
 * ```ts
 * import { BybitResponseError } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * assert.match(new BybitResponseError("fetch klines", "list[0] has 6 fields", "GET /x").message, /6 fields/);
 * ```
 */
export class BybitResponseError extends Error {
  /** Method, path and query of the request. */
  readonly request: string;

  constructor(action: string, problem: string, request: string) {
    super(`Cannot ${action}: unexpected Bybit response: ${problem} [${request}]`);
    this.name = "BybitResponseError";
    this.request = request;
  }
}

/**
 * The server asked for a pause (HTTP 429 with `Retry-After`) longer than the client's longest pause
 * (`retry.maxDelayMs`): the request is not retried, and a caller working through a range stops there
 * instead of spending its retries on every remaining request.
 *
 * @example
 * ```ts
 * import { BybitRateLimitError } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const e = new BybitRateLimitError("download trades", { retryAfterMs: 3_600_000, maxDelayMs: 30_000,
 *   request: "GET /x", now: Date.UTC(2025, 5, 1) });
 * assert.match(e.message, /Retry-After 3600 s/);
 * assert.match(e.message, /try again after 2025-06-01T01:00:00.000Z/);
 * ```
 */
export class BybitRateLimitError extends Error {
  /** The pause the server asked for, ms. */
  readonly retryAfterMs: number;
  /** Method, path and query of the request. */
  readonly request: string;

  constructor(action: string, { retryAfterMs, maxDelayMs, request, now = Date.now() }: {
    retryAfterMs: number;
    maxDelayMs: number;
    request: string;
    now?: number;
  }) {
    super(
      `Cannot ${action}: rate limited by the server (HTTP 429, Retry-After ${
        Math.round(retryAfterMs / 1000)
      } s, longer than retry.maxDelayMs = ${maxDelayMs} ms): stopped instead of retrying; try again after ${
        new Date(now + retryAfterMs).toISOString()
      } [${request}]`,
    );
    this.name = "BybitRateLimitError";
    this.retryAfterMs = retryAfterMs;
    this.request = request;
  }
}
