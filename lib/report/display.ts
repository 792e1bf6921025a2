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
 *
 * An escaped dollar `\$` (a literal dollar sign, as in `0.91 M\$`) is displayed as the character
 * reference `&#36;`: JupyterLab honours `\$`, but classic Jupyter and nbconvert pair it with the next `$`
 * as a math span and garble the text; `&#36;` is a dollar sign everywhere. The text/plain rendering and
 * `toString()` show a plain `$`. Do not write `\$` inside math or code spans.
 *
 * @param text Markdown source.
 *
 * @example
 * ```ts
 * import { markdown } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(String(markdown(`**${(0.1234).toFixed(2)}** bps`)), "**0.12** bps");
 * const bundle = (markdown("0.91 M\\$ and $x$") as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]!();
 * assert.equal(bundle["text/markdown"], "0.91 M&#36; and $x$");
 * assert.equal(bundle["text/plain"], "0.91 M$ and $x$");
 * ```
 */
export function markdown(text: string): Displayable & { toString(): string } {
  const plain = text.replaceAll("\\$", "$");
  return {
    toString: () => plain,
    [JUPYTER_DISPLAY]: () => ({ "text/markdown": text.replaceAll("\\$", "&#36;"), "text/plain": plain }),
  };
}

/** MIME type of a notebook's machine-readable summary, read by the walkthrough's report index. */
export const SUMMARY_MIME = "application/vnd.price-impact.summary+json";

/**
 * Which data a notebook ran on, for the report: where it came from and the time range it covers.
 * `source` is `"cache"` (recorded market data read from the local cache), `"online"` (fetched from the
 * exchange during the run), `"cache+online"`, `"local file <name>"` (read from a file of the user's, e.g.
 * by `readKlinesCsv`), `"synthetic"` (seeded generated data), `"simulated"` (the simulated order book of
 * lib/book) or `"none"` (the notebook uses no market
 * data, e.g. a paper's example); `from`/`to` are ISO 8601 UTC.
 */
export interface DataLabel {
  /** Short name of what the data is, e.g. `"BTCUSDT linear 1-minute candles"`. */
  name: string;
  source: "cache" | "online" | "cache+online" | `local file ${string}` | "synthetic" | "simulated" | "none";
  /** First and last timestamps covered, ISO 8601 UTC (absent for `"none"`). */
  from?: string;
  to?: string;
  /** One readable line (e.g. `describeKlineSource(df)`). */
  description: string;
}

/** One key number of a notebook, with its unit and, when estimated, its confidence interval. */
export interface SummaryNumber {
  /** What it is, e.g. `"eta (binned fit)"`. */
  label: string;
  /** The value: a number, or a short text (a verdict, a model name). */
  value: number | string;
  /** Unit, e.g. `"bps"`, `"M$"`; `""` for dimensionless. */
  unit?: string;
  /** Confidence interval `[low, high]` in the value's unit. */
  interval?: readonly [number, number];
  /** Confidence level of the interval, e.g. 0.95. */
  confidence?: number;
  /** Significant digits shown (default 4). */
  digits?: number;
  /** How it was obtained or tested, e.g. `"lowest RMSE in 5 of 5 walk-forward folds"`. */
  note?: string;
}

/** What {@linkcode notebookSummary} emits: the data used, the key numbers, the main figure. */
export interface NotebookSummary {
  /** The data the notebook ran on (one entry per data set). */
  data: readonly DataLabel[];
  /** Key numbers, in reading order. */
  numbers: readonly SummaryNumber[];
  /** A one-sentence headline (a verdict, a finding). */
  headline?: string;
  /** Which figure of the notebook is its main one: 1-based, in output order (default 1). */
  mainFigure?: number;
}

function formatSummaryValue(value: number | string, digits: number): string {
  if (typeof value === "string") return value;
  if (!Number.isFinite(value)) return String(value);
  return Number(value.toPrecision(digits)).toLocaleString("en-US", { maximumSignificantDigits: digits });
}

/**
 * One key number as text: value, interval and unit, e.g. `"0.755 [0.452, 1.43] (95 % CI)"`.
 * @param n the number.
 * @returns the text.
 *
 * @example
 * ```ts
 * import { formatSummaryNumber } from "@lib/report/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatSummaryNumber({ label: "eta", value: 0.75512, interval: [0.4521, 1.4271], confidence: 0.95, digits: 3 }), "0.755 [0.452, 1.43] (95 % CI)");
 * ```
 */
