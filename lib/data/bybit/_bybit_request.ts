/**
 * The Bybit v5 transport behind the public client (`bybit_http.ts` documents its retry policy and errors):
 * one GET with a timeout, the envelope checked, retries with backoff, the client-side rate limit, and the
 * environment and option resolution the loaders share.
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
import {
  BYBIT_MAINNET_URL,
  BybitApiError,
  type BybitClientOptions,
  BybitRateLimitError,
  BybitResponseError,
  BybitUnavailableError,
} from "./bybit_http.ts";

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
 * import { resolveClientOptions } from "@lib/data/bybit/_bybit_request.ts";
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
 * import { parseBybitDecimal } from "@lib/data/bybit/_bybit_request.ts";
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
