/**
 * `readTradesCsv`: any exchange's trade tape from a CSV file into the tape frame
 * ({@linkcode TRADE_TAPE_SCHEMA}), with units and sign conventions checked.
 *
 * Formats known by name (`format`), each a column mapping you can override with `columns`:
 *
 * | format | header | columns used | side |
 * | --- | --- | --- | --- |
 * | `"binance-trades"` | optional | `id,price,qty,quote_qty,time,is_buyer_maker` (+ `is_best_match` in spot files) | `is_buyer_maker` true -> the taker SOLD (-1) |
 * | `"binance-aggtrades"` | optional | `agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker` (+ `is_best_match`) | as above |
 * | `"bybit"` | required | `timestamp` (s with fraction), `side` (Buy/Sell), `size`, `price`, `trdMatchID` (extra columns allowed) | Buy +1, Sell -1 |
 * | `"generic"` (default) | optional | `timestamp,price,size,side` (+ `tradeId`/`trade_id`/`id` if present) | Buy/Sell, buy/sell, b/s, +1/-1 |
 *
 * Conventions of the result: `timestamp` is UTC, floored to ms; `price` quote currency per base unit;
 * `size` base units, > 0 (BTC for BTCUSDT; `sizeUnit: "quote"` divides a quote-denominated size by the
 * price); `side` the TAKER's side, +1 buyer-initiated, -1 seller-initiated; rows sorted by time, then id.
 *
 * @module
 */
import type pl from "npm:nodejs-polars@0.25.2";
import { parse as parseCsvSync } from "npm:csv-parse@7.0.3/sync";
import { parseTradeCsv, type TradeColumnMap, type TradeTimeUnit } from "../bybit/_trade_parse.ts";
import { concatBytes, openCsvBytes } from "./_csv_rows.ts";

export type { TradeColumnMap, TradeTimeUnit } from "../bybit/_trade_parse.ts";

/** Trade CSV layouts {@linkcode readTradesCsv} knows by name. */
export type TradeCsvFormat = "generic" | "binance-trades" | "binance-aggtrades" | "bybit";

/** Options of {@linkcode readTradesCsv}. */
export interface ReadTradesCsvOptions {
  /** The file's layout. Default `"generic"`. */
  format?: TradeCsvFormat;
  /**
   * Column names for each tape field, overriding the format's (e.g. `{ timestamp: "trade_time_ms", size: "qty",
   * side: "taker_side", tradeId: "trade_id" }`). Matching ignores case and underscores. Naming `side` drops the
   * format's `isBuyerMaker` and the other way round.
   */
  columns?: Partial<TradeColumnMap>;
  /** Whether line 1 is a header. Default `"auto"`: it is when its first field is not a number. */
  hasHeader?: boolean | "auto";
  /** Column names of a file without header (default: the format's). */
  names?: readonly string[];
  /**
   * Unit of the timestamp column. Default `"auto"`: read off the magnitude (s ~1e9, ms ~1e12, us ~1e15,
   * ns ~1e18); a file that mixes magnitudes, or has values below 1e8, is rejected as ambiguous.
   */
  timeUnit?: TradeTimeUnit | "auto";
  /** Unit of the size column. Default `"base"`; `"quote"` divides it by the price (inverse contracts). */
  sizeUnit?: "base" | "quote";
  /** Field separator, one character. Default `","`. */
  separator?: string;
  /** The file to read from a zip that holds several (its name, or its base name). Default: the zip's only data file. */
  entry?: string;
}

const BINANCE_TRADES = ["id", "price", "qty", "quote_qty", "time", "is_buyer_maker"];
const BINANCE_AGG = [
  "agg_trade_id",
  "price",
  "quantity",
  "first_trade_id",
  "last_trade_id",
  "transact_time",
  "is_buyer_maker",
];

const FORMATS: Record<
  TradeCsvFormat,
  { columns: TradeColumnMap; names?: readonly (readonly string[])[]; header?: boolean }
