/**
 * Lagged cross sums `sum_t x_t y_{t+l}` for lags `0..maxLag`, per block of the tape, by FFT overlap-add.
 *
 * The direct sum costs O(n * maxLag) (10^10 operations for 10 M trades and 1,000 lags). Here each block is
 * cut into chunks of `P - maxLag` values of `x`; each chunk is correlated with the `P` values of `y` that
 * follow it by one complex FFT of size `P` (two real signals packed as real and imaginary parts, so the
 * four real series `x`, `y0`, `y1`, `y2` take two transforms), and the products of spectra are *summed*
 * over chunks, so one inverse FFT per block gives the block's sums (correlation is linear). The spectra of
 * real series are Hermitian, so the products are kept for the `P / 2 + 1` non-negative frequencies only.
 * Cost O(n log P) with `P` about `8 * maxLag`, in cache; exact up to rounding (relative error about 1e-13
 * of the sums' scale). For a few lags (`maxLag <= DIRECT_MAX_LAG`) the direct sum is cheaper and is used.
 *
 * The transforms are fft.js's radix-4 complex FFT (npm `fft.js`), about twice as fast as a textbook
 * radix-2 loop; its plan (twiddle and bit-reversal tables) and the work buffers are made once per size and
 * reused by every later call, so a month measured one day at a time builds them once.
 *
 * Private to lib/tape: the public estimators validate their input and call this.
 *
 * @module
 */
import FFT from "npm:fft.js@4.0.4";

/** FFT size for `maxLag`: the smallest power of two >= 8 (maxLag + 1), at least 256. */
export function chunkFftSize(maxLag: number): number {
  let p = 256;
  while (p < 8 * (maxLag + 1)) p <<= 1;
  return p;
}

/**
 * Largest lag summed directly: up to here, `(maxLag + 1)` multiply-adds per value and series cost less
 * than the two size-256 transforms per chunk the FFT path needs.
 */
export const DIRECT_MAX_LAG = 4;

/** A plan of size `P` and its work buffers (interleaved complex, `2 P` numbers each). */
interface Workspace {
  fft: FFT;
  packedA: Float64Array;
  packedB: Float64Array;
  spectrumA: Float64Array;
  spectrumB: Float64Array;
  /** Accumulated `conj(X_k) Y_j,k` for `k = 0..P/2`, interleaved, one per series. */
  sums: Float64Array[];
}

const workspaces = new Map<number, Workspace>();

/** The cached workspace of size `P` (one per size: the estimators use a handful of sizes). */
function workspace(P: number): Workspace {
  let w = workspaces.get(P);
  if (w === undefined) {
    w = {
      fft: new FFT(P),
      packedA: new Float64Array(2 * P),
      packedB: new Float64Array(2 * P),
      spectrumA: new Float64Array(2 * P),
      spectrumB: new Float64Array(2 * P),
      sums: [0, 1, 2].map(() => new Float64Array(P + 2)),
    };
    workspaces.set(P, w);
  }
  return w;
}

/**
 * For each block `[starts[b], starts[b + 1])` and each `y` in `ys` (one to three series), the sums
 * `S_b(l) = sum_{t, t + l in the block} x_t y_{t+l}` for `l = 0..maxLag`.
 *
 * @returns one Float64Array per `y`, of length `blocks * (maxLag + 1)`, block-major.
 */
