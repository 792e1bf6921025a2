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
import { z } from "npm:zod@4.6.7";
import {
  readBodyPrefix,
  RetryableFailure,
  retryAfterMs,
  sleep,
  withRetries,
  withTimeLimit,
} from "./_retry.ts";

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

/** The v5 envelope; `result` is checked separately by each endpoint. */
const envelopeSchema = z.object({
  retCode: z.number().int(),
  retMsg: z.string(),
  result: z.unknown(),
  time: z.number().int().nonnegative().optional(),
});

const RETRYABLE_RET_CODES = new Set([10006, 10016, 10429]);

/** Reads an environment variable, `undefined` when unset or when env access is not permitted. */
export function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/** The base URL a call will use: the option, else `BYBIT_BASE_URL`, else mainnet. */
export function resolveBaseUrl(baseUrl: string | undefined, action: string): string {
  return httpBaseUrl(action, "baseUrl", baseUrl ?? readEnv("BYBIT_BASE_URL") ?? BYBIT_MAINNET_URL);
}

/**
 * `raw` as a base URL, origin and path without a trailing slash, for the option `name`.
 * @throws {RangeError} `<name> must be an http(s) URL` unless `raw` parses as an http or https URL.
 */
export function httpBaseUrl(action: string, name: string, raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new RangeError(`Cannot ${action}: ${name} must be an http(s) URL: current value is ${raw}`);
  }
  return url.origin + url.pathname.replace(/\/+$/, "");
}

/** {@linkcode BybitClientOptions} with every default filled in and every number checked. */
export interface ResolvedClientOptions {
  timeoutMs: number;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  seed: number;
  maxRequestsPer5s: number;
}

/**
 * Checks the numeric transport options and fills in their defaults, before any request is made.
 *
 * Rules: `timeoutMs` finite and > 0; `retry.maxAttempts` an integer >= 1; `retry.baseDelayMs` and
 * `retry.maxDelayMs` finite and >= 0; `retry.seed` a safe integer; `maxRequestsPer5s` an integer >= 1;
 * `options` and `retry` objects when given; `signal` an AbortSignal when given. NaN, Infinity and
 * non-numbers (`"5"`) are refused.
 *
 * @throws {TypeError} naming the option when it is not a number (or `options`/`retry` is not an object).
 * @throws {RangeError} naming the option and its value when it is out of its domain.
 *
 * @example
 * ```ts
 * import { resolveClientOptions } from "@lib/data/bybit/bybit_http.ts";
 * import assert from "node:assert/strict";
 * assert.equal(resolveClientOptions({ retry: { seed: 1 } }, "fetch klines").timeoutMs, 10_000);
 * assert.throws(() => resolveClientOptions({ timeoutMs: 0 }, "fetch klines"), /timeoutMs must be a finite number > 0/);
 * assert.throws(() => resolveClientOptions({ retry: { maxAttempts: NaN } }, "fetch klines"), RangeError);
 * ```
 */
export function resolveClientOptions(options: BybitClientOptions, action: string): ResolvedClientOptions {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`Cannot ${action}: options must be an object: current value is ${String(options)}`);
  }
  const retry = options.retry ?? {};
  if (retry === null || typeof retry !== "object") {
    throw new TypeError(`Cannot ${action}: retry must be an object: current value is ${String(retry)}`);
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new TypeError(
      `Cannot ${action}: signal must be an AbortSignal: current value is ${String(options.signal)}`,
    );
  }
  const number = (name: string, v: unknown, ok: (x: number) => boolean, domain: string): number => {
    if (typeof v !== "number") {
      throw new TypeError(
        `Cannot ${action}: ${name} must be a number: current value is ${JSON.stringify(v)} (${typeof v})`,
      );
    }
    if (!Number.isFinite(v) || !ok(v)) {
      throw new RangeError(`Cannot ${action}: ${name} must be ${domain}: current value is ${v}`);
    }
    return v;
  };
  return {
    timeoutMs: number("timeoutMs", options.timeoutMs ?? 10_000, (x) => x > 0, "a finite number > 0 (ms)"),
    maxAttempts: number(
      "retry.maxAttempts",
      retry.maxAttempts ?? 5,
      (x) => Number.isSafeInteger(x) && x >= 1,
      "an integer >= 1",
    ),
    baseDelayMs: number(
      "retry.baseDelayMs",
      retry.baseDelayMs ?? 500,
      (x) => x >= 0,
      "a finite number >= 0 (ms)",
    ),
    maxDelayMs: number(
      "retry.maxDelayMs",
      retry.maxDelayMs ?? 10_000,
      (x) => x >= 0,
      "a finite number >= 0 (ms)",
    ),
    seed: number("retry.seed", retry.seed ?? readPid(), Number.isSafeInteger, "a safe integer"),
    maxRequestsPer5s: number(
      "maxRequestsPer5s",
      options.maxRequestsPer5s ?? 500,
      (x) => Number.isSafeInteger(x) && x >= 1,
      "an integer >= 1",
    ),
  };
}

