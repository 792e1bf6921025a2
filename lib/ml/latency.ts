/**
 * Wall-clock latency of a call, for inference-latency tables in notebooks. The numbers depend on the
 * machine, its load and the JIT's warm-up: report them as such, never assert on them in tests.
 *
 * @module
 */

/** Result of {@linkcode measureCallLatency}: a plain object, times in microseconds per call. */
export interface CallLatency {
  /** Median over repeats of the mean time per call, microseconds. */
  medianMicroseconds: number;
  /** Fastest repeat's mean time per call, microseconds. */
  minMicroseconds: number;
  /** Calls per repeat. */
  iterations: number;
  /** Timed repeats. */
  repeats: number;
  /** Untimed warm-up calls made before the repeats (the timed figures are warm when this is >= 1). */
  warmup: number;
  /**
   * Wall time of the very first call, microseconds (the first warm-up call, or the first timed call when
   * `warmup` is 0): a cold call, which includes the JIT compiling the path and first allocations (for a
   * polars call, its thread pool and buffers), so it can be several times the warm median.
   */
  firstCallMicroseconds: number;
}

/**
 * Times `fn` with `performance.now()`: `warmup` calls that do not count (so the JIT compiles the path and
 * first allocations are made), then `repeats` batches of `iterations` calls; each batch gives a mean time
 * per call, and the median and minimum over batches are returned, with the first (cold) call's time
 * beside them so a report can say what a first call costs instead of mixing it into the warm figures (the median resists interruptions by other processes, as in
 * Chen & Revels 2016, "Robust benchmarking in noisy environments"). The clock's resolution may be
 * coarse (Deno rounds to ~0.1 ms without `--allow-hrtime`), so pick `iterations` large enough that a
 * batch lasts milliseconds. Cost: `(warmup + repeats * iterations)` calls of `fn`.
 *
 * @param fn the call to time; its result is kept in a sink so it is not optimised away.
 * @param options `iterations` per batch (default 10,000), `repeats` (default 7), `warmup` calls (default 1,000).
 * @returns median and minimum microseconds per warm call, the first call's microseconds, and the settings.
 * @throws {RangeError} if an option is not an integer >= 1 (`warmup` >= 0).
 *
 * @example
 * ```ts
 * import { measureCallLatency } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * let calls = 0;
 * const latency = measureCallLatency(() => calls++, { iterations: 100, repeats: 3, warmup: 10 });
 * assert.equal(calls, 10 + 3 * 100);
 * assert.ok(latency.minMicroseconds <= latency.medianMicroseconds);
 * assert.equal(latency.warmup, 10);
 * assert.ok(latency.firstCallMicroseconds >= 0); // the cold first call, reported apart
 * ```
 */
export function measureCallLatency(
  fn: () => unknown,
  options: { iterations?: number; repeats?: number; warmup?: number } = {},
): CallLatency {
  const action = "measure call latency";
  const { iterations = 10_000, repeats = 7, warmup = 1_000 } = options;
  if (typeof fn !== "function") {
    throw new TypeError(`Cannot ${action}: fn must be a function: current value is ${fn}`);
  }
  for (
    const [name, value, min] of [["iterations", iterations, 1], ["repeats", repeats, 1], [
      "warmup",
      warmup,
      0,
    ]] as const
  ) {
    if (!Number.isSafeInteger(value) || value < min) {
      throw new RangeError(
        `Cannot ${action}: ${name} must be an integer >= ${min}: current value is ${value}`,
      );
    }
  }
  const sink: unknown[] = [undefined];
  let firstCall = NaN;
  if (warmup > 0) {
    const start = performance.now();
    sink[0] = fn();
    firstCall = (performance.now() - start) * 1000;
  }
  for (let i = 1; i < warmup; i++) sink[0] = fn();
  const perCall = new Float64Array(repeats);
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) {
      sink[0] = fn();
      if (r === 0 && i === 0 && warmup === 0) firstCall = (performance.now() - start) * 1000;
    }
    perCall[r] = ((performance.now() - start) * 1000) / iterations;
  }
  perCall.sort();
  const mid = repeats >> 1;
  const median = repeats % 2 ? perCall[mid]! : (perCall[mid - 1]! + perCall[mid]!) / 2;
  return {
    medianMicroseconds: median,
    minMicroseconds: perCall[0]!,
    iterations,
    repeats,
    warmup,
    firstCallMicroseconds: firstCall,
  };
}