export function formatSummaryNumber(n: SummaryNumber): string {
  const digits = n.digits ?? 4;
  const unit = n.unit ? ` ${n.unit}` : "";
  const interval = n.interval
    ? ` [${formatSummaryValue(n.interval[0], digits)}, ${formatSummaryValue(n.interval[1], digits)}]${
      n.confidence ? ` (${Math.round(n.confidence * 100)} % CI)` : ""
    }`
    : "";
  return `${formatSummaryValue(n.value, digits)}${interval}${unit}`;
}

/**
 * A notebook's summary for the chapter's front page: the data it ran on and its key numbers, emitted as
 * display data of MIME type {@linkcode SUMMARY_MIME} (a JSON object, kept in the executed notebook) with a
 * Markdown rendering for readers. `deno task walkthrough` reads it from each executed notebook to write
 * `build/report/index.html`, so the front page shows numbers the notebook computed, never typed ones.
 * Call it once, in the notebook's last cell.
 *
 * @param summary data labels, key numbers, an optional headline and the main figure's ordinal.
 * @returns a displayable whose `toString()` is the Markdown text.
 * @throws {TypeError} if `numbers` is not an array; {@link RangeError} for a number without a label.
 *
 * @example
 * ```ts
 * import { notebookSummary } from "@lib/mod.ts";
 * import { SUMMARY_MIME } from "@lib/report/mod.ts";
 * import assert from "node:assert/strict";
 * const s = notebookSummary({
 *   data: [{ name: "paper's example", source: "none", description: "Almgren & Chriss (2000)" }],
 *   numbers: [{ label: "E", value: 911227.4, unit: "$" }],
 * });
 * const display = (s as unknown as Record<symbol, () => Record<string, unknown>>)[Symbol.for("Jupyter.display")]!;
 * const bundle = display();
 * assert.equal((bundle[SUMMARY_MIME] as { numbers: unknown[] }).numbers.length, 1);
 * assert.match(String(s), /- E: 911,200 &#36;/); // 4 significant digits by default; "$" is not math
 * ```
 */
export function notebookSummary(summary: NotebookSummary): {
  toString(): string;
  [JUPYTER_DISPLAY](): Record<string, unknown>;
} {
  const action = "build notebook summary";
  if (!Array.isArray(summary?.numbers)) {
    throw new TypeError(`Cannot ${action}: numbers must be an array: current value is ${summary?.numbers}`);
  }
  summary.numbers.forEach((n, i) => {
    if (typeof n?.label !== "string" || n.label === "") {
      throw new RangeError(
        `Cannot ${action}: numbers[${i}].label must be a non-empty string: current value is ${n?.label}`,
      );
    }
  });
  const json = JSON.parse(JSON.stringify(summary)) as Record<string, unknown>;
  const lines = (field: (s: unknown) => string) =>
    [
      "**Summary** (read by the chapter's front page)",
      "",
      ...(summary.headline ? [field(summary.headline), ""] : []),
      ...summary.data.map((d) =>
        `- Data: ${field(d.description)}${
          d.from ? ` (${field(d.source)}, ${field(d.from.slice(0, 10))} to ${field(d.to?.slice(0, 10))})` : ""
        }`
      ),
      ...summary.numbers.map((n) =>
        // The value and unit are never math: a "$" unit is written as a literal dollar.
        `- ${field(n.label)}: ${field(formatSummaryNumber(n)).replaceAll("$", "&#36;")}${
          n.note ? ` (${field(n.note)})` : ""
        }`
      ),
    ].join("\n");
  const text = lines(markdownText);
  const plain = lines((s) => String(s ?? ""));
  return {
    toString: () => text,
    [JUPYTER_DISPLAY]: () => ({ [SUMMARY_MIME]: json, "text/markdown": text, "text/plain": plain }),
  };
}

/**
 * A field's text made inert inside Markdown: `&`, `<` and `>` become character references (no HTML tag,
 * script or autolink can start), `](` is escaped (no inline link can form, so no `javascript:` link) and
 * an escaped dollar `\$` becomes `&#36;` (see {@linkcode markdown});
 * emphasis and `$...$` math without `<`, `>` or `&` still render.
 *
 * @param value the field (any value; `String(value)` is used).
 * @returns Markdown text that renders as the field's text.
 *
 * @example
 * ```ts
 * import { markdownText } from "@lib/report/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(markdownText("<b>[x](javascript:y)</b> $a<b$"), "&lt;b&gt;[x]\\(javascript:y)&lt;/b&gt; $a&lt;b$");
 * ```
 */
export function markdownText(value: unknown): string {
  return String(value ?? "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/\]\(/g, "]\\(").replaceAll("\\$", "&#36;");
}
