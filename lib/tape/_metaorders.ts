/**
 * Checks of a metaorder record (the columns of {@linkcode SyntheticMetaorders}) at the public boundary of
 * the functions that read one: every named column an array of numbers of the same length, indexes
 * integers in range, signs +1 or -1. Names the column, the index and the value. Not exported from the
 * area's face.
 * @module
 */
import { assertObject, describeValue } from "../core/validate.ts";

/** What a column holds: a tape or block index in `[0, bound)`, a side, a finite number, or NaN allowed. */
export type ColumnKind =
  | { index: number; boundName: string }
  | "sign"
  | "finite"
  | "non-negative"
  | "positive"
  | "finite or NaN";

/**
 * Throws unless `columns[name]` of `record` (named `recordName`) is an array of `length` numbers of the
 * given kind; returns the column.
 * @throws {TypeError} for a missing column, a non-number or another length.
 * @throws {RangeError} for a value outside its domain.
 */
export function assertColumn(
  action: string,
  record: Record<string, unknown>,
  name: string,
  kind: ColumnKind,
  length?: number,
): ArrayLike<number> {
  const values = record[name] as ArrayLike<number> | null | undefined;
  if (values === null || typeof values !== "object" || typeof values.length !== "number") {
    throw new TypeError(
      `Cannot ${action}: ${name} must be an array of numbers: current value is ${describeValue(values)}`,
    );
  }
  if (length !== undefined && values.length !== length) {
    throw new TypeError(
      `Cannot ${action}: ${name} must have one value per metaorder (${length}): current length is ${values.length}`,
    );
  }
  if (allInDomain(values, kind)) return values;
  // Something is wrong: find the first bad value and name it.
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number") {
      throw new TypeError(
        `Cannot ${action}: ${name}[${i}] must be a number: current value is ${describeValue(v)}`,
      );
    }
    let ok: boolean, domain: string;
    if (typeof kind === "object") {
      ok = Number.isInteger(v) && v >= 0 && v < kind.index;
      domain = `an integer in [0, ${kind.boundName} = ${kind.index})`;
    } else if (kind === "sign") {
      ok = v === 1 || v === -1;
      domain = "+1 or -1";
    } else if (kind === "finite") {
      ok = Number.isFinite(v);
      domain = "a finite number";
    } else if (kind === "non-negative") {
      ok = Number.isFinite(v) && v >= 0;
      domain = "finite and >= 0";
    } else if (kind === "positive") {
      ok = Number.isFinite(v) && v > 0;
      domain = "finite and > 0";
    } else {
      ok = Number.isFinite(v) || Number.isNaN(v);
      domain = "a finite number or NaN";
    }
    if (!ok) throw new RangeError(`Cannot ${action}: ${name}[${i}] must be ${domain}: current value is ${v}`);
  }
  return values;
}

/**
 * True when every value is a number of the kind: one tight loop per kind, no message built (the columns
 * hold millions of metaorders and are checked at every public call).
 */
function allInDomain(values: ArrayLike<number>, kind: ColumnKind): boolean {
  const n = values.length;
  // A typed array holds numbers only; a plain array is checked for them.
  if (!ArrayBuffer.isView(values)) {
    for (let i = 0; i < n; i++) if (typeof values[i] !== "number") return false;
  }
  if (typeof kind === "object") {
    const bound = kind.index;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (!(Number.isInteger(v) && v >= 0 && v < bound)) return false;
    }
  } else if (kind === "sign") {
    for (let i = 0; i < n; i++) if (values[i] !== 1 && values[i] !== -1) return false;
  } else if (kind === "finite") {
    for (let i = 0; i < n; i++) if (!Number.isFinite(values[i]!)) return false;
  } else if (kind === "non-negative") {
    for (let i = 0; i < n; i++) if (!(values[i]! >= 0 && values[i]! <= Number.MAX_VALUE)) return false;
  } else if (kind === "positive") {
    for (let i = 0; i < n; i++) if (!(values[i]! > 0 && values[i]! <= Number.MAX_VALUE)) return false;
  } // "finite or NaN": every number but +-Infinity
  else for (let i = 0; i < n; i++) if (values[i] === Infinity || values[i] === -Infinity) return false;
  return true;
}

/** Throws a `TypeError` unless `metaorders` is an object; returns it as a record of columns. */
export function metaorderRecord(action: string, metaorders: unknown): Record<string, unknown> {
  assertObject(action, "metaorders", metaorders, "(a SyntheticMetaorders record)");
  return metaorders as Record<string, unknown>;
}

/** Throws a `TypeError` unless `values` is an array (an option given as a list). */
export function assertList(
  action: string,
  name: string,
  values: unknown,
): asserts values is readonly unknown[] {
  if (!Array.isArray(values) && !ArrayBuffer.isView(values)) {
    throw new TypeError(
      `Cannot ${action}: ${name} must be an array: current value is ${describeValue(values)}`,
    );
  }
}

/** The columns a fit of impact against `|Q|/V` reads, checked: one value per metaorder, blocks in range. */
export interface LawColumns {
  participation: ArrayLike<number>;
  impact: ArrayLike<number>;
  block: ArrayLike<number>;
  /** Number of blocks (the length of `averageDailyVolume`). */
  blocks: number;
}

/**
 * Throws unless `metaorders` holds `averageDailyVolume` (>= 0), `participation` (>= 0), `impact` (finite or
 * NaN) and `block` (an index into `averageDailyVolume`), one value per metaorder; returns them.
 */
export function lawColumns(action: string, metaorders: unknown): LawColumns {
  const record = metaorderRecord(action, metaorders);
  const blocks = assertColumn(action, record, "averageDailyVolume", "non-negative").length;
  const participation = assertColumn(action, record, "participation", "non-negative");
  const n = participation.length;
  const impact = assertColumn(action, record, "impact", "finite or NaN", n);
  const block = assertColumn(
    action,
    record,
    "block",
    { index: blocks, boundName: "averageDailyVolume.length" },
    n,
  );
  return { participation, impact, block, blocks };
}
