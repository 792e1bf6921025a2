/**
 * `readKlinesCsv`: candles from your own CSV file (Bybit, Binance, TradingView, QuantConnect Lean
 * exports and the like) into the project's candle frame ({@linkcode klineColumns}), with a report of
 * everything that was detected or assumed: columns, time unit and UTC offsets, bar length, gaps, and the
 * unit of the volume column.
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";
import { BYBIT_INTERVALS, type BybitInterval } from "../kline_spec.ts";
import type { KlineColumns } from "../kline_frame.ts";
import { klineFrame, klineProblem } from "../_kline_columns.ts";
import { GrowableColumn } from "../_growable.ts";
import { csvNumber, openCsv } from "./_csv_rows.ts";
import { detectTimeUnit, MS_PER_UNIT, parseIsoTime, type TimeUnit } from "../_timestamps.ts";
import { intervalMs } from "../_calendar.ts";

/** A candle field that {@linkcode readKlinesCsv} maps from a CSV column. */
export type KlineCsvField = "startTime" | "open" | "high" | "low" | "close" | "volume" | "turnover";

/** Options of {@linkcode readKlinesCsv}. */
export interface ReadKlinesCsvOptions {
  /**
   * Which CSV column holds each field: a header name (case-insensitive) or a 0-based index. Fields left
   * out are found by their usual names (`timestamp`/`time`/`open_time`/`date`, `open`, `high`, `low`,
   * `close`, `volume`/`vol`, `turnover`/`quote_volume`/`quote_asset_volume`/`volume_usdt`...). Without a
   * header the layout is recognised from the column count: 6 (`time, O, H, L, C, volume`), 7 (Bybit's
   * kline row `startTime, O, H, L, C, volume, turnover`) or 12 (Binance's kline file, quote volume in
   * column 7); Lean trade bars (6 columns, milliseconds since midnight) are recognised by their first time
   * being below one day.
   */
  columns?: Partial<Record<KlineCsvField, string | number>>;
  /** Unit of numeric timestamps: `"s"`, `"ms"`, `"us"` or `"ns"`. Default: detected (every value must read as 1990-2100 in one unit). */
  timeUnit?: TimeUnit;
  /**
   * Unit of the volume column: `"base"` (BTC for BTCUSDT), `"quote"` (USDT) or `"auto"` (default). With a
   * turnover column, auto compares `turnover` with `close * volume` (ratio near 1: volume in base) and with
   * `volume` (ratio near 1: volume in quote); a volume column whose name says quote (`volume_usdt`,
   * `quote_volume`, `volume_usd`) counts as quote. Otherwise base is assumed, and the report says so.
   */
  volumeUnit?: "base" | "quote" | "auto";
  /** Treat ISO times without a UTC offset as UTC. Default `false` (a clear error names the row). */
  naiveTimesAreUtc?: boolean;
  /** Lean trade bars: the file's date, `"YYYY-MM-DD"` or `"YYYYMMDD"`. Default: the first `YYYYMMDD` in the zip entry's or file's name. */
  date?: string;
  /** The file to read from a zip that holds several (its name, or its base name). Default: the zip's only data file. */
  entry?: string;
}