export function laggedSumsByBlock(
  x: ArrayLike<number>,
  ys: readonly ArrayLike<number>[],
  maxLag: number,
  starts: Int32Array,
): Float64Array[] {
  if (maxLag <= DIRECT_MAX_LAG) return directLaggedSums(x, ys, maxLag, starts);
  const blocks = starts.length - 1, lags = maxLag + 1;
  const P = chunkFftSize(maxLag), chunk = P - maxLag, half = P >> 1;
  const { fft, packedA: a, packedB: b, spectrumA: za, spectrumB: zb, sums } = workspace(P);
  const out = ys.map(() => new Float64Array(blocks * lags));
  const y0 = ys[0]!, y1 = ys[1], y2 = ys[2];
  const s0 = sums[0]!, s1 = sums[1]!, s2 = sums[2]!;
  for (let block = 0; block < blocks; block++) {
    const from = starts[block]!, to = starts[block + 1]!;
    s0.fill(0);
    s1.fill(0);
    s2.fill(0);
    for (let s = from; s < to; s += chunk) {
      // a = x chunk (zero padded) + i * y0 segment; b = y1 segment + i * y2 segment.
      const inY = Math.min(P, to - s), inX = Math.min(chunk, inY);
      for (let k = 0; k < inX; k++) {
        a[2 * k] = x[s + k]!;
        a[2 * k + 1] = y0[s + k]!;
      }
      for (let k = inX; k < inY; k++) {
        a[2 * k] = 0;
        a[2 * k + 1] = y0[s + k]!;
      }
      if (inY < P) a.fill(0, 2 * inY);
      fft.transform(za, a);
      if (y1) {
        for (let k = 0; k < inY; k++) {
          b[2 * k] = y1[s + k]!;
          b[2 * k + 1] = y2 ? y2[s + k]! : 0;
        }
        if (inY < P) b.fill(0, 2 * inY);
        fft.transform(zb, b);
      }
      for (let k = 0; k <= half; k++) {
        const m = 2 * ((P - k) & (P - 1)), i = 2 * k;
        // Unpack two real signals: U = (Z_k + conj(Z_m)) / 2, V = (Z_k - conj(Z_m)) / (2i).
        const zr = za[i]!, zi = za[i + 1]!, cr = za[m]!, ci = -za[m + 1]!;
        const xr = 0.5 * (zr + cr), xi = 0.5 * (zi + ci); // X_k
        // Accumulate conj(X_k) * Y_k for each series.
        let yr = 0.5 * (zi - ci), yi = -0.5 * (zr - cr);
        s0[i] = s0[i]! + xr * yr + xi * yi;
        s0[i + 1] = s0[i + 1]! + xr * yi - xi * yr;
        if (y1) {
          const wr = zb[i]!, wi = zb[i + 1]!, dr = zb[m]!, di = -zb[m + 1]!;
          yr = 0.5 * (wr + dr);
          yi = 0.5 * (wi + di);
          s1[i] = s1[i]! + xr * yr + xi * yi;
          s1[i + 1] = s1[i + 1]! + xr * yi - xi * yr;
          if (y2) {
            yr = 0.5 * (wi - di);
            yi = -0.5 * (wr - dr);
            s2[i] = s2[i]! + xr * yr + xi * yi;
            s2[i + 1] = s2[i + 1]! + xr * yi - xi * yr;
          }
        }
      }
    }
    // Inverse transforms of the Hermitian sums: series 0 and 1 packed (both results are real), 2 alone.
    const invert = (first: Float64Array, second: Float64Array | undefined, j: number) => {
      for (let k = 0; k < P; k++) {
        // S(k) for k > P/2 is conj(S(P - k)).
        const mirror = k > half, i = 2 * (mirror ? P - k : k), sign = mirror ? -1 : 1;
        const ur = first[i]!, ui = sign * first[i + 1]!;
        const vr = second ? second[i]! : 0, vi = second ? sign * second[i + 1]! : 0;
        a[2 * k] = ur - vi;
        a[2 * k + 1] = ui + vr;
      }
      fft.inverseTransform(za, a); // scaled by 1 / P
      const o = out[j]!, o2 = second ? out[j + 1]! : undefined;
      for (let l = 0; l < lags; l++) {
        o[block * lags + l] = za[2 * l]!;
        if (o2) o2[block * lags + l] = za[2 * l + 1]!;
      }
    };
    invert(s0, y1 ? s1 : undefined, 0);
    if (y2) invert(s2, undefined, 2);
  }
  return out;
}

/** The same sums added up directly, O(n * maxLag): cheaper for a few lags. */
function directLaggedSums(
  x: ArrayLike<number>,
  ys: readonly ArrayLike<number>[],
  maxLag: number,
  starts: Int32Array,
): Float64Array[] {
  const blocks = starts.length - 1, lags = maxLag + 1;
  return ys.map((y) => {
    const out = new Float64Array(blocks * lags);
    for (let block = 0; block < blocks; block++) {
      const from = starts[block]!, to = starts[block + 1]!;
      for (let l = 0; l < lags; l++) {
        let sum = 0;
        for (let t = from; t + l < to; t++) sum += x[t]! * y[t + l]!;
        out[block * lags + l] = sum;
      }
    }
    return out;
  });
}
