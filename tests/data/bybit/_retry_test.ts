/** The retry policy shared by the REST and archive clients (`lib/data/bybit/_retry.ts`). */
import assert from "node:assert/strict";
import {
  RetryableFailure,
  retryAfterMs,
  retryPauseMs,
  sleep,
  withRetries,
  withTimeLimit,
} from "@lib/data/bybit/_retry.ts";

/** A jitter source that always draws `u`. */
const fixed = (u: number) => ({ uniform: () => u });

Deno.test("retryPauseMs: doubling backoff with equal jitter, capped, never below Retry-After", () => {
  const delays = { baseDelayMs: 100, maxDelayMs: 1_000 };
  // min(max, base 2^(k-1)) (1/2 + u/2): u = 0 halves it, u -> 1 keeps it whole.
  assert.equal(retryPauseMs(1, delays, fixed(0)), 50);
  assert.equal(retryPauseMs(2, delays, fixed(0)), 100);
  assert.equal(retryPauseMs(3, delays, fixed(0.5)), 300);
  assert.equal(retryPauseMs(10, delays, fixed(0)), 500); // capped at maxDelayMs before the jitter
  assert.equal(retryPauseMs(1, delays, fixed(0), 700), 700); // the server asked for longer
  assert.equal(retryPauseMs(1, delays, fixed(0), 5_000), 1_000); // ... but never beyond maxDelayMs
});

Deno.test("retryAfterMs reads seconds and refuses anything else", () => {
  assert.equal(retryAfterMs("2"), 2_000);
  assert.equal(retryAfterMs(" 0.5 "), 500);
  assert.equal(retryAfterMs(null), undefined);
  assert.equal(retryAfterMs(undefined), undefined);
  assert.equal(retryAfterMs(""), undefined);
  assert.equal(retryAfterMs("-1"), undefined);
  assert.equal(retryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT"), undefined); // an HTTP date is not used
});

Deno.test("sleep rejects with the signal's reason, at once when already aborted", async () => {
  const done = new AbortController();
  done.abort(new Error("stop"));
  await assert.rejects(sleep(10_000, done.signal), /stop/);
  const later = new AbortController();
  const pending = sleep(10_000, later.signal);
  later.abort(new Error("later"));
  await assert.rejects(pending, /later/);
  await sleep(0); // no signal: resolves
});

const QUICK = { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0, seed: 1 };

Deno.test("withRetries retries only RetryableFailure and returns the first success", async () => {
  let calls = 0;
  const value = await withRetries(
    async () => {
      calls++;
      await Promise.resolve();
      if (calls < 3) throw new RetryableFailure(`attempt ${calls} failed`);
      return "ok";
    },
    QUICK,
    undefined,
    () => new Error("exhausted"),
  );
  assert.equal(value, "ok");
  assert.equal(calls, 3);

  let refused = 0;
  await assert.rejects(
    withRetries(
      () => {
        refused++;
        return Promise.reject(new TypeError("not retryable"));
      },
      QUICK,
      undefined,
      () => new Error("exhausted"),
    ),
    TypeError,
  );
  assert.equal(refused, 1);
});

Deno.test("withRetries throws exhausted(lastError) after maxAttempts retryable failures", async () => {
  let calls = 0;
  const seen: string[] = [];
  await assert.rejects(
    withRetries(
      () => Promise.reject(new RetryableFailure(`HTTP 503 #${++calls}`)),
      QUICK,
      undefined,
      (lastError) => {
        seen.push(lastError);
        return new RangeError(`gave up: ${lastError}`);
      },
    ),
    { name: "RangeError", message: "gave up: HTTP 503 #3" },
  );
  assert.equal(calls, 3);
  assert.deepEqual(seen, ["HTTP 503 #3"]);
});

Deno.test("withRetries stops on an abort with the signal's reason, before or between attempts", async () => {
  const before = new AbortController();
  before.abort(new Error("cancelled"));
  let calls = 0;
  await assert.rejects(
    withRetries(() => Promise.resolve(++calls), QUICK, before.signal, () => new Error("exhausted")),
    /cancelled/,
  );
  assert.equal(calls, 0);

  const during = new AbortController();
  await assert.rejects(
    withRetries(
      () => {
        calls++;
        during.abort(new Error("aborted mid-attempt"));
        return Promise.reject(new RetryableFailure("would be retried"));
      },
      QUICK,
      during.signal,
      () => new Error("exhausted"),
    ),
    /aborted mid-attempt/,
  );
  assert.equal(calls, 1);
});

Deno.test("withTimeLimit: a timeout is a RetryableFailure; kept and described errors; the outer abort wins", async () => {
  const hang = (signal: AbortSignal) =>
    new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
  const describe = (error: unknown) => new Error(`described: ${(error as Error).message}`);

  const timedOut = await withTimeLimit(5, undefined, hang, { describe }).catch((e) => e);
  assert.ok(timedOut instanceof RetryableFailure);
  assert.equal(timedOut.message, "request timed out after 5 ms");

  await assert.rejects(
    withTimeLimit(10_000, undefined, () => Promise.reject(new Error("reset")), { describe }),
    { message: "described: reset" },
  );
  const kept = new SyntaxError("already says it");
  await assert.rejects(
    withTimeLimit(10_000, undefined, () => Promise.reject(kept), { keep: (e) => e === kept, describe }),
    (e) => e === kept,
  );

  const outer = new AbortController();
  const run = withTimeLimit(10_000, outer.signal, hang, { describe });
  outer.abort(new Error("user cancelled"));
  await assert.rejects(run, /user cancelled/);

  // A success returns the value; the test sanitizers check that no timer or listener is left behind.
  assert.equal(await withTimeLimit(10_000, outer.signal, () => Promise.resolve(42), { describe }), 42);
});
