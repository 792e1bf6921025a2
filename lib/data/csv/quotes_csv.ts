/**
 * Best bid/ask quotes from a CSV file: a generic `timestamp,bid,bidSize,ask,askSize` file (columns found by
 * header name, sizes optional) or QuantConnect Lean quote bars, as a {@linkcode QuoteSeries}.
 *
 * @module
 */
import { GrowableColumn } from "../_growable.ts";
import { csvNumber, openCsv } from "./_csv_rows.ts";
import { detectTimeUnit, MS_PER_UNIT, parseIsoTime, type TimeUnit } from "../_timestamps.ts";
import type { QuoteSeries } from "../quote_series.ts";

/** Options of {@linkcode readQuotesCsv}. */
export interface ReadQuotesCsvOptions {
  /**
   * `"auto"` (default): a header row means `"generic"`, 11 numeric columns without one mean `"lean"`.
   * `"generic"`: a header with `timestamp` (or `time`, `ts`, `datetime`), `bid`, `ask` and optionally
   * `bidSize`, `askSize` (also `bid_size`, `bid_qty`, ...). `"lean"`: QuantConnect Lean minute/second quote
   * bars, no header: ms since midnight, bid open, high, low, close, last bid size, ask open, high, low,
   * close, last ask size.
   */
  format?: "auto" | "generic" | "lean";
  /** Unit of numeric timestamps in a generic file. Default: detected (every value must read as 1990-2100). */
  timeUnit?: TimeUnit;
  /** Treat ISO times without a UTC offset as UTC. Default `false` (such a time is an error). */
  naiveTimesAreUtc?: boolean;
  /** Lean: the file's UTC date, `"YYYY-MM-DD"` or `"YYYYMMDD"`. Default: the `YYYYMMDD` that starts the file name. */
  date?: string;
  /** Lean: bar length, ms. The close quote of a bar starting at `t` is stamped `t + barMs`. Default 60,000. */
  barMs?: number;
  /** Instrument of the series. Default: `""` (unknown). */
  symbol?: string;
  /** The zip entry to read when the archive holds several data files. */
  entry?: string;
}

const HEADER_ALIASES: Record<"timestamp" | "bid" | "ask" | "bidSize" | "askSize", string[]> = {
  timestamp: ["timestamp", "time", "ts", "datetime", "date", "time_exchange", "exchange_time"],
  bid: ["bid", "bid_price", "bidprice", "best_bid", "bestbid", "bid_px", "bidpx", "bid1"],
  ask: ["ask", "ask_price", "askprice", "best_ask", "bestask", "ask_px", "askpx", "ask1"],
  bidSize: ["bidsize", "bid_size", "bid_qty", "bidqty", "bid_amount", "bid_volume", "bid_sz", "bid1_size"],
  askSize: ["asksize", "ask_size", "ask_qty", "askqty", "ask_amount", "ask_volume", "ask_sz", "ask1_size"],
};

/** The first `YYYYMMDD` (years 1990-2099) delimited by non-digits in a file name, or `undefined`. */
function dateInName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const base = name.split(/[\/\\]/).pop() ?? "";
  return /(?:^|\D)((?:19|20)\d{6})(?:\D|$)/.exec(base)?.[1];
}

function leanDate(
  path: string,
  innerName: string | undefined,
  option: string | undefined,
  action: string,
): number {
  const text = option ?? dateInName(innerName) ?? dateInName(path);
  if (text === undefined) {
    throw new RangeError(
      `Cannot ${action}: the date of Lean quote bars comes from the date option or a YYYYMMDD in the file name: ${path} has neither`,
    );
  }
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!Number.isFinite(t) || (m && new Date(t).getUTCDate() !== Number(m[3]))) {
    throw new RangeError(`Cannot ${action}: date must be YYYY-MM-DD or YYYYMMDD: current value is ${text}`);
  }
  return t;
}