> = {
  generic: { columns: { timestamp: "timestamp", price: "price", size: "size", side: "side" } },
  "binance-trades": {
    columns: {
      timestamp: "time",
      price: "price",
      size: "qty",
      isBuyerMaker: "is_buyer_maker",
      tradeId: "id",
    },
    names: [BINANCE_TRADES, [...BINANCE_TRADES, "is_best_match"]],
  },
  "binance-aggtrades": {
    columns: {
      timestamp: "transact_time",
      price: "price",
      size: "quantity",
      isBuyerMaker: "is_buyer_maker",
      tradeId: "agg_trade_id",
    },
    names: [BINANCE_AGG, [...BINANCE_AGG, "is_best_match"]],
  },
  bybit: {
    columns: { timestamp: "timestamp", price: "price", size: "size", side: "side", tradeId: "trdMatchID" },
    header: true,
  },
};

/**
 * Reads a trade tape from a CSV file into the tape frame: `timestamp` (Datetime ms UTC), `price`
 * (quote per base), `size` (base units, > 0), `side` (Int8, the taker's side: +1 buy, -1 sell), `tradeId`
 * (Utf8), sorted by time then trade id. Parsing is vectorized (polars); a day of 3 M trades takes about a
 * second.
 *
 * File: plain, gzip, or a zip with one data file (or `options.entry`), checked by the shared CSV layer
 * (`./README.md`) before parsing: only a regular file (a FIFO or directory is refused before it is
 * opened); UTF-8 with or without byte-order mark, or UTF-16 with one; NUL bytes, an HTML/XML page or a
 * JSON body refused; CR, LF or CRLF line ends; a header must have every mapped column (a `foo,bar` header is
 * an error listing what is missing, not an empty tape). A header-only or empty file gives an empty tape.
 *
 * Validation (every failure names the file, the line number counting the header, and the raw value):
 * ragged rows, timestamps that do not parse or fall outside 2000-2100 in their unit, an ambiguous time
 * unit, prices or sizes that are not finite and > 0, unknown side values, empty or duplicate trade ids.
 *
 * Sign conventions: Binance's `is_buyer_maker = true` means the buyer's order was resting, so the TAKER
 * sold: side -1. Bybit's `side` and a generic `side` column are already the taker's side.
 *
 * @param path the CSV file.
 * @param options format, column mapping, header, time unit, size unit, separator.
 * @returns a polars DataFrame with {@linkcode TRADE_TAPE_SCHEMA}; turn it into typed arrays with
 *   {@linkcode tradeTapeFromFrame} (`source: "csv"`).
 * @throws {TypeError} for a path that is not a regular file, a mapped column the header lacks, or a
 *   header-less file with an unexpected width.
 * @throws {RangeError} for a file that is not CSV text (NUL bytes, HTML, JSON), a zip with several data
 *   files, a bad row, an ambiguous time unit or a duplicate trade id.
 *
 * @example
 * ```ts
 * import { readTradesCsv, tradeTapeFromFrame } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * // Binance USD-M futures trades, no header; is_buyer_maker=true means the taker sold.
 * await Deno.writeTextFile(path, "11,100.5,0.2,20.1,1717200000250,true\n10,100.0,1.5,150,1717200000000,false\n");
 * const df = await readTradesCsv(path, { format: "binance-trades" });
 * const tape = tradeTapeFromFrame(df, { symbol: "BTCUSDT", source: "csv" });
 * assert.deepEqual([...tape.signs], [1, -1]); // sorted by time: id 10 first
 * assert.deepEqual([...tape.timestamps], [1717200000000, 1717200000250]);
 * await Deno.writeTextFile(path, "timestamp,price,size,side\n1717200000.5,100,-1,Buy\n");
 * await assert.rejects(readTradesCsv(path), /line 2: size must be a finite number > 0: current value is "-1"/);
 * await Deno.remove(path);
 * ```
 */
