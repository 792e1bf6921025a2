/**
 * Rich display of tables and text in the Deno Jupyter kernel, through `Symbol.for("Jupyter.display")`,
 * with a plain-text fallback for terminals and for notebooks viewed as text.
 *
 * @module
 */

const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

/** A value the Deno Jupyter kernel can display. */
export interface Displayable {
  [JUPYTER_DISPLAY](): Record<string, string>;
}

/**
 * Column of a {@linkcode table}: the key to read, its header (with unit) and a formatter. The formatter
 * receives the cell with the key's own type (`T[K]`), so it needs no cast.
 */
export type TableColumn<T> = {
  [K in keyof T & string]: {
    /** Property of each row. */
    key: K;
    /** Header text; say the unit, e.g. `"impact (bps)"`. Default: the key. */
    label?: string;
    /** Formats a cell. Default: numbers to 4 significant digits, other values with `String`. */
    format?: (value: T[K], row: T) => string;
  };
}[keyof T & string];

/** Options of {@linkcode table}. */
export interface TableOptions<T> {
  /** Which properties to show, in order, with headers and formats. Default: every key of the first row. */
  columns?: readonly TableColumn<T>[];
  /** Caption above the table; say what the rows are and where the numbers come from. Default none. */
  caption?: string;
}

/** What {@linkcode table} returns: displayable, with the formatted cells and headers for tests. */
export type Table = Displayable & { toString(): string; rows: string[][]; headers: string[] };

function defaultFormat(value: unknown): string {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return String(value);
    if (Number.isInteger(value) && Math.abs(value) < 1e15) return value.toLocaleString("en-US");
    return Number(value.toPrecision(4)).toLocaleString("en-US", { maximumSignificantDigits: 4 });
  }
  return String(value);
}

function formatCell<T>(column: TableColumn<T>, row: T): string {
  // Each column's formatter takes its own key's type; read through the union once, here.
  const { key, format } = column as { key: keyof T; format?: (value: unknown, row: T) => string };
  return format ? format(row[key], row) : defaultFormat(row[key]);
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * A table of rows that displays as HTML in Jupyter and as aligned text elsewhere.
 *
 * @param rows the records.
 * @param options `columns` (default every key of the first row) and `caption`.
 * @returns a displayable table whose `toString()` is the text rendering.
 * @throws {TypeError} if `rows` is not an array.
 *
 * @example
 * ```ts
 * import { table } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const t = table([{ size: 1, cost: 2.5 }], {
 *   columns: [{ key: "size", label: "size (BTC)" }, { key: "cost", format: (v) => v.toFixed(2) }],
 * });
 * assert.match(t.toString(), /size \(BTC\)/);
 * assert.deepEqual(t.rows, [["1", "2.50"]]);
 * ```
 */
export function table<T extends object>(rows: readonly T[], options: TableOptions<T> = {}): Table {
  const { columns, caption } = options;
  if (!Array.isArray(rows)) {
    throw new TypeError(`Cannot build table: rows must be an array of objects: current value is ${rows}`);
  }
  const cols: readonly TableColumn<T>[] = columns ??
    (rows.length > 0 ? Object.keys(rows[0]!).map((key) => ({ key: key as keyof T & string })) : []);
  const headers = cols.map((c) => c.label ?? c.key);
  const cells = rows.map((row) => cols.map((c) => formatCell(c, row)));
  const text = () => {
    const widths = headers.map((h, j) => Math.max(h.length, ...cells.map((r) => r[j]!.length)));
    const line = (r: string[]) => r.map((v, j) => v.padStart(widths[j]!)).join("  ");
    return [caption ?? "", line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)]
      .filter((l, i) => i > 0 || l !== "").join("\n");
  };
  const html = () =>
    `<table>${caption ? `<caption>${escapeHtml(caption)}</caption>` : ""}<thead><tr>${
      headers.map((h) => `<th>${escapeHtml(h)}</th>`).join("")
    }</tr></thead><tbody>${
      cells.map((r) =>
        `<tr>${r.map((v) => `<td style="text-align:right">${escapeHtml(v)}</td>`).join("")}</tr>`
      )
        .join("")
    }</tbody></table>`;
  return {
    headers,
    rows: cells,
    toString: text,
    [JUPYTER_DISPLAY]: () => ({ "text/html": html(), "text/plain": text() }),
  };
}

/**
 * Markdown text that displays rendered in Jupyter (for narrative computed from results).
 * @param text Markdown source.
 *
 * @example
 * ```ts
 * import { markdown } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(String(markdown(`**${(0.1234).toFixed(2)}** bps`)), "**0.12** bps");
 * ```
 */
export function markdown(text: string): Displayable & { toString(): string } {
  return { toString: () => text, [JUPYTER_DISPLAY]: () => ({ "text/markdown": text, "text/plain": text }) };
}
