import assert from "node:assert/strict";
import { DIRECT_MAX_LAG, laggedSumsByBlock } from "@lib/tape/_lagged_sums.ts";
import { SeededRandom } from "@lib/core/random.ts";

/** The definition, summed directly in tape order: sum_{t, t + l in the block} x_t y_{t+l}. */
function directSums(x: ArrayLike<number>, y: ArrayLike<number>, maxLag: number, starts: Int32Array) {
  const lags = maxLag + 1, out = new Float64Array((starts.length - 1) * lags);
  for (let b = 0; b + 1 < starts.length; b++) {
    for (let l = 0; l < lags; l++) {
      let sum = 0;
      for (let t = starts[b]!; t + l < starts[b + 1]!; t++) sum += x[t]! * y[t + l]!;
      out[b * lags + l] = sum;
    }
  }
  return out;
}

// A small seeded tape: signs in runs, a random-walk price in ticks and its log in bps, three blocks (one
// shorter than the FFT chunk, one spanning several chunks, one of a single trade).
const rng = new SeededRandom(3), n = 9_001;
const signs = new Int8Array(n), level = new Float64Array(n), logLevel = new Float64Array(n);
for (let t = 0, s = 1, p = 0; t < n; t++) {
  if (rng.uniform() < 0.2) s = -s;
  p += Math.round(2 * rng.normal()) + 0.3 * s;
  signs[t] = s;
  level[t] = p;
  logLevel[t] = Math.log(1 + p / 1e5) * 1e4;
}
const starts = Int32Array.of(0, 700, 9_000, 9_001);

Deno.test("lagged sums: the direct path (a few lags) is the definition itself, to the bit", () => {
  for (let maxLag = 1; maxLag <= DIRECT_MAX_LAG; maxLag++) {
    const [c, r, rl] = laggedSumsByBlock(signs, [signs, level, logLevel], maxLag, starts);
    assert.deepEqual(c, directSums(signs, signs, maxLag, starts));
    assert.deepEqual(r, directSums(signs, level, maxLag, starts));
    assert.deepEqual(rl, directSums(signs, logLevel, maxLag, starts));
  }
});

Deno.test("lagged sums: the FFT path (fft.js, Hermitian half spectra) agrees with the definition to rounding", () => {
  // Rounding of the FFT: about 1e-13 of the largest sum; the sign products are integers and round to them.
  for (const maxLag of [DIRECT_MAX_LAG + 1, 50, 299]) {
    const ys = [signs, level, logLevel];
    const fft = laggedSumsByBlock(signs, ys, maxLag, starts);
    ys.forEach((y, j) => {
      const exact = directSums(signs, y, maxLag, starts);
      const scale = Math.max(...exact.map(Math.abs));
      for (let i = 0; i < exact.length; i++) {
        assert.ok(
          Math.abs(fft[j]![i]! - exact[i]!) <= 1e-12 * scale,
          `maxLag ${maxLag}, series ${j}, index ${i}: ${fft[j]![i]} vs ${exact[i]}`,
        );
      }
      if (j === 0) assert.deepEqual(fft[0]!.map((v) => Math.round(v) + 0), exact); // + 0: no -0
    });
    // One series packs fewer signals into the same transforms: the same sums to rounding.
    const alone = laggedSumsByBlock(signs, [level], maxLag, starts)[0]!;
    const scale = Math.max(...fft[1]!.map(Math.abs));
    alone.forEach((v, i) => assert.ok(Math.abs(v - fft[1]![i]!) <= 1e-12 * scale));
  }
});

Deno.test("lagged sums: plans and work buffers reused across calls leave no trace in the next result", () => {
  // The same call before and after calls of other sizes and series gives the same bits (the cached
  // workspace is reset per block).
  const first = laggedSumsByBlock(signs, [signs, level, logLevel], 120, starts);
  laggedSumsByBlock(level, [logLevel], 700, starts);
  laggedSumsByBlock(signs, [signs], 120, Int32Array.of(0, n));
  const again = laggedSumsByBlock(signs, [signs, level, logLevel], 120, starts);
  assert.deepEqual(again, first);
});
