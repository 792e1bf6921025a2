/**
 * The one CSV-to-tape parser behind {@linkcode readTradesCsv} and the Bybit trade archive (private to
 * lib/data): CSV bytes and a column mapping in, a validated, sorted tape frame
 * ({@linkcode TRADE_TAPE_SCHEMA}) out. Everything is vectorized in polars (no per-row JavaScript objects),
 * so a 3-million-row day parses in about a second.
 *
 * Rules, each failing with the line number (1-based, counting the header line) and the raw value:
 * - every row has the header's number of fields;
 * - timestamp: a number in the stated unit (`s` may carry a fraction; `ms`, `us`, `ns` since the epoch),
 *   or, with `timeUnit: "auto"`, a unit read off the magnitude (seconds ~1e9, ms ~1e12, us ~1e15,
 *   ns ~1e18 for dates 1973-2286); a file whose smallest and largest timestamps fall in different
 *   magnitudes, or below 1e8, is ambiguous and rejected. The result must lie in 2000-01-01 .. 2100-01-01.
 *   It is floored to whole ms in the frame (schema `Datetime("ms", "UTC")`); the ORDER of the rows is
 *   decided on the full precision (us) first;
 * - price and size: finite and > 0 (size in base units; a quote-denominated size is divided by the price);
 * - side: the taker's side, `Buy`/`Sell` in any case, `b`/`s`, `1`/`+1`/`-1` (-> +1/-1); or, from an
 *   `isBuyerMaker` column (Binance), `true` -> -1 (the taker sold) and `false` -> +1;
 * - trade id: non-empty and unique (a duplicate is reported with its id and lines); without an id column
 *   each trade's id is its line number;
 * - with `expect`, every row's named column must hold the given value (the archive's `symbol`);
 * - rows are sorted by time; trades of one timestamp by id (numerically when every id is an integer),
 *   then by line; or, with `ties: "file"` (the Bybit archive), stably by time only: they keep the file's
 *   order (same-microsecond fills of one order are in execution order there, and a UUID such as Bybit's
 *   `trdMatchID` says nothing about it). A file written newest first (its first row later than its last)
 *   is then read in reverse, so that its ties too come out in execution order.
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";
import { Buffer } from "node:buffer";
import { TRADE_TAPE_COLUMNS, TRADE_TAPE_SCHEMA } from "../trade_tape.ts";

/** Units a trade timestamp can be in. */
export type TradeTimeUnit = "s" | "ms" | "us" | "ns";

/** Which CSV column holds each tape field. Give exactly one of `side` and `isBuyerMaker`. */
export interface TradeColumnMap {
  /** Trade time (unit: see `timeUnit`). */
  timestamp: string;
  /** Price, quote currency per base unit. */
  price: string;
  /** Size, base units (or quote units with `sizeUnit: "quote"`). */
  size: string;
  /** Taker side: `Buy`/`Sell` (any case), `b`/`s`, `1`/`+1`/`-1`. */
  side?: string;
  /** Binance's `is_buyer_maker`: `true` means the taker sold (side -1). */
  isBuyerMaker?: string;
  /** Trade id, unique. */
  tradeId?: string;
}

/** How to parse one CSV. */
export interface TradeParseSpec {
  columns: TradeColumnMap;
  /** Whether line 1 is a header; `"auto"`: it is when its first field is not a number. */
  hasHeader: boolean | "auto";
  /** Column names for a file without header, by number of fields (e.g. Binance's 6- and 7-column files). */
  names?: readonly (readonly string[])[];
  timeUnit: TradeTimeUnit | "auto";
  /** `"quote"`: the size column is in quote currency (inverse contracts of 1 USD) and is divided by the price. */
  sizeUnit: "base" | "quote";
  separator: string;
  /**
   * Order of trades with the same timestamp: `"file"` keeps the file's order (reversed for a newest-first
   * file), `"id"` sorts them by trade id (numerically when every id is an integer), then by line.
   * Default `"id"`.
   */
  ties?: "file" | "id";
  /** A column every row must hold one value in (e.g. `{ column: "symbol", value: "BTCUSDT" }`). */
  expect?: { column: string; value: string };
}

const MIN_MS = Date.UTC(2000, 0, 1);
const MAX_MS = Date.UTC(2100, 0, 1);
const US_PER: Record<TradeTimeUnit, number> = { s: 1e6, ms: 1e3, us: 1, ns: 1e-3 };

/** The unit of a timestamp of magnitude `x`, or `undefined` when no unit is plausible. */
export function timeUnitOf(x: number): TradeTimeUnit | undefined {
  if (!(x >= 1e8)) return undefined;
  if (x < 1e11) return "s";
  if (x < 1e14) return "ms";
  if (x < 1e17) return "us";
  if (x < 1e20) return "ns";
  return undefined;
}