/** What {@linkcode readKlinesCsv} found and decided. */
export interface KlinesCsvReport {
  /** The file read. */
  path: string;
  /** Rows of candles returned (after sorting). */
  rows: number;
  /** `"header"`, `"headerless"` (6, 7 or 12 columns) or `"lean"` (QuantConnect Lean trade bars). */
  layout: "header" | "headerless" | "lean";
  /** The CSV column used for each field (header name, or `#index` without a header). */
  columns: Partial<Record<KlineCsvField, string>>;
  /** Header columns not used (e.g. TradingView indicators). */
  ignoredColumns: string[];
  /** How times were written: `"epoch"` numbers, `"iso"` strings, or Lean `"ms-since-midnight"`. */
  timeFormat: "epoch" | "iso" | "ms-since-midnight";
  /** Epoch unit and whether it was given or detected (epoch format only). */
  timeUnit?: TimeUnit;
  timeUnitSource?: "given" | "detected";
  /** Distinct UTC offsets seen in ISO times (e.g. `["+01:00"]`); all times were converted to UTC. */
  utcOffsets: string[];
  /** Whether the rows were in descending time order (Bybit's API order) and were reversed or sorted. */
  reordered: boolean;
  /** Bar length, ms (smallest gap between starts), and the matching Bybit interval if there is one. */
  barMs: number;
  interval: BybitInterval | undefined;
  /** Bars missing between the first and last start (gaps in a regular grid of `barMs`). */
  missingBars: number;
  /** Unit the volume column was read in, and how that was decided. */
  volumeUnit: "base" | "quote";
  volumeUnitSource: "given" | "column name" | "turnover check" | "assumed (no turnover column)";
  /** `"file"`, `"estimated"` (typical price `(O+H+L+C)/4` times base volume), or `"from quote volume"`. */
  turnoverSource: "file" | "estimated" | "from quote volume";
  /**
   * With a turnover column: median of `turnover / (close * volume)` over the rows (about 1 when volume is in
   * base and turnover in quote), and median of `turnover / volume` (about 1 when both are in quote).
   */
  turnoverCheck?: { medianTurnoverOverCloseVolume: number; medianTurnoverOverVolume: number };
  /** Sentences for a notebook: one per decision that was not given explicitly. */
  notes: string[];
}

const ALIASES: Record<KlineCsvField, string[]> = {
  startTime: [
    "starttime",
    "start_time",
    "timestamp",
    "time",
    "open_time",
    "opentime",
    "date",
    "datetime",
    "date_time",
    "ts",
    "start",
    "open time",
  ],
  open: ["open", "o", "open_price"],
  high: ["high", "h", "high_price"],
  low: ["low", "l", "low_price"],
  close: ["close", "c", "close_price"],
  volume: ["volume", "vol", "v", "base_volume", "volume_base", "volume (base)"],
  turnover: [
    "turnover",
    "quote_volume",
    "quote_asset_volume",
    "quotevolume",
    "quote_av",
    "volume_quote",
    "quote volume",
    "quote asset volume",
    "notional",
  ],
};

/** Volume columns whose name says quote currency. */
const QUOTE_VOLUME_NAMES = /^(volume[ _]?(usd|usdt|usdc|quote)|(usd|usdt|quote)[ _]?volume)$/;

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)]!;
}

