/**
 * Lagged cross sums `sum_t x_t y_{t+l}` for lags `0..maxLag`, per block of the tape, by FFT overlap-add.
 *
 * The direct sum costs O(n * maxLag) (10^10 operations for 10 M trades and 1,000 lags). Here each block is
 * cut into chunks of `P - maxLag` values of `x`; each chunk is correlated with the `P` values of `y` that
 * follow it by one complex FFT of size `P` (two real signals packed as real and imaginary parts), and the
 * products of spectra are *summed* over chunks, so one inverse FFT per block gives the block's sums
 * (correlation is linear). Cost O(n log P) with `P` about `8 * maxLag`, in cache; exact up to rounding
 * (relative error about 1e-13 of the sums' scale).
 *
 * Private to lib/tape: the public estimators validate their input and call this.
 *
 * @module
 */

/** Radix-2 complex FFT of a fixed size, tables computed once. */
class Fft {
  readonly size: number;
  readonly #cos: Float64Array;
  readonly #sin: Float64Array;
  readonly #reverse: Uint32Array;

  constructor(size: number) {
    this.size = size;
    const half = size >> 1;
    this.#cos = new Float64Array(half);
    this.#sin = new Float64Array(half);
    for (let k = 0; k < half; k++) {
      this.#cos[k] = Math.cos((2 * Math.PI * k) / size);
      this.#sin[k] = Math.sin((2 * Math.PI * k) / size);
    }
    const bits = Math.log2(size);
    this.#reverse = new Uint32Array(size);
    for (let i = 0; i < size; i++) {
      let r = 0;
      for (let b = 0, v = i; b < bits; b++, v >>= 1) r = (r << 1) | (v & 1);
      this.#reverse[i] = r;
    }
  }

  /** In place; `sign = -1` forward (`e^{-2 pi i k t / P}`), `+1` inverse (unscaled). */
  transform(re: Float64Array, im: Float64Array, sign: 1 | -1): void {
    const n = this.size, rev = this.#reverse, cos = this.#cos, sin = this.#sin;
    for (let i = 0; i < n; i++) {
      const j = rev[i]!;
      if (j > i) {
        const tr = re[i]!, ti = im[i]!;
        re[i] = re[j]!;
        im[i] = im[j]!;
        re[j] = tr;
        im[j] = ti;
      }
    }
    for (let len = 2; len <= n; len <<= 1) {
      const half = len >> 1, step = n / len;
      for (let start = 0; start < n; start += len) {
        for (let k = 0, w = 0; k < half; k++, w += step) {
          const wr = cos[w]!, wi = sign * sin[w]!;
          const a = start + k, b = a + half;
          const xr = re[b]! * wr - im[b]! * wi;
          const xi = re[b]! * wi + im[b]! * wr;
          re[b] = re[a]! - xr;
          im[b] = im[a]! - xi;
          re[a] = re[a]! + xr;
          im[a] = im[a]! + xi;
        }
      }
    }
  }
}

/** FFT size for `maxLag`: the smallest power of two >= 8 (maxLag + 1), at least 256. */
export function chunkFftSize(maxLag: number): number {
  let p = 256;
  while (p < 8 * (maxLag + 1)) p <<= 1;
  return p;
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
  const blocks = starts.length - 1, lags = maxLag + 1;
  const P = chunkFftSize(maxLag), chunk = P - maxLag;
  const fft = new Fft(P);
  const out = ys.map(() => new Float64Array(blocks * lags));
  // Work arrays: two packed transforms per chunk; accumulated spectra conj(X) * Y_j.
  const aRe = new Float64Array(P), aIm = new Float64Array(P);
  const bRe = new Float64Array(P), bIm = new Float64Array(P);
  const accRe = ys.map(() => new Float64Array(P)), accIm = ys.map(() => new Float64Array(P));
  const y0 = ys[0]!, y1 = ys[1], y2 = ys[2];
  for (let b = 0; b < blocks; b++) {
    const from = starts[b]!, to = starts[b + 1]!;
    for (const a of accRe) a.fill(0);
    for (const a of accIm) a.fill(0);
    for (let s = from; s < to; s += chunk) {
      // a = x chunk (zero padded) + i * y0 segment; b = y1 segment + i * y2 segment.
      for (let k = 0; k < P; k++) {
        const t = s + k;
        aRe[k] = k < chunk && t < to ? x[t]! : 0;
        aIm[k] = t < to ? y0[t]! : 0;
        bRe[k] = y1 && t < to ? y1[t]! : 0;
        bIm[k] = y2 && t < to ? y2[t]! : 0;
      }
      fft.transform(aRe, aIm, -1);
      if (y1) fft.transform(bRe, bIm, -1);
      const r0 = accRe[0]!, i0 = accIm[0]!, r1 = accRe[1], i1 = accIm[1], r2 = accRe[2], i2 = accIm[2];
      for (let k = 0; k < P; k++) {
        const m = k === 0 ? 0 : P - k;
        // Unpack two real signals: U = (Z_k + conj(Z_m)) / 2, V = (Z_k - conj(Z_m)) / (2i).
        const zr = aRe[k]!, zi = aIm[k]!, cr = aRe[m]!, ci = -aIm[m]!;
        const xr = 0.5 * (zr + cr), xi = 0.5 * (zi + ci); // X_k
        // Accumulate conj(X_k) * Y_k for each series.
        let yr = 0.5 * (zi - ci), yi = -0.5 * (zr - cr);
        r0[k] = r0[k]! + xr * yr + xi * yi;
        i0[k] = i0[k]! + xr * yi - xi * yr;
        if (r1 && i1) {
          const wr = bRe[k]!, wi = bIm[k]!, dr = bRe[m]!, di = -bIm[m]!;
          yr = 0.5 * (wr + dr);
          yi = 0.5 * (wi + di);
          r1[k] = r1[k]! + xr * yr + xi * yi;
          i1[k] = i1[k]! + xr * yi - xi * yr;
          if (r2 && i2) {
            yr = 0.5 * (wi - di);
            yi = -0.5 * (wr - dr);
            r2[k] = r2[k]! + xr * yr + xi * yi;
            i2[k] = i2[k]! + xr * yi - xi * yr;
          }
        }
      }
    }
    // Inverse transforms: series 0 and 1 packed (both results are real), series 2 alone.
    const invert = (j: number, k2: number | undefined) => {
      for (let k = 0; k < P; k++) {
        aRe[k] = accRe[j]![k]! - (k2 === undefined ? 0 : accIm[k2]![k]!);
        aIm[k] = accIm[j]![k]! + (k2 === undefined ? 0 : accRe[k2]![k]!);
      }
      fft.transform(aRe, aIm, 1);
      for (let l = 0; l < lags; l++) {
        out[j]![b * lags + l] = aRe[l]! / P;
        if (k2 !== undefined) out[k2]![b * lags + l] = aIm[l]! / P;
      }
    };
    invert(0, y1 ? 1 : undefined);
    if (y2) invert(2, undefined);
  }
  return out;
}