export async function readTradesCsv(path: string, options: ReadTradesCsvOptions = {}): Promise<pl.DataFrame> {
  const action = "read trades CSV";
  const {
    format = "generic",
    columns = {},
    hasHeader,
    names,
    timeUnit = "auto",
    sizeUnit = "base",
    separator = ",",
  } = options;
  const preset = FORMATS[format];
  if (preset === undefined) {
    throw new RangeError(
      `Cannot ${action}: format must be one of ${Object.keys(FORMATS).join(", ")}: current value is ${
        JSON.stringify(format)
      }`,
    );
  }
  if (!["auto", "s", "ms", "us", "ns"].includes(timeUnit)) {
    throw new RangeError(
      `Cannot ${action}: timeUnit must be "auto", "s", "ms", "us" or "ns": current value is ${
        JSON.stringify(timeUnit)
      }`,
    );
  }
  if (sizeUnit !== "base" && sizeUnit !== "quote") {
    throw new RangeError(
      `Cannot ${action}: sizeUnit must be "base" or "quote": current value is ${JSON.stringify(sizeUnit)}`,
    );
  }
  if (typeof separator !== "string" || separator.length !== 1 || separator === '"' || separator === "\n") {
    throw new RangeError(
      `Cannot ${action}: separator must be one character other than a quote or newline: current value is ${
        JSON.stringify(separator)
      }`,
    );
  }
  const mapping: TradeColumnMap = { ...preset.columns };
  if (columns.side !== undefined) delete mapping.isBuyerMaker;
  if (columns.isBuyerMaker !== undefined) delete mapping.side;
  for (const [k, v] of Object.entries(columns)) {
    if (v === undefined) continue;
    if (typeof v !== "string" || v === "") {
      throw new TypeError(
        `Cannot ${action}: columns.${k} must be a non-empty column name: current value is ${
          JSON.stringify(v)
        }`,
      );
    }
    (mapping as unknown as Record<string, string>)[k] = v;
  }
  const opened = await openCsvBytes(
    path,
    action,
    options.entry !== undefined ? { entry: options.entry } : {},
  );
  const bytes = crToLf(await collect(opened.chunks));
  const header = firstRecord(bytes, separator, opened.label, action);
  const headerMode = hasHeader ?? preset.header ?? "auto";
  const isHeader = header !== undefined &&
    (headerMode === "auto" ? !(header[0] !== "" && Number.isFinite(Number(header[0]))) : headerMode);
  if (header !== undefined && isHeader) {
    const norm = (f: string) => f.trim().replace(/[_\s-]/g, "").toLowerCase();
    const fields = header.map(norm);
    if (format === "generic" && mapping.tradeId === undefined) {
      // Use an id column when the file has one.
      const found = ["tradeid", "id"].find((c) => fields.includes(c));
      if (found) mapping.tradeId = found === "id" ? "id" : "tradeId";
    }
    const missing = Object.entries(mapping).filter(([, name]) =>
      name !== undefined && !fields.includes(norm(name))
    );
    if (missing.length > 0) {
      throw new TypeError(
        `Cannot ${action}: ${opened.label}: the header must have the columns ${
          Object.values(mapping).join(", ")
        } (format "${format}"): missing ${
          missing.map(([k, n]) => `columns.${k} = ${JSON.stringify(n)}`).join(", ")
        }; current header is ${
          JSON.stringify(header.join(separator).slice(0, 200))
        }; map the file's columns with options.columns`,
      );
    }
  }
  return parseTradeCsv(action, opened.label, bytes, {
    columns: mapping,
    hasHeader: headerMode,
    ...(names ? { names: [names] } : preset.names ? { names: preset.names } : {}),
    timeUnit,
    sizeUnit,
    separator,
  });
}

/**
 * Replaces each lone CR (a line end of classic Mac OS files, or of a line in a mixed file) with LF, in place:
 * polars splits lines on LF only, and would read a CR-only file as one line.
 */
function crToLf(bytes: Uint8Array): Uint8Array {
  for (let i = bytes.indexOf(13); i >= 0; i = bytes.indexOf(13, i + 1)) {
    if (bytes[i + 1] !== 10) bytes[i] = 10;
  }
  return bytes;
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const c of chunks) {
    parts.push(c);
    total += c.length;
  }
  // Always a copy: crToLf writes into it, and a single chunk may be the caller's own bytes.
  return parts.length === 1 ? parts[0]!.slice() : concatBytes(parts, total);
}

/** The first record of the CSV bytes (quoted fields unquoted), or `undefined` for a file of blank lines. */
function firstRecord(
  bytes: Uint8Array,
  separator: string,
  label: string,
  action: string,
): string[] | undefined {
  // Up to 64 KiB is enough for any header; a record cut at the limit is still parsed up to it.
  const head = bytes.subarray(0, Math.min(bytes.length, 65_536));
  try {
    const rows = parseCsvSync(head, {
      delimiter: separator,
      to_line: 1,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      relax_quotes: true,
      record_delimiter: ["\r\n", "\n", "\r"],
    }) as string[][];
    return rows[0];
  } catch (error) {
    throw new RangeError(
      `Cannot ${action}: ${label}: line 1 is not valid CSV: ${(error as Error)?.message ?? error}`,
    );
  }
}
