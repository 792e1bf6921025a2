/**
 * Seeded random numbers for every stochastic part of the library.
 *
 * Uniform draws come from pure-rand's xoroshiro128+ generator (a well-kept npm library, the one
 * fast-check is built on), so the same seed gives the same stream on every run and machine.
 * The normal and Student-t transforms on top are a few lines each and written here: pure-rand has
 * none, and pulling in a statistics package for two textbook transforms is not worth a dependency.
 *
 * @module
 */
import { xoroshiro128plus, xoroshiro128plusFromState } from "npm:pure-rand@8.4.2/generator/xoroshiro128plus";
import { uniformFloat64 } from "npm:pure-rand@8.4.2/distribution/uniformFloat64";
import type { JumpableRandomGenerator } from "npm:pure-rand@8.4.2/types/JumpableRandomGenerator";

/**
 * A seeded stream of random numbers (uniform, normal, Student-t, integers, shuffles).
 *
 * @example
 * ```ts
 * import { SeededRandom } from "@lib/core/random.ts";
 * import assert from "node:assert/strict";
 * const a = new SeededRandom(7), b = new SeededRandom(7);
 * assert.equal(a.normal(), b.normal());
 * ```
 */
export class SeededRandom {
  #rng: JumpableRandomGenerator;
  #spare: number | undefined;

  /**
   * @param seed integer seed, any safe integer; the same seed replays the same numbers and different seeds
   *   give different streams. Seeds in the 32-bit range `[-2^31, 2^31)` seed pure-rand's xoroshiro128+
   *   directly; larger ones use all their bits (high word in the state's last word), so `2^32` is not seed 0.
   * @throws {RangeError} if `seed` is not a safe integer.
   */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new RangeError(
        `Cannot create SeededRandom: seed must be an integer: current value is ${
          typeof seed === "string" ? `the string ${JSON.stringify(seed)}` : seed
        }`,
      );
    }
    const low = seed | 0;
    if (low === seed) {
      this.#rng = xoroshiro128plus(low);
    } else {
      // xoroshiro128plus(s) starts from [-1, ~s, s, 0]: every 32-bit seed has 0 in the last word. A wider
      // seed puts its high word there, mixed with a constant so that it is never 0 (|high| < 2^21), hence
      // never the state of a 32-bit seed, and two seeds share a state only if they are equal.
      const high = Math.floor(seed / 2 ** 32) | 0;
      this.#rng = xoroshiro128plusFromState([-1, ~low, low, high ^ (0x9e3779b9 | 0)]);
    }
  }

  /** Uniform on [0, 1), 53 random bits. */
  uniform(): number {
    return uniformFloat64(this.#rng);
  }

  /** Uniform integer on [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /**
   * Standard normal draw by the Marsaglia polar method (Marsaglia & Bray 1964), keeping the spare.
   */
  normal(): number {
    if (this.#spare !== undefined) {
      const s = this.#spare;
      this.#spare = undefined;
      return s;
    }
    let u = 0, v = 0, s = 0;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.#spare = v * m;
    return u * m;
  }

  /**
   * Student-t draw with `degreesOfFreedom` (> 2), rescaled to unit variance, for fat-tailed noise:
   * `Z / sqrt(W / nu) * sqrt((nu - 2) / nu)` with `W` chi-squared on `nu` degrees of freedom (integer nu).
   */
  studentT(degreesOfFreedom: number): number {
    const nu = Math.round(degreesOfFreedom);
    if (!(nu > 2)) {
      throw new RangeError(
        `Cannot draw Student-t: degreesOfFreedom must be > 2: current value is ${degreesOfFreedom}`,
      );
    }
    let w = 0;
    for (let i = 0; i < nu; i++) {
      const z = this.normal();
      w += z * z;
    }
    return (this.normal() / Math.sqrt(w / nu)) * Math.sqrt((nu - 2) / nu);
  }

  /** Fisher-Yates shuffle of `array` in place; returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }
}