function readPid(): number {
  try {
    return Deno.pid;
  } catch {
    return 1;
  }
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses a decimal number as Bybit writes it (`"30709.9"`, `"112245.7381"`, `"1687589640000"`,
 * `"1e-8"`), strictly: no surrounding blanks, no hexadecimal (`"0x10"`), no empty string, no dangling
 * exponent (`"1e"`), no `"Infinity"`/`"NaN"`, and the value must be finite. `Number(s)` accepts all of
 * those; this is the one parser every Bybit field goes through.
 *
 * @param text the field as received.
 * @returns the number, or `undefined` when `text` is not a strict finite decimal.
 *
 * @example
 * ```ts
 * import { parseBybitDecimal } from "@lib/data/bybit/bybit_http.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseBybitDecimal("30709.9"), 30709.9);
 * assert.equal(parseBybitDecimal("0x10"), undefined);
 * assert.equal(parseBybitDecimal(" 5"), undefined);
 * ```
 */
export function parseBybitDecimal(text: unknown): number | undefined {
  if (typeof text !== "string" || !DECIMAL.test(text)) return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}

/** Sliding-window limiter per base URL, shared by every call in the process. */
const windows = new Map<string, { times: number[]; chain: Promise<void> }>();
const RATE_WINDOW_MS = 5_000;

function acquireSlot(key: string, limit: number, signal: AbortSignal | undefined): Promise<void> {
  let w = windows.get(key);
  if (!w) {
    w = { times: [], chain: Promise.resolve() };
    windows.set(key, w);
  }
  const state = w;
  const next = state.chain.then(async () => {
    for (;;) {
      const now = performance.now();
      while (state.times.length > 0 && state.times[0]! <= now - RATE_WINDOW_MS) state.times.shift();
      if (state.times.length < limit) {
        state.times.push(now);
        return;
      }
      await sleep(state.times[0]! + RATE_WINDOW_MS - now, signal);
    }
  });
  state.chain = next.catch(() => {});
  return next;
}

/** One GET request's resolved settings. */
export interface BybitRequest<T> {
  /** What the caller does, for messages: `"fetch klines"`. */
  action: string;
  /** Path under the base URL, e.g. `/v5/market/kline`. */
  path: string;
  /** Query parameters. */
  query: Record<string, string | number>;
  /** Validates and converts `result`; throws a string describing the problem on a bad shape. */
  parse: (result: unknown) => T;
}

/** A parsed successful answer and the server clock at answer time. */
export interface BybitAnswer<T> {
  result: T;
  /** Server time from the envelope (ms), or the local clock when absent. */
  serverTime: number;
}

/**
 * Performs one Bybit v5 GET with the module's retry, timeout and rate-limit policy.
 *
 * @throws {BybitApiError} non-retryable refusals.
 * @throws {BybitUnavailableError} when every attempt failed in a retryable way.
 * @throws {BybitResponseError} for a retCode-0 body of the wrong shape.
 * @throws the signal's reason when `options.signal` aborts.
 */
export async function bybitGet<T>(
  request: BybitRequest<T>,
  options: BybitClientOptions = {},
): Promise<BybitAnswer<T>> {
  const { action, path, query, parse } = request;
  const { signal } = options;
  const { timeoutMs, maxAttempts, baseDelayMs, maxDelayMs, seed, maxRequestsPer5s } = resolveClientOptions(
    options,
    action,
  );
  const base = resolveBaseUrl(options.baseUrl, action);
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const url = `${base}${path}?${search}`;
  const label = `GET ${path}?${search}`;
  return await withRetries(
    async () => {
      await acquireSlot(base, maxRequestsPer5s, signal);
      return await attemptOnce(url, label, action, parse, timeoutMs, signal);
    },
    { maxAttempts, baseDelayMs, maxDelayMs, seed },
    signal,
    (lastError) => new BybitUnavailableError(action, { attempts: maxAttempts, lastError, request: label }),
    (retryAfterMs) => new BybitRateLimitError(action, { retryAfterMs, maxDelayMs, request: label }),
  );
}

async function attemptOnce<T>(
  url: string,
  label: string,
  action: string,
  parse: (result: unknown) => T,
  timeoutMs: number,
  outer: AbortSignal | undefined,
): Promise<BybitAnswer<T>> {
  let status = 0;
  const { text, retryAfter } = await withTimeLimit(timeoutMs, outer, async (signal) => {
    const response = await fetch(url, { signal, headers: { accept: "application/json" } });
    status = response.status;
    const retryAfter = response.headers.get("retry-after");
    // An error answer only feeds a message: read at most a few KB of it.
    const text = status >= 400 ? await readBodyPrefix(response) : await response.text();
    return { text, retryAfter };
  }, {
    describe: (error) =>
      new RetryableFailure(
        `${status ? `HTTP ${status}, body cut off` : "network error"}: ${(error as Error)?.message ?? error}`,
      ),
  });
  if (status === 429 || status >= 500) {
    throw new RetryableFailure(`HTTP ${status}: ${snippet(text)}`, retryAfterMs(retryAfter));
  }
  if (status === 403 || (status >= 400 && status < 500)) {
    const body = tryJson(text);
    const parsed = envelopeSchema.safeParse(body);
    throw new BybitApiError(action, {
      retCode: parsed.success ? parsed.data.retCode : 0,
      retMsg: parsed.success ? parsed.data.retMsg : snippet(text) || `HTTP ${status}`,
      httpStatus: status,
      request: label,
    });
  }
  const body = tryJson(text);
  if (body === undefined) {
    throw new RetryableFailure(`body is not valid JSON (${text.length} bytes): ${snippet(text)}`);
  }
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) {
    throw new BybitResponseError(action, `envelope: ${z.prettifyError(envelope.error)}`, label);
  }
  const { retCode, retMsg, result, time } = envelope.data;
  if (retCode !== 0) {
    if (RETRYABLE_RET_CODES.has(retCode)) throw new RetryableFailure(`retCode ${retCode}: ${retMsg}`);
    throw new BybitApiError(action, { retCode, retMsg, httpStatus: status, request: label });
  }
  let parsedResult: T;
  try {
    parsedResult = parse(result);
  } catch (problem) {
    throw new BybitResponseError(action, problem instanceof Error ? problem.message : String(problem), label);
  }
  return { result: parsedResult, serverTime: time ?? Date.now() };
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function snippet(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > 120 ? `${oneLine.slice(0, 120)}...` : oneLine;
}
