/**
 * Seeded random numbers for every stochastic part of the library.
 *
 * Uniform draws are pure-rand's xoroshiro128+ generator with its `uniformFloat64` (a well-kept npm library,
 * the one fast-check is built on), so the same seed gives the same stream on every run and machine. The
 * generator's step is written out here on the same four signed 32-bit words, with the same operations, as
 * pure-rand 8.4.2 (`generator/xoroshiro128plus`, `distribution/uniformFloat64`), for speed (issue 12): a
 * million `uniform()` draws took about 26 ms through pure-rand's generator object and take about 9 ms
 * here, and the million draws of one bootstrap resample (`resampleCounts`) 10-14 ms instead of 20-26 ms.
 * The stream is bit-identical to pure-rand's, which stays the reference: `tests/core/random_test.ts`
 * compares the two draw by draw for several seeds.
 * The normal and Student-t transforms on top are a few lines each and written here: pure-rand has
 * none, and pulling in a statistics package for two textbook transforms is not worth a dependency.
 *
 * @module
 */

/**
 * The library's one default seed: every generator and every seeded method (bootstraps, simulators, synthetic
 * data, shuffles, network initialisation) that is called without a `seed` uses this one. Pass a seed to
 * make a study's randomness explicit; two calls that both default share the stream.
 *
 * @example
 * ```ts
 * import { DEFAULT_SEED, SeededRandom } from "@lib/core/random.ts";
 * import assert from "node:assert/strict";
 * assert.equal(DEFAULT_SEED, 1);
 * assert.equal(new SeededRandom(DEFAULT_SEED).uniform(), new SeededRandom(1).uniform());
 * ```
 */
export const DEFAULT_SEED = 1;

