/**
 * Golden-section search for the minimum of a unimodal function on a bracket (Kiefer 1953; Press et al.,
 * Numerical Recipes, 3rd ed., sec. 10.2), shared by the profile searches of the impact fits (private to the
 * area). Each step keeps the sub-bracket that holds the smaller of two interior values and shrinks the
 * bracket by `(sqrt(5) - 1) / 2`, one function evaluation per step.
 *
 * @module
 */

/** The golden ratio's conjugate, `(sqrt(5) - 1) / 2`. */
const PHI = (Math.sqrt(5) - 1) / 2;

/**
 * Shrinks `[lo, hi]` around the minimum of `f` until `done(lo, hi, steps)` says so (checked before every
 * step). On a tie of the two interior values the lower sub-bracket is kept when `tiesGoLow` is true, the
 * upper one otherwise.
 *
 * @returns the final bracket `[lo, hi]`.
 */
export function goldenSection(
  f: (x: number) => number,
  lo: number,
  hi: number,
  done: (lo: number, hi: number, steps: number) => boolean,
  tiesGoLow: boolean,
): [number, number] {
  let c = hi - PHI * (hi - lo), d = lo + PHI * (hi - lo), fc = f(c), fd = f(d);
  for (let steps = 0; !done(lo, hi, steps); steps++) {
    if (fc < fd || (tiesGoLow && fc === fd)) {
      hi = d;
      d = c;
      fd = fc;
      c = hi - PHI * (hi - lo);
      fc = f(c);
    } else {
      lo = c;
      c = d;
      fc = fd;
      d = lo + PHI * (hi - lo);
      fd = f(d);
    }
  }
  return [lo, hi];
}