/** An empty tape frame with the cache's schema. */
export function emptyTradeFrame(): pl.DataFrame {
  return pl.DataFrame({
    timestamp: pl.Series("timestamp", [], pl.Int64).cast(TRADE_TAPE_SCHEMA.timestamp),
    price: pl.Series("price", [], pl.Float64),
    size: pl.Series("size", [], pl.Float64),
    side: pl.Series("side", [], pl.Int8),
    tradeId: pl.Series("tradeId", [], pl.Utf8),
  });
}

/** Case- and underscore-insensitive column lookup (`quote_qty` finds `quoteQty`). */
function findColumn(columns: readonly string[], wanted: string): string | undefined {
  if (columns.includes(wanted)) return wanted;
  const norm = (s: string) => s.replace(/[_\s-]/g, "").toLowerCase();
  return columns.find((c) => norm(c) === norm(wanted));
}

function firstLine(text: Uint8Array): string {
  const limit = Math.min(text.length, 4096);
  let end = 0;
  while (end < limit && text[end] !== 10) end++;
  return new TextDecoder().decode(text.subarray(0, end)).replace(/\r$/, "").replace(/^\uFEFF/, "");
}

/** Splits a header-like line on the separator (no quoting: headers do not quote). */
export function splitHeader(line: string, separator = ","): string[] {
  return line.split(separator).map((f) => f.trim().replace(/^"(.*)"$/, "$1"));
}

/** Finds the first line whose field count differs from line 1's (used only to explain a polars error). */
function raggedLine(bytes: Uint8Array, separator: string): string | undefined {
  const text = new TextDecoder().decode(bytes);
  const sep = separator.charCodeAt(0);
  let line = 1, fields = 1, expected = -1, start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 10;
    if (c === sep) fields++;
    else if (c === 10) {
      const empty = i === start || (i === start + 1 && text.charCodeAt(start) === 13);
      if (!(empty && i >= text.length - 1)) {
        if (expected < 0) expected = fields;
        else if (fields !== expected) {
          return `line ${line} has ${fields} fields, line 1 has ${expected}: ${
            JSON.stringify(text.slice(start, Math.min(i, start + 120)))
          }`;
        }
      }
      line++;
      fields = 1;
      start = i + 1;
    }
  }
  return undefined;
}

/**
 * Parses CSV bytes into a validated, sorted tape frame. `label` names the source in messages
 * (a path or a URL).
 */