/**
 * Reads candles from a CSV file (plain, gzip, or a zip with one data file or `options.entry`) into the
 * candle frame: `startTime`
 * (UTC ms), `open`, `high`, `low`, `close` (quote per base), `volume` (base units) and `turnover` (quote
 * units), ascending, with a report of what was detected.
 *
 * Time: epoch numbers in seconds, milliseconds, microseconds or nanoseconds are detected from their
 * magnitude (all rows must read as dates in 1990-2100 in one unit; otherwise an error asks for
 * `timeUnit`), ISO 8601 strings are parsed with their UTC offset (TradingView's `2022-11-11T15:10:00+01:00`
 * is 14:10 UTC). Rows may come newest first (Bybit's API order): they are sorted; a repeated time is an
 * error. Volume: see {@linkcode ReadKlinesCsvOptions.volumeUnit}; when the file has no turnover, it is
 * estimated as typical price times base volume (a volume-weighted price is not available), and the
 * report says so. The result is checked like the cache's candles (finite prices > 0, low <= open, close
 * <= high, volume >= 0), naming the first bad row.
 *
 * File: read through the shared CSV layer (`./README.md`): only a regular file (a FIFO or directory is
 * refused before it is opened); UTF-8 with or without byte-order mark, or UTF-16 with one; NUL bytes, an
 * HTML/XML page or a JSON body refused; RFC 4180 quoting (`"1,092.814"` is one field, read as 1092.814);
 * every row must have the header's number of fields. Every error names the file, and the line where it
 * has one.
 *
 * @param path the CSV file.
 * @param options column mapping, time unit, volume unit, Lean date.
 * @returns `{ candles, columns, report }`: the polars frame of {@linkcode klineColumns}' schema, with
 *   `source` = `"file <name>"` (so {@linkcode describeKlineSource} names the file), the same as
 *   `Float64Array` columns, and the {@linkcode KlinesCsvReport}.
 * @throws {TypeError} for a path that is not a regular file.
 * @throws {RangeError} for a file that is not CSV text, a zip with several data files (without
 *   `options.entry`), a row with the wrong number of fields, a missing column, a bad number or time
 *   (naming the row and line), an ambiguous time unit,
 *   a time without UTC offset (unless `naiveTimesAreUtc`), repeated times, fewer than 2 rows, a turnover
 *   column that matches neither unit, or candles that fail the checks.
 *
 * @example
 * ```ts
 * import { readKlinesCsv } from "@lib/mod.ts";
 * import { klineVolatility } from "@lib/market/mod.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const path = `${dir}/btc.csv`;
 * // Epoch seconds, newest first, turnover in USDT: seconds are detected and the rows reversed.
 * await Deno.writeTextFile(path, "time,open,high,low,close,volume,turnover\n" +
 *   "1735689660,100,102,99,101,2,201\n1735689600,99,101,98,100,1,99.5\n");
 * const { columns, report } = await readKlinesCsv(path);
 * assert.deepEqual([...columns.startTime], [1735689600000, 1735689660000]);
 * assert.equal(report.timeUnit, "s");
 * assert.equal(report.volumeUnit, "base"); // turnover / (close * volume) is about 1
 * assert.equal(report.interval, "1");
 * // A spreadsheet's quoted volume with a thousands separator is one field.
 * await Deno.writeTextFile(path, "time,open,high,low,close,volume\r\n" +
 *   '1735689600,100,101,99,100,"1,092.814"\r\n1735689660,100,101,99,100,2\r\n');
 * assert.equal((await readKlinesCsv(path)).columns.volume[0], 1092.814);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readKlinesCsv(
  path: string,
  options: ReadKlinesCsvOptions = {},
): Promise<{ candles: pl.DataFrame; columns: KlineColumns; report: KlinesCsvReport }> {
  const action = "read candles from CSV";
  try {
    return await readKlines(path, options, action);
  } catch (error) {
    // Every message names the file: those raised below without it get the path after the action.
    const prefix = `Cannot ${action}: `;
    if (
      (error instanceof RangeError || error instanceof TypeError) && error.message.startsWith(prefix) &&
      !error.message.includes(path)
    ) {
      const named = new (error instanceof RangeError ? RangeError : TypeError)(
        `${prefix}${path}: ${error.message.slice(prefix.length)}`,
      );
      throw named;
    }
    throw error;
  }
}

async function readKlines(
  path: string,
  options: ReadKlinesCsvOptions,
  action: string,
): Promise<{ candles: pl.DataFrame; columns: KlineColumns; report: KlinesCsvReport }> {
  const { volumeUnit = "auto", naiveTimesAreUtc = false } = options;
  if (volumeUnit !== "base" && volumeUnit !== "quote" && volumeUnit !== "auto") {
    throw new RangeError(
      `Cannot ${action}: volumeUnit must be "base", "quote" or "auto": current value is ${volumeUnit}`,
    );
  }
  if (options.timeUnit !== undefined && !(options.timeUnit in MS_PER_UNIT)) {
    throw new RangeError(
      `Cannot ${action}: timeUnit must be "s", "ms", "us" or "ns": current value is ${options.timeUnit}`,
    );
  }
  const notes: string[] = [];
  const opened = await openCsv(path, action, options.entry !== undefined ? { entry: options.entry } : {});
  const fields: KlineCsvField[] = ["startTime", "open", "high", "low", "close", "volume", "turnover"];
  const index: Partial<Record<KlineCsvField, number>> = {};
  const used: Partial<Record<KlineCsvField, string>> = {};
  let layout: KlinesCsvReport["layout"] | undefined;
  let header: string[] = [];
  const rawTimes: string[] = [];
  const cols = {
    open: new GrowableColumn(),
    high: new GrowableColumn(),
    low: new GrowableColumn(),
    close: new GrowableColumn(),
    volume: new GrowableColumn(),
    turnover: new GrowableColumn(),
  };
  let row = 0;
  let grouped = 0;
  for await (const batch of opened.batches()) {
    for (const { fields: parts, line } of batch) {
      if (layout === undefined) {
        const numeric = parts.every((p) => Number.isFinite(csvNumber(p)));
        if (!numeric) {
          layout = "header";
          header = parts;
          const lower = parts.map((p) => p.toLowerCase());
          for (const f of fields) {
            const given = options.columns?.[f];
            let i: number;
            if (typeof given === "number") i = given;
            else if (typeof given === "string") i = lower.indexOf(given.toLowerCase());
            else i = lower.findIndex((name) => ALIASES[f].includes(name));
            if (given !== undefined && (i < 0 || i >= parts.length)) {
              throw new RangeError(
                `Cannot ${action}: columns.${f} = ${given} is not a column: current header is ${
                  parts.join(",")
                }`,
              );
            }
            if (i >= 0) {
              index[f] = i;
              used[f] = parts[i]!;
            }
          }
          if (index.volume === undefined && volumeUnit !== "base") {
            const q = lower.findIndex((name) => QUOTE_VOLUME_NAMES.test(name));
            if (q >= 0) {
              index.volume = q;
              used.volume = parts[q]!;
            }
          }
          const missing = fields.filter((f) => f !== "turnover" && index[f] === undefined);
          if (missing.length > 0) {
            throw new RangeError(
              `Cannot ${action}: no column for ${missing.join(", ")}: current header is ${
                parts.join(",")
              }; pass options.columns`,
            );
          }
          continue;
        }
        // No header: the layout follows from the column count.
        const first = csvNumber(parts[0]);
        const positions: Record<number, Partial<Record<KlineCsvField, number>>> = {
          6: { startTime: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 },
          7: { startTime: 0, open: 1, high: 2, low: 3, close: 4, volume: 5, turnover: 6 },
          12: { startTime: 0, open: 1, high: 2, low: 3, close: 4, volume: 5, turnover: 7 },
        };
        const base = positions[parts.length];
        if (base === undefined && options.columns === undefined) {
          throw new RangeError(
            `Cannot ${action}: a file without header must have 6, 7 or 12 columns: current count is ${parts.length}; pass options.columns`,
          );
        }
        layout = parts.length === 6 && first >= 0 && first < 86_400_000 && options.timeUnit === undefined
          ? "lean"
          : "headerless";
        for (const f of fields) {
          const given = options.columns?.[f];
          const i = typeof given === "number" ? given : base?.[f];
          if (typeof given === "string") {
            throw new RangeError(
              `Cannot ${action}: the file has no header, so columns.${f} must be an index: current value is ${given}`,
            );
          }
          if (i !== undefined) {
            index[f] = i;
            used[f] = `#${i}`;
          }
        }
        const missing = fields.filter((f) => f !== "turnover" && index[f] === undefined);
        if (missing.length > 0) {
          throw new RangeError(`Cannot ${action}: no column for ${missing.join(", ")}: pass options.columns`);
        }
      }
      const num = (f: KlineCsvField) => {
        const i = index[f];
        if (i === undefined) return NaN;
        const text = parts[i];
        const x = csvNumber(text);
        if (!Number.isFinite(x)) {
          throw new RangeError(
            `Cannot ${action}: row ${row}, ${f} (column ${used[f]}) is not a number: ${
              JSON.stringify(text ?? "")
            } (${opened.label} line ${line})`,
          );
        }
        if (text!.includes(",")) grouped++;
        return x;
      };
      rawTimes.push(parts[index.startTime!] ?? "");
      cols.open.push(num("open"));
      cols.high.push(num("high"));
      cols.low.push(num("low"));
      cols.close.push(num("close"));
      cols.volume.push(num("volume"));
      cols.turnover.push(num("turnover"));
      row++;
    }
  }
  if (grouped > 0) {
    notes.push(
      `${grouped} numbers were written with comma thousands separators (e.g. "1,092.814"): read as such.`,
    );
  }
  if (row < 2) {
    throw new RangeError(
      `Cannot ${action}: ${path} must have at least 2 candle rows: current count is ${row}`,
    );
  }

  // Times.
  let startTime = new Float64Array(row);
  let timeFormat: KlinesCsvReport["timeFormat"];
  let unit: TimeUnit | undefined, unitSource: "given" | "detected" | undefined;
  const offsets = new Set<string>();
  const numericTimes = rawTimes.every((s) => Number.isFinite(csvNumber(s)));
  if (layout === "lean") {
    timeFormat = "ms-since-midnight";
    const name = options.date ??
      [opened.innerName, path].map((n) =>
        n === undefined
          ? undefined
          : /(?:^|\D)((?:19|20)\d{6})(?:\D|$)/.exec(n.split(/[\/\\]/).pop() ?? "")?.[1]
      ).find((x) => x !== undefined);
    const m = name === undefined ? null : /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(name);
    if (m === null) {
      throw new RangeError(
        `Cannot ${action}: ${path} looks like Lean trade bars (times below one day), whose date comes from the date option or a YYYYMMDD in the file name: found ${
          name ?? "neither"
        }; pass options.date, or timeUnit if the times are epoch times`,
      );
    }
    const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    for (let i = 0; i < row; i++) startTime[i] = day + csvNumber(rawTimes[i]);
    notes.push(
      `QuantConnect Lean trade bars: times are ms since midnight of ${
        new Date(day).toISOString().slice(0, 10)
      } UTC.`,
    );
  } else if (numericTimes) {
    timeFormat = "epoch";
    const values = Float64Array.from(rawTimes, csvNumber);
    unitSource = options.timeUnit !== undefined ? "given" : "detected";
    unit = options.timeUnit ?? detectTimeUnit(values, action, `startTime (column ${used.startTime})`);
    startTime = values.map((v) => Math.round(v * MS_PER_UNIT[unit!]));
    if (unitSource === "detected") notes.push(`Epoch times detected in ${unit}, converted to ms.`);
  } else {
    timeFormat = "iso";
    for (let i = 0; i < row; i++) {
      const text = rawTimes[i]!;
      const ms = parseIsoTime(text, naiveTimesAreUtc);
      if (ms === undefined) {
        throw new RangeError(
          `Cannot ${action}: startTime[${i}] = ${text} has no UTC offset, so its time zone is unknown: add one or pass naiveTimesAreUtc: true`,
        );
      }
      if (Number.isNaN(ms)) {
        throw new RangeError(
          `Cannot ${action}: startTime[${i}] = ${text} is neither an epoch number nor an ISO 8601 time`,
        );
      }
      startTime[i] = ms;
      const off = /(Z|z|[+-]\d{2}(?::?\d{2})?)$/.exec(text.trim())?.[1];
      offsets.add(off === undefined ? "none (taken as UTC)" : off === "z" ? "Z" : off);
    }
    const nonUtc = [...offsets].filter((o) => !/^(Z|[+-]00(:?00)?)$/.test(o));
    if (nonUtc.length > 0) notes.push(`ISO times with UTC offset ${nonUtc.join(", ")} converted to UTC.`);
  }

  // Order: ascending, no repeated time.
  const order = Int32Array.from({ length: row }, (_, i) => i);
  let ascending = true;
  for (let i = 1; i < row; i++) if (!(startTime[i]! > startTime[i - 1]!)) ascending = false;
  if (!ascending) order.sort((a, b) => startTime[a]! - startTime[b]!);
  for (let k = 1; k < row; k++) {
    if (startTime[order[k]!] === startTime[order[k - 1]!]) {
      throw new RangeError(
        `Cannot ${action}: rows ${order[k - 1]} and ${order[k]} have the same time ${
          new Date(startTime[order[k]!]!).toISOString()
        }`,
      );
    }
  }
  if (!ascending) notes.push("Rows were not in ascending time order (e.g. newest first): sorted.");
  const pick = (a: Float64Array) => (ascending ? a : Float64Array.from(order, (i) => a[i]!));
  let columns: KlineColumns = {
    startTime: pick(startTime),
    open: pick(cols.open.toArray()),
    high: pick(cols.high.toArray()),
    low: pick(cols.low.toArray()),
    close: pick(cols.close.toArray()),
    volume: pick(cols.volume.toArray()),
    turnover: pick(cols.turnover.toArray()),
  };

  // Volume unit.
  const hasTurnover = index.turnover !== undefined;
  let unitOfVolume: "base" | "quote" = "base";
  let unitSourceOfVolume: KlinesCsvReport["volumeUnitSource"] = "assumed (no turnover column)";
  let turnoverSource: KlinesCsvReport["turnoverSource"] = "file";
  let turnoverCheck: KlinesCsvReport["turnoverCheck"];
  let inverse = false;
  if (hasTurnover) {
    const n = columns.close.length;
    const r1 = new Float64Array(n), r2 = new Float64Array(n), r3 = new Float64Array(n);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const v = columns.volume[i]!, q = columns.turnover[i]!;
      if (v > 0 && q > 0) {
        r1[k] = q / (columns.close[i]! * v);
        r2[k] = q / v;
        r3[k] = (q * columns.close[i]!) / v;
        k++;
      }
    }
    turnoverCheck = {
      medianTurnoverOverCloseVolume: median(r1.subarray(0, k)),
      medianTurnoverOverVolume: median(r2.subarray(0, k)),
    };
    const near = (x: number) => x > 0.8 && x < 1.25;
    inverse = !near(turnoverCheck.medianTurnoverOverCloseVolume) &&
      !near(turnoverCheck.medianTurnoverOverVolume) &&
      near(median(r3.subarray(0, k)));
    const detected = near(turnoverCheck.medianTurnoverOverCloseVolume)
      ? "base"
      : near(turnoverCheck.medianTurnoverOverVolume) || inverse
      ? "quote"
      : undefined;
    if (volumeUnit !== "auto") inverse = false;
    if (volumeUnit === "auto") {
      if (detected === undefined) {
        throw new RangeError(
          `Cannot ${action}: turnover (column ${used.turnover}) is neither close * volume nor volume: median ratios ${
            turnoverCheck.medianTurnoverOverCloseVolume.toPrecision(4)
          } and ${
            turnoverCheck.medianTurnoverOverVolume.toPrecision(4)
          }; pass volumeUnit or map columns.turnover`,
        );
      }
      unitOfVolume = detected;
      unitSourceOfVolume = "turnover check";
      notes.push(
        `Volume is in ${detected} units: median turnover / (close * volume) = ${
          turnoverCheck.medianTurnoverOverCloseVolume.toPrecision(4)
        }, median turnover / volume = ${turnoverCheck.medianTurnoverOverVolume.toPrecision(4)}.`,
      );
    } else {
      unitOfVolume = volumeUnit;
      unitSourceOfVolume = "given";
      if (detected !== undefined && detected !== volumeUnit) {
        notes.push(`volumeUnit "${volumeUnit}" was given, but the turnover check points to ${detected}.`);
      }
    }
  } else if (volumeUnit !== "auto") {
    unitOfVolume = volumeUnit;
    unitSourceOfVolume = "given";
  } else if (QUOTE_VOLUME_NAMES.test((used.volume ?? "").toLowerCase())) {
    unitOfVolume = "quote";
    unitSourceOfVolume = "column name";
    notes.push(`Volume column "${used.volume}" is named as quote currency: read as quote units.`);
  } else {
    notes.push(
      `No turnover column to check the volume against: volume (column ${used.volume}) assumed in base units; pass volumeUnit: "quote" if it is in quote currency.`,
    );
  }
  {
    const n = columns.close.length;
    const typical = (i: number) =>
      (columns.open[i]! + columns.high[i]! + columns.low[i]! + columns.close[i]!) / 4;
    if (unitOfVolume === "quote") {
      // Quote volume: it is the turnover; base volume = quote volume / typical price (or the file's base turnover).
      const quote = columns.volume;
      if (inverse) {
        // Inverse contracts (Bybit inverse: volume in USD contracts, turnover in the base coin).
        columns = {
          ...columns,
          volume: Float64Array.from(columns.turnover),
          turnover: Float64Array.from(quote),
        };
        notes.push(
          "Inverse layout: the file's turnover (base units) is the volume, its volume (quote units) the turnover.",
        );
      } else {
        columns = {
          ...columns,
          volume: quote.map((q, i) => q / typical(i)),
          turnover: Float64Array.from(quote),
        };
        notes.push("Base volume = quote volume / typical price (O+H+L+C)/4 per bar.");
      }
      turnoverSource = "from quote volume";
    } else if (!hasTurnover) {
      columns = {
        ...columns,
        turnover: Float64Array.from({ length: n }, (_, i) => columns.volume[i]! * typical(i)),
      };
      turnoverSource = "estimated";
      notes.push("Turnover estimated as base volume times typical price (O+H+L+C)/4 per bar.");
    }
  }

  // Bar length, interval, gaps, sanity.
  let barMs = Infinity;
  for (let i = 1; i < columns.startTime.length; i++) {
    barMs = Math.min(barMs, columns.startTime[i]! - columns.startTime[i - 1]!);
  }
  const interval = BYBIT_INTERVALS.find((iv) => intervalMs(iv) === barMs);
  const span = columns.startTime[columns.startTime.length - 1]! - columns.startTime[0]!;
  const missingBars = Math.round(span / barMs) + 1 - columns.startTime.length;
  if (missingBars > 0) notes.push(`${missingBars} bars missing in a grid of ${barMs / 60_000} minutes.`);
  const problem = interval !== undefined ? klineProblem(columns, interval) : undefined;
  if (problem !== undefined) throw new RangeError(`Cannot ${action}: ${problem}`);
  if (interval === undefined) {
    for (let i = 0; i < columns.close.length; i++) {
      const o = columns.open[i]!, h = columns.high[i]!, l = columns.low[i]!, c = columns.close[i]!;
      if (!(l > 0 && l <= o && l <= c && h >= o && h >= c && Number.isFinite(h))) {
        throw new RangeError(
          `Cannot ${action}: row ${i} violates 0 < low <= open, close <= high: ${o}, ${h}, ${l}, ${c}`,
        );
      }
    }
    notes.push(`Bar length ${barMs / 60_000} minutes is not a Bybit interval.`);
  }
  const usedNames = new Set(Object.values(index));
  return {
    candles: klineFrame(columns).withColumns(pl.lit(`file ${path.split(/[\/\\]/).pop()}`).alias("source")),
    columns,
    report: {
      path,
      rows: columns.startTime.length,
      layout: layout!,
      columns: used,
      ignoredColumns: header.filter((_, i) => !usedNames.has(i)),
      timeFormat,
      ...(unit !== undefined ? { timeUnit: unit, timeUnitSource: unitSource! } : {}),
      utcOffsets: [...offsets],
      reordered: !ascending,
      barMs,
      interval,
      missingBars,
      volumeUnit: unitOfVolume,
      volumeUnitSource: unitSourceOfVolume,
      turnoverSource,
      ...(turnoverCheck !== undefined ? { turnoverCheck } : {}),
      notes,
    },
  };
}
