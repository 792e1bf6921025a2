/**
 * What {@linkcode loadKlines} remembers between calls, as one object: the base URLs found reachable or
 * unreachable, and whether the synthetic fallback was announced. A caller that wants calls isolated
 * passes its own `new KlineLoaderState()` as `options.loaderState`; without one, the calls of a process
 * share {@linkcode sharedKlineLoaderState}, so a machine without internet pays the probe's timeout once.
 *
 * @module
 */

/**
 * The memory of {@linkcode loadKlines} across calls: base URLs known reachable (probed) or unreachable
 * (with the last error), and whether the synthetic-data warning was shown.
 *
 * @example
 * ```ts
 * import { KlineLoaderState, loadKlines } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const state = new KlineLoaderState();
 * const dir = await Deno.makeTempDir();
 * const spec = { symbol: "BTCUSDT", interval: "60" as const, start: Date.UTC(2025, 0, 1), end: Date.UTC(2025, 0, 2) };
 * await loadKlines(spec, { offline: true, cacheDir: dir, loaderState: state });
 * assert.equal(state.syntheticAnnounced, true);
 * state.reset();
 * assert.equal(state.syntheticAnnounced, false);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class KlineLoaderState {
  /** Base URLs found unreachable, with the last error: not tried again. */
  readonly unreachable: Map<string, string> = new Map();
  /** Base URLs that answered the probe: not probed again. */
  readonly reachable: Set<string> = new Set();
  /** Whether the synthetic fallback's warning was shown (it is shown once). */
  syntheticAnnounced = false;

  /** Forgets everything. */
  reset(): void {
    this.syntheticAnnounced = false;
    this.unreachable.clear();
    this.reachable.clear();
  }
}

/** The state shared by the calls of {@linkcode loadKlines} that pass no `loaderState`. */
export const sharedKlineLoaderState: KlineLoaderState = new KlineLoaderState();