/** 2^-26 and 2^-53: pure-rand's `uniformFloat64` puts 26 high bits and 27 low bits together. */
const SCALE_26 = 1.4901161193847656e-8, SCALE_53 = 1.1102230246251565e-16;
/** The low 26 and 27 bits of a 32-bit output. */
const MASK_26 = 0x3ffffff, MASK_27 = 0x7ffffff;

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
  // xoroshiro128+ state, the 128 bits as four signed 32-bit words in pure-rand's order: s0 = (s00, s01)
  // and s1 = (s10, s11), low word first.
  #s01: number;
  #s00: number;
  #s11: number;
  #s10: number;
  #spare: number | undefined;
  /** Scratch of resampleCounts: byte counts and their overflow list. */
  #bytes: Uint8Array = new Uint8Array(0);
  #overflow: number[] = [];

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
    // pure-rand's xoroshiro128plus(s) starts from [-1, ~s, s, 0]: every 32-bit seed has 0 in the last word.
    // A wider seed puts its high word there (as xoroshiro128plusFromState would), mixed with a constant so
    // that it is never 0 (|high| < 2^21), hence never the state of a 32-bit seed, and two seeds share a
    // state only if they are equal.
    this.#s01 = -1;
    this.#s00 = ~low;
    this.#s11 = low;
    this.#s10 = low === seed ? 0 : (Math.floor(seed / 2 ** 32) | 0) ^ (0x9e3779b9 | 0);
  }

  /** One step of xoroshiro128+: pure-rand's `XoroShiro128Plus.next()`, a signed 32-bit output. */
  #next(): number {
    const s00 = this.#s00, s01 = this.#s01, s10 = this.#s10, s11 = this.#s11;
    const a0 = s10 ^ s00, a1 = s11 ^ s01;
    this.#s00 = (s00 << 24) ^ (s01 >>> 8) ^ a0 ^ (a0 << 16);
    this.#s01 = (s01 << 24) ^ (s00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
    this.#s10 = (a1 << 5) ^ (a0 >>> 27);
    this.#s11 = (a0 << 5) ^ (a1 >>> 27);
    return (s00 + s10) | 0;
  }

  /** Uniform on [0, 1), 53 random bits: pure-rand's `uniformFloat64`, a multiple of 2^-53. */
  uniform(): number {
    const high = this.#next() & MASK_26;
    const low = this.#next() & MASK_27;
    return high * SCALE_26 + low * SCALE_53;
  }

  /** Uniform integer on [0, n): `floor(uniform() * n)`. */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /**
   * Multinomial counts of one bootstrap resample of `counts.length` items: draws `counts.length` indices
   * with replacement and stores in `counts[i]` how often `i` was drawn (the previous contents are
   * overwritten). The draws are those of `counts.length` calls of `int(counts.length)`, in order, so the
   * stream continues exactly as after that loop; this only runs it without a call per draw. Cost O(n).
   *
   * @param counts the array to fill, one slot per item; its length is the number of items and of draws.
   * @returns `counts`, whose entries sum to `counts.length`.
   *
   * @example
   * ```ts
   * import { SeededRandom } from "@lib/core/mod.ts";
   * import assert from "node:assert/strict";
   * const counts = new SeededRandom(3).resampleCounts(new Int32Array(5));
   * const byHand = new Int32Array(5), rng = new SeededRandom(3);
   * for (let k = 0; k < 5; k++) byHand[rng.int(5)]!++;
   * assert.deepEqual(counts, byHand);
   * ```
   */
  resampleCounts(counts: Int32Array): Int32Array {
    // The draws of resampleCountsBytes, widened: one loop of the generator serves both.
    const n = counts.length;
    if (this.#bytes.length < n) this.#bytes = new Uint8Array(n);
    const bytes = this.resampleCountsBytes(this.#bytes.subarray(0, n), this.#overflow);
    for (let i = 0; i < n; i++) counts[i] = bytes[i]!;
    for (const i of this.#overflow) counts[i]! += 256;
    return counts;
  }

  /**
   * {@linkcode SeededRandom.resampleCounts} into one byte per item: the same draws and the same stream, with
   * `counts[i]` the count of item i modulo 256 and `overflow` (emptied first) listing i once for every 256
   * copies beyond that, so the count is `counts[i] + 256 * (times i is listed)`. A count of 256 needs an
   * item drawn 256 times out of n draws (probability below 1e-500 for any n), but the list keeps the result
   * exact. A million counts take 1 MB instead of 4 MB, which keeps the scattered increments in cache: on a
   * loaded 2-core machine a million-draw resample took a quarter of the time of the 4-byte one.
   *
   * @param counts the array to fill, one byte per item; its length is the number of items and of draws.
   * @param overflow receives the items whose count passed 255, once per 256.
   * @returns `counts`.
   *
   * @example
   * ```ts
   * import { SeededRandom } from "@lib/core/mod.ts";
   * import assert from "node:assert/strict";
   * const bytes = new SeededRandom(3).resampleCountsBytes(new Uint8Array(5), []);
   * assert.deepEqual([...bytes], [...new SeededRandom(3).resampleCounts(new Int32Array(5))]);
   * ```
   */
  resampleCountsBytes(counts: Uint8Array, overflow: number[]): Uint8Array {
    const n = counts.length;
    counts.fill(0);
    overflow.length = 0;
    // The step of #next and the composition of uniform, on local copies of the state: a loop of uniform()
    // calls, which keeps the state in the object's fields, took 1.3-1.5 times as long.
    let s00 = this.#s00, s01 = this.#s01, s10 = this.#s10, s11 = this.#s11;
    for (let k = 0; k < n; k++) {
      const high = (s00 + s10) & MASK_26;
      let a0 = s10 ^ s00, a1 = s11 ^ s01;
      const t00 = (s00 << 24) ^ (s01 >>> 8) ^ a0 ^ (a0 << 16);
      const t01 = (s01 << 24) ^ (s00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
      const t10 = (a1 << 5) ^ (a0 >>> 27);
      const t11 = (a0 << 5) ^ (a1 >>> 27);
      const low = (t00 + t10) & MASK_27;
      a0 = t10 ^ t00;
      a1 = t11 ^ t01;
      s00 = (t00 << 24) ^ (t01 >>> 8) ^ a0 ^ (a0 << 16);
      s01 = (t01 << 24) ^ (t00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
      s10 = (a1 << 5) ^ (a0 >>> 27);
      s11 = (a0 << 5) ^ (a1 >>> 27);
      const j = Math.floor((high * SCALE_26 + low * SCALE_53) * n);
      if (++counts[j]! === 0) overflow.push(j);
    }
    this.#s00 = s00;
    this.#s01 = s01;
    this.#s10 = s10;
    this.#s11 = s11;
    return counts;
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
