/**
 * The retry policy shared by the Bybit REST client (`bybit_http.ts`) and the trade archive client
 * (`bybit_trade_archive.ts`), private to lib/data: one attempt under a time limit and the caller's abort
 * signal, exponential backoff with equal jitter between attempts (never shorter than the server's
 * `Retry-After`), and one error when every attempt failed. A server that asks for a pause longer than the
 * longest pause of the policy (`Retry-After` > `maxDelayMs`) is not retried at all: the run stops at once
 * with the caller's rate-limit error, which says when to come back.
 *
 * @module
 */
import { SeededRandom } from "../../core/random.ts";

/** A failure of one attempt that another attempt may not meet (network, timeout, HTTP 429/5xx, cut body). */
export class RetryableFailure extends Error {
  /**
   * @param message what went wrong, kept as the `lastError` of the final error.
   * @param retryAfterMs the server's `Retry-After`, ms, when it sent one.
   */
  constructor(message: string, readonly retryAfterMs?: number) {
    super(message);
  }
}

/** At most this many bytes of an error body are read (the rest is cancelled), for a message snippet. */
export const ERROR_BODY_BYTES = 4096;

/**
 * The first `maxBytes` bytes of a response body as text; the rest of the body is cancelled, never read.
 * Used for error answers (503, 403, 429), whose bodies only feed a message.
 */
export async function readBodyPrefix(response: Response, maxBytes = ERROR_BODY_BYTES): Promise<string> {
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  try {
    while (n < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value.subarray(0, maxBytes - n));
      n += Math.min(value.byteLength, maxBytes - n);
    }
  } catch {
    // A body cut off mid-way: the part read is enough for a message.
  } finally {
    await reader.cancel().catch(() => {});
  }
  const all = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** How often and how patiently to retry. */
export interface RetryPolicy {
  /** Attempts in all, an integer >= 1. */
  maxAttempts: number;
  /** First pause, ms (doubled after each failed attempt). */
  baseDelayMs: number;
  /** Longest pause, ms. */
  maxDelayMs: number;
  /** Seed of the jitter (its integer part, wrapped to 32 bits). */
  seed: number;
}

/**
 * Pause before retry `attempt + 1`: exponential backoff `baseDelayMs * 2^(attempt-1)` capped at
 * `maxDelayMs`, with jitter in [0.5, 1) of it, and never shorter than the server's `Retry-After` (ms),
 * itself capped at `maxDelayMs`.
 */
export function retryPauseMs(
  attempt: number,
  { baseDelayMs, maxDelayMs }: { baseDelayMs: number; maxDelayMs: number },
  jitter: { uniform(): number },
  retryAfterMs?: number,
): number {
  const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (0.5 + 0.5 * jitter.uniform());
  return Math.min(maxDelayMs, Math.max(backoff, retryAfterMs ?? 0));
}

/** A `Retry-After` header in seconds (`"2"`, `"0.5"`) as ms; `undefined` when absent or not seconds. */
export function retryAfterMs(header: string | null | undefined): number | undefined {
  const text = header?.trim();
  return text && /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : undefined;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts; leaves no timer behind. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Runs `attempt` until it succeeds, at most `policy.maxAttempts` times, pausing {@linkcode retryPauseMs}
 * between attempts. Only a {@linkcode RetryableFailure} is retried; any other error ends the run as is,
 * and so does an abort of `signal` (with its reason, also during a pause).
 *
 * @returns what the first successful attempt returned.
 * @throws `exhausted(lastError)` when every attempt failed in a retryable way (`lastError`: the last
 *   failure's message).
 * @throws `rateLimited(retryAfterMs, message)` as soon as a failure carries a `Retry-After` longer than
 *   `policy.maxDelayMs` (waiting that long is not this run's job; retrying sooner is what the server
 *   refused). Without `rateLimited`, such a pause is cut to `maxDelayMs`.
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  exhausted: (lastError: string) => Error,
  rateLimited?: (retryAfterMs: number, message: string) => Error,
): Promise<T> {
  const { maxAttempts } = policy;
  const jitter = new SeededRandom(Math.trunc(policy.seed) | 0);
  let lastError = "";
  for (let k = 1; k <= maxAttempts; k++) {
    signal?.throwIfAborted();
    try {
      return await attempt();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (!(error instanceof RetryableFailure)) throw error;
      lastError = error.message;
      if (rateLimited && error.retryAfterMs !== undefined && error.retryAfterMs > policy.maxDelayMs) {
        throw rateLimited(error.retryAfterMs, error.message);
      }
      if (k === maxAttempts) break;
      await sleep(retryPauseMs(k, policy, jitter, error.retryAfterMs), signal);
    }
  }
  throw exhausted(lastError);
}

/** How {@linkcode withTimeLimit} turns what `run` threw into what the attempt throws. */
export interface AttemptErrors {
  /** Errors that already say what happened, thrown as they are (checked before the time limit). */
  keep?: (error: unknown) => boolean;
  /** Any other error that was not a timeout (e.g. a network error), as the error to throw. */
  describe: (error: unknown) => unknown;
}

/**
 * Runs one attempt with a signal that aborts when `outer` aborts or after `timeoutMs`. When `run` throws:
 * the outer signal's reason if it aborted; else the error itself if `errors.keep` says so; else a
 * {@linkcode RetryableFailure} `request timed out after <timeoutMs> ms` if the time ran out; else
 * `errors.describe(error)`. The timer and the listener on `outer` are removed in every case.
 */
export async function withTimeLimit<T>(
  timeoutMs: number,
  outer: AbortSignal | undefined,
  run: (signal: AbortSignal) => Promise<T>,
  errors: AttemptErrors,
): Promise<T> {
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(outer!.reason);
  outer?.addEventListener("abort", onOuterAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException("timeout", "TimeoutError"));
  }, timeoutMs);
  try {
    return await run(controller.signal);
  } catch (error) {
    if (outer?.aborted) throw outer.reason;
    if (errors.keep?.(error)) throw error;
    if (timedOut) throw new RetryableFailure(`request timed out after ${timeoutMs} ms`);
    throw errors.describe(error);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", onOuterAbort);
  }
}