export function parseTradeCsv(
  action: string,
  label: string,
  bytes: Uint8Array,
  spec: TradeParseSpec,
): pl.DataFrame {
  const fail = (message: string): never => {
    throw new RangeError(`Cannot ${action}: ${label}: ${message}`);
  };
  const head = firstLine(bytes);
  if (head.trim() === "") {
    if (bytes.length === 0 || new TextDecoder().decode(bytes).trim() === "") return emptyTradeFrame();
    fail("line 1 is empty: expected a header or a trade");
  }
  const headFields = splitHeader(head, spec.separator);
  const hasHeader = spec.hasHeader === "auto"
    ? !Number.isFinite(Number(headFields[0])) || headFields[0] === ""
    : spec.hasHeader;
  let names: string[];
  if (hasHeader) {
    names = headFields;
  } else {
    const byWidth = spec.names?.find((n) => n.length === headFields.length);
    if (!byWidth) {
      const widths = spec.names?.map((n) => n.length).join(" or ");
      throw new TypeError(
        `Cannot ${action}: ${label}: line 1 is not a header (${JSON.stringify(head.slice(0, 80))}) and ` +
          (widths
            ? `has ${headFields.length} fields, expected ${widths}`
            : `no column names were given: pass options.names`),
      );
    }
    names = [...byWidth];
  }
  if (new Set(names).size !== names.length) fail(`the header repeats a column name: ${names.join(",")}`);

  let raw: pl.DataFrame;
  try {
    raw = pl.readCSV(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      hasHeader,
      inferSchemaLength: 0,
      sep: spec.separator,
      quoteChar: '"',
      truncateRaggedLines: false,
    });
  } catch (error) {
    const where = raggedLine(bytes, spec.separator);
    fail(where ?? `not a readable CSV: ${String((error as Error)?.message ?? error).split("\n")[0]}`);
    throw error; // unreachable
  }
  if (!hasHeader) raw = raw.rename(Object.fromEntries(raw.columns.map((c, i) => [c, names[i]!])));
  if (raw.height === 0) return emptyTradeFrame();

  // Resolve the mapping against the file's columns.
  const { columns } = spec;
  if ((columns.side === undefined) === (columns.isBuyerMaker === undefined)) {
    throw new TypeError(
      `Cannot ${action}: columns must name exactly one of side and isBuyerMaker: current mapping is ${
        JSON.stringify(columns)
      }`,
    );
  }
  const resolved: Partial<Record<keyof TradeColumnMap, string>> = {};
  for (const [field, name] of Object.entries(columns) as [keyof TradeColumnMap, string | undefined][]) {
    if (name === undefined) continue;
    const found = findColumn(raw.columns, name);
    if (found === undefined) {
      throw new TypeError(
        `Cannot ${action}: ${label}: columns.${field} must name a column of the file: current value is ${
          JSON.stringify(name)
        }, the columns are ${raw.columns.join(",")}`,
      );
    }
    resolved[field] = found;
  }
  const lineOffset = hasHeader ? 2 : 1;
  const str = (name: string) => pl.col(name).str.strip();
  const num = (name: string) => str(name).cast(pl.Float64, false);

  let df = raw.withRowIndex("line", lineOffset).select(
    pl.col("line").cast(pl.Int64),
    str(resolved.timestamp!).alias("tsRaw"),
    num(resolved.timestamp!).alias("tsNum"),
    str(resolved.price!).alias("priceRaw"),
    num(resolved.price!).alias("price"),
    str(resolved.size!).alias("sizeRaw"),
    num(resolved.size!).alias("sizeNum"),
    (resolved.side !== undefined ? str(resolved.side) : str(resolved.isBuyerMaker!)).alias("sideRaw"),
    resolved.tradeId !== undefined
      ? str(resolved.tradeId).alias("tradeId")
      : pl.col("line").cast(pl.Utf8).alias("tradeId"),
  );

  if (spec.expect !== undefined) {
    const { column, value } = spec.expect;
    const name = findColumn(raw.columns, column);
    if (name === undefined) {
      fail(`the file has no ${column} column: the columns are ${raw.columns.join(",")}`);
    }
    const other = raw.withRowIndex("line", lineOffset).filter(pl.col(name!).str.strip().neq(pl.lit(value)))
      .select(pl.col("line").cast(pl.Int64), pl.col(name!));
    if (other.height > 0) {
      const [line, found] = other.row(0) as [number, string];
      fail(
        `line ${line}: ${column} must be ${value}: current value is ${JSON.stringify(found)} ` +
          `(${other.height} row${other.height === 1 ? "" : "s"} of another ${column})`,
      );
    }
  }

  // Time unit.
  let unit: TradeTimeUnit;
  if (spec.timeUnit === "auto") {
    const stats = df.select(
      pl.col("tsNum").filter(pl.col("tsNum").isFinite()).min().alias("lo"),
      pl.col("tsNum").filter(pl.col("tsNum").isFinite()).max().alias("hi"),
    ).row(0) as (number | null)[];
    const [lo, hi] = stats;
    if (lo === null || hi === null || lo === undefined || hi === undefined) {
      return badRows(df, "s", fail);
    }
    const uLo = timeUnitOf(lo), uHi = timeUnitOf(hi);
    if (uLo === undefined || uLo !== uHi) {
      fail(
        `cannot tell the timestamp unit from its magnitude: values run from ${lo} to ${hi} ` +
          `(seconds ~1e9, ms ~1e12, us ~1e15, ns ~1e18): pass options.timeUnit`,
      );
    }
    unit = uLo!;
  } else {
    unit = spec.timeUnit;
  }
  // us since the epoch, rounded (s with 4-6 decimals and integer ms/us are exact; ns lose < 1 us in f64).
  const usExpr = unit === "ns"
    ? pl.col("tsNum").mul(1e-3).floor()
    : pl.col("tsNum").mul(US_PER[unit]).round(0);
  const sideLower = pl.col("sideRaw").str.toLowerCase();
  const sideExpr = resolved.side !== undefined
    ? pl.when(sideLower.isIn(["buy", "b", "1", "+1"])).then(pl.lit(1))
      .when(sideLower.isIn(["sell", "s", "-1"])).then(pl.lit(-1))
      .otherwise(pl.lit(null))
    : pl.when(sideLower.isIn(["true", "1"])).then(pl.lit(-1))
      .when(sideLower.isIn(["false", "0"])).then(pl.lit(1))
      .otherwise(pl.lit(null));
  df = df.withColumns(
    usExpr.alias("us"),
    (spec.sizeUnit === "quote" ? pl.col("sizeNum").div(pl.col("price")) : pl.col("sizeNum")).alias("size"),
    sideExpr.cast(pl.Int8).alias("side"),
  );
  const bad = badMask();
  const nBad = df.filter(bad).height;
  if (nBad > 0) return badRows(df, unit, fail);

  // Duplicate ids.
  const dups = df.filter(pl.col("tradeId").isDuplicated());
  if (dups.height > 0) {
    const first = dups.sort(["line"]).row(0) as unknown[];
    const id = String(first[df.columns.indexOf("tradeId")]);
    const lines = (dups.filter(pl.col("tradeId").eq(pl.lit(id))).getColumn("line").toArray() as number[])
      .map(Number).sort((a, b) => a - b);
    const ids = new Set(dups.getColumn("tradeId").toArray() as string[]);
    fail(
      `trade ids must be unique: id ${JSON.stringify(id)} appears on lines ${lines.join(", ")}` +
        (ids.size > 1 ? ` (${ids.size} duplicated ids in all)` : ""),
    );
  }

  // Order: time (full precision), then the file's order (reversed for a newest-first file), or the id.
  if (spec.ties === "file") {
    const [firstUs, lastUs] = df.select(pl.col("us").first().alias("a"), pl.col("us").last().alias("b"))
      .row(0).map(Number);
    const tie = firstUs! > lastUs! ? pl.col("line").mul(-1) : pl.col("line");
    df = df.withColumns(tie.alias("tie")).sort(["us", "tie"]);
  } else {
    const numericIds = resolved.tradeId !== undefined &&
      df.select(pl.col("tradeId").cast(pl.Int64, false).isNull().sum().alias("n")).row(0)[0] === 0;
    df = df.withColumns(
      (numericIds ? pl.col("tradeId").cast(pl.Int64) : pl.col("tradeId")).alias("tie"),
    ).sort(["us", "tie", "line"]);
  }
  return df.select(
    pl.col("us").div(1000).floor().cast(pl.Int64).cast(TRADE_TAPE_SCHEMA.timestamp).alias("timestamp"),
    pl.col("price"),
    pl.col("size"),
    pl.col("side"),
    pl.col("tradeId"),
  ).select(...TRADE_TAPE_COLUMNS);
}

