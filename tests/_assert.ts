/**
 * Float comparisons with explicit tolerances (JSR's @std/assert cannot be installed here, so tests use
 * `node:assert/strict` plus these helpers).
 * @module
 */
import assert from "node:assert/strict";

/** Options of {@linkcode assertClose}: pass an absolute tolerance, a relative one, or both (either suffices). */
export interface Tolerance {
  /** Absolute tolerance: `|actual - expected| <= abs`. */
  abs?: number;
  /** Relative tolerance: `|actual - expected| <= rel * |expected|`. */
  rel?: number;
}

/** Asserts `actual` is finite and within the tolerance of `expected`. */
export function assertClose(actual: number, expected: number, tol: Tolerance, message = ""): void {
  const { abs = 0, rel = 0 } = tol;
  assert.ok(abs > 0 || rel > 0, "assertClose needs abs or rel > 0");
  const diff = Math.abs(actual - expected);
  const ok = Number.isFinite(actual) && (diff <= abs || diff <= rel * Math.abs(expected));
  assert.ok(
    ok,
    `${
      message ? message + ": " : ""
    }expected ${expected}, got ${actual} (|diff| ${diff}; abs ${abs}, rel ${rel})`,
  );
}

/** Asserts every element of `actual` is close to `expected` (same length). */
export function assertAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tolerance,
  message = "",
): void {
  assert.equal(actual.length, expected.length, `${message}: lengths differ`);
  for (let i = 0; i < actual.length; i++) assertClose(actual[i]!, expected[i]!, tol, `${message}[${i}]`);
}

/** Asserts `fn` throws an error of class `ErrorClass` whose message matches `pattern`. */
export function assertThrowsWith(
  fn: () => unknown,
  ErrorClass: new (...args: never[]) => Error,
  pattern: RegExp,
): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(
      e instanceof ErrorClass,
      `expected ${ErrorClass.name}, got ${(e as Error)?.constructor?.name}: ${e}`,
    );
    assert.match((e as Error).message, pattern);
    return true;
  });
}
