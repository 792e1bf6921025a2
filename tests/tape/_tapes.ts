/**
 * Tapes shared by the tape tests: a hand-made tape builder and the seeded synthetic tapes of the
 * known-answer tests (built once per test file).
 * @module
 */
import type { TradeTape } from "@lib/mod.ts";
import { SeededRandom } from "@lib/core/mod.ts";

/** A tape from plain arrays; timestamps default to one trade per second from 2025-06-01. */
export function handTape(
  prices: number[],
  signs: number[],
  { sizes, timestamps }: { sizes?: number[]; timestamps?: number[] } = {},
): TradeTape {
  const t0 = Date.UTC(2025, 5, 1);
  return {
    timestamps: Float64Array.from(timestamps ?? prices.map((_, i) => t0 + i * 1000)),
    prices: Float64Array.from(prices),
    sizes: Float64Array.from(sizes ?? prices.map(() => 1)),
    signs: Int8Array.from(signs),
    symbol: "HAND",
    source: "synthetic",
  };
}

/** A random-walk tape with i.i.d. signs over `days` days (for checks against direct O(n * L) sums). */
export function randomTape(n: number, days: number, seed: number): TradeTape {
  const rng = new SeededRandom(seed);
  const t0 = Date.UTC(2025, 5, 1), spacing = (days * 86_400_000) / n;
  const prices = new Float64Array(n), signs = new Int8Array(n), sizes = new Float64Array(n);
  let p = 1000;
  for (let i = 0; i < n; i++) {
    signs[i] = rng.uniform() < 0.55 ? 1 : -1;
    p += 0.1 * Math.round(3 * rng.normal()) + 0.1 * signs[i]!;
    prices[i] = Math.max(1, p);
    sizes[i] = 0.5 + rng.uniform();
  }
  return {
    timestamps: Float64Array.from({ length: n }, (_, i) => t0 + Math.floor(i * spacing)),
    prices,
    sizes,
    signs,
    symbol: "RANDOM",
    source: "synthetic",
  };
}