/** A row that breaks a rule (computed on the columns built in {@linkcode parseTradeCsv}). */
function badMask(): pl.Expr {
  const badNum = (c: string) => pl.col(c).isNull().or(pl.col(c).isFinite().not()).or(pl.col(c).ltEq(0));
  return pl.col("us").isNull()
    .or(pl.col("us").isFinite().not())
    .or(pl.col("us").lt(MIN_MS * 1000))
    .or(pl.col("us").gtEq(MAX_MS * 1000))
    .or(badNum("price"))
    .or(badNum("size"))
    .or(pl.col("side").isNull())
    .or(pl.col("tradeId").isNull())
    .or(pl.col("tradeId").eq(pl.lit("")));
}

/** Throws a RangeError describing the first bad row and listing the lines of up to 10 of them. */
function badRows(
  df: pl.DataFrame,
  unit: TradeTimeUnit,
  fail: (message: string) => never,
): never {
  if (!df.columns.includes("us")) {
    df = df.withColumns(
      pl.col("tsNum").alias("us"),
      pl.col("sizeNum").alias("size"),
      pl.lit(null).cast(pl.Int8).alias("side"),
    );
  }
  const bad = df.filter(badMask()).sort(["line"]);
  const n = bad.height;
  const rows = bad.head(10).toRecords() as Record<string, unknown>[];
  const r = rows[0];
  if (r === undefined) fail(`no timestamp parses as a number`);
  const us = r!.us as number | null;
  const reason = us === null || !Number.isFinite(us)
    ? `timestamp must be a number: current value is ${JSON.stringify(r!.tsRaw)}`
    : us < MIN_MS * 1000 || us >= MAX_MS * 1000
    ? `timestamp must fall in 2000-01-01 .. 2100-01-01 read in unit ${unit}: current value is ${
      JSON.stringify(r!.tsRaw)
    }`
    : !(Number(r!.price) > 0) || !Number.isFinite(Number(r!.price))
    ? `price must be a finite number > 0: current value is ${JSON.stringify(r!.priceRaw)}`
    : !(Number(r!.size) > 0) || !Number.isFinite(Number(r!.size))
    ? `size must be a finite number > 0: current value is ${JSON.stringify(r!.sizeRaw)}`
    : r!.side === null
    ? `side must be Buy/Sell, b/s, +1/-1 (or is_buyer_maker true/false): current value is ${
      JSON.stringify(r!.sideRaw)
    }`
    : `trade id must not be empty: current value is ${JSON.stringify(r!.tradeId)}`;
  const lines = rows.map((x) => Number(x.line));
  fail(
    `line ${lines[0]}: ${reason} (${n} bad row${n === 1 ? "" : "s"}${
      n > 1 ? `, at lines ${lines.join(", ")}${n > lines.length ? ", ..." : ""}` : ""
    })`,
  );
  throw new Error("unreachable");
}