/**
 * Reads best bid/ask quotes from a CSV file (plain, gzip or a zip with one data file, streamed through the
 * shared CSV layer: quoted fields, BOMs and UTF-16 read, binary or HTML files refused): a generic
 * `timestamp,bid,bidSize,ask,askSize` file (any column order, found by header name; sizes optional) or
 * QuantConnect Lean quote bars.
 *
 * Lean quote bars (QuantConnect Lean's crypto `*_quote.zip` files, e.g. `20221213_quote.zip`, whose
 * date is taken from `options.date`, else the first `YYYYMMDD` in the zip entry's name, else in the file
 * name): each row
 * is one bar; its close bid and close ask (columns 5 and 9) are the last quote of the bar, stamped at the
 * bar's end `date + ms + barMs`, with the last bid and ask sizes (columns 6 and 11). The open, high and
 * low of each side are not simultaneous quotes and are not used. Rows are kept as they are: a missing
 * minute means the quote did not change, and the time weighting of {@linkcode summarizeQuotedSpreads}
 * lets the previous quote hold.
 *
 * A price of 0 or an empty cell in a Lean row is an empty side (`NaN`); crossed or locked rows
 * (`ask <= bid`, both sides present) are dropped, as {@linkcode QuoteSeries} requires.
 *
 * @param path the file.
 * @param options format, time unit, Lean date and bar length.
 * @returns a {@linkcode QuoteSeries}, ascending time.
 * @throws {RangeError} for an unknown header, a row with a bad number or time (naming the row), an
 *   ambiguous time unit, a Lean file without a date, or decreasing times.
 *
 * @example
 * ```ts
 * import { readQuotesCsv } from "@lib/mod.ts";
 * import { summarizeQuotedSpreads } from "@lib/market/mod.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/20221213_btcusdt_minute_quote.csv`, "0,17000,17001,16999,17000,1.5,17000.5,17001.5,16999.5,17000.5,2\n60000,17000,17001,16999,17000.5,1,17001,17002,17000,17001.5,3\n");
 * const q = await readQuotesCsv(`${dir}/20221213_btcusdt_minute_quote.csv`);
 * assert.equal(q.timestamps[0], Date.UTC(2022, 11, 13, 0, 1)); // end of the first minute
 * assert.deepEqual([...q.askPrices], [17000.5, 17001.5]);
 * assert.equal(summarizeQuotedSpreads(q, { tickSize: 0.5 }).oneTickShare, 0.5);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readQuotesCsv(path: string, options: ReadQuotesCsvOptions = {}): Promise<QuoteSeries> {
  const action = "read quotes";
  const { format = "auto", naiveTimesAreUtc = false, barMs = 60_000 } = options;
  if (format !== "auto" && format !== "generic" && format !== "lean") {
    throw new RangeError(
      `Cannot ${action}: format must be "auto", "generic" or "lean": current value is ${format}`,
    );
  }
  if (!(barMs > 0 && Number.isFinite(barMs))) {
    throw new RangeError(`Cannot ${action}: barMs must be finite and > 0: current value is ${barMs}`);
  }
  if (options.timeUnit !== undefined && !(options.timeUnit in MS_PER_UNIT)) {
    throw new RangeError(
      `Cannot ${action}: timeUnit must be "s", "ms", "us" or "ns": current value is ${options.timeUnit}`,
    );
  }
  const cols = {
    t: new GrowableColumn(),
    bid: new GrowableColumn(),
    ask: new GrowableColumn(),
    bidSize: new GrowableColumn(),
    askSize: new GrowableColumn(),
  };
  const rawTimes: string[] = [];
  let mode: "generic" | "lean" | undefined = format === "auto" ? undefined : format;
  let index: { timestamp: number; bid: number; ask: number; bidSize: number; askSize: number } | undefined;
  let day = NaN;
  let row = 0;
  const opened = await openCsv(path, action, options.entry !== undefined ? { entry: options.entry } : {});
  for await (const batch of opened.batches()) {
    for (const { fields, line } of batch) {
      if (mode === undefined) {
        const numeric = fields.every((f) => Number.isFinite(csvNumber(f)));
        if (numeric && fields.length === 11) mode = "lean";
        else if (!numeric) mode = "generic";
        else {
          throw new RangeError(
            `Cannot ${action}: ${path} has no header and ${fields.length} columns: expected a header or the 11 columns of Lean quote bars`,
          );
        }
      }
      if (mode === "lean") {
        if (Number.isNaN(day)) day = leanDate(path, opened.innerName, options.date, action);
        if (fields.length !== 11) {
          throw new RangeError(
            `Cannot ${action}: ${opened.label} line ${line} (Lean row ${row}) must have 11 columns: current count is ${fields.length}`,
          );
        }
        const v = fields.map(csvNumber);
        const bad = v.findIndex((x) => !Number.isFinite(x));
        if (bad >= 0) {
          throw new RangeError(
            `Cannot ${action}: ${opened.label} line ${line} (Lean row ${row}), column ${bad} is not a number: ${
              fields[bad]
            }`,
          );
        }
        cols.t.push(day + v[0]! + barMs);
        cols.bid.push(v[4]! > 0 ? v[4]! : NaN);
        cols.bidSize.push(v[5]!);
        cols.ask.push(v[9]! > 0 ? v[9]! : NaN);
        cols.askSize.push(v[10]!);
        row++;
        continue;
      }
      if (index === undefined) {
        const names = fields.map((f) => f.trim().toLowerCase());
        const find = (key: keyof typeof HEADER_ALIASES) =>
          names.findIndex((n) => HEADER_ALIASES[key].includes(n.replace(/\s+/g, "_")));
        index = {
          timestamp: find("timestamp"),
          bid: find("bid"),
          ask: find("ask"),
          bidSize: find("bidSize"),
          askSize: find("askSize"),
        };
        if (index.timestamp < 0 || index.bid < 0 || index.ask < 0) {
          throw new RangeError(
            `Cannot ${action}: the header must name a timestamp, bid and ask column: current header is ${
              names.join(",")
            }`,
          );
        }
        continue;
      }
      // An empty cell is an empty side (a price) or an unknown size: NaN.
      const num = (col: number, name: string) => {
        if (col < 0 || fields[col] === undefined || fields[col]!.trim() === "") return NaN;
        const x = csvNumber(fields[col]);
        if (!Number.isFinite(x) || x < 0 || (x === 0 && (name === "bid" || name === "ask"))) {
          throw new RangeError(
            `Cannot ${action}: ${opened.label} line ${line} (row ${row}), ${name} must be a number ${
              name === "bid" || name === "ask" ? "> 0" : ">= 0"
            } or empty: current value is ${fields[col]}`,
          );
        }
        return x;
      };
      rawTimes.push(fields[index.timestamp]?.trim() ?? "");
      cols.bid.push(num(index.bid, "bid"));
      cols.ask.push(num(index.ask, "ask"));
      cols.bidSize.push(num(index.bidSize, "bidSize"));
      cols.askSize.push(num(index.askSize, "askSize"));
      row++;
    }
  }
  if (row === 0) throw new RangeError(`Cannot ${action}: ${path} has no quote rows`);
  let timestamp: Float64Array;
  if (mode === "lean") timestamp = cols.t.toArray();
  else {
    const numeric = rawTimes.every((s) => s !== "" && Number.isFinite(Number(s)));
    if (numeric) {
      const values = Float64Array.from(rawTimes, Number);
      const unit = options.timeUnit ?? detectTimeUnit(values, action, "timestamp");
      timestamp = values.map((v) => Math.round(v * MS_PER_UNIT[unit] * 1000) / 1000);
    } else {
      timestamp = new Float64Array(rawTimes.length);
      for (let i = 0; i < rawTimes.length; i++) {
        const ms = parseIsoTime(rawTimes[i]!, naiveTimesAreUtc);
        if (ms === undefined) {
          throw new RangeError(
            `Cannot ${action}: timestamp[${i}] = ${
              rawTimes[i]
            } has no UTC offset: add one or pass naiveTimesAreUtc: true`,
          );
        }
        if (Number.isNaN(ms)) {
          throw new RangeError(
            `Cannot ${action}: timestamp[${i}] = ${
              rawTimes[i]
            } is neither an epoch number nor an ISO 8601 time`,
          );
        }
        timestamp[i] = ms;
      }
    }
  }
  for (let i = 1; i < timestamp.length; i++) {
    if (timestamp[i]! < timestamp[i - 1]!) {
      throw new RangeError(
        `Cannot ${action}: timestamps must not decrease: row ${i} is earlier than row ${i - 1}`,
      );
    }
  }
  const keep: number[] = [];
  const bid = cols.bid.toArray(), ask = cols.ask.toArray();
  for (let i = 0; i < bid.length; i++) if (!(ask[i]! <= bid[i]!)) keep.push(i);
  const pick = (column: Float64Array) =>
    keep.length === column.length ? column : Float64Array.from(keep, (i) => column[i]!);
  return {
    timestamps: pick(timestamp),
    bidPrices: pick(bid),
    askPrices: pick(ask),
    bidSizes: pick(cols.bidSize.toArray()),
    askSizes: pick(cols.askSize.toArray()),
    symbol: options.symbol ?? "",
    source: "csv",
  };
}
