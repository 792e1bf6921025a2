/**
 * `readFillsCsv`: a user's own executions (child fills with their parent order id) from a CSV file, as the
 * columns that transaction cost analysis groups into parent orders (`ChildFills` of lib/tca, the input of
 * `parentOrdersFromFills`).
 *
 * @module
 */
import { GrowableColumn } from "../_growable.ts";
import { csvNumber, openCsv } from "./_csv_rows.ts";
import { detectTimeUnit, MS_PER_UNIT, parseIsoTime, type TimeUnit } from "../_timestamps.ts";

/** Child fills as columns, one entry per fill, in file order (the `ChildFills` shape of lib/tca). */
export interface FillColumns {
  /** Parent order of each fill. */
  orderId: string[];
  /** Fill time, UTC ms. */
  timestamp: Float64Array;
  /** Fill price, quote currency per base unit, > 0. */
  price: Float64Array;
  /** Fill size, base units, > 0. */
  size: Float64Array;
  /** Side of the fill (and its parent): +1 buy, -1 sell. */
  side: Int8Array;
}

/** The fields of a fills file, each a column name of the header. */
export interface FillColumnMap {
  orderId: string;
  timestamp: string;
  price: string;
  size: string;
  side: string;
}

/** Options of {@linkcode readFillsCsv}. */
export interface ReadFillsCsvOptions {
  /**
   * Column names for the fields, overriding the defaults (matching ignores case, spaces and underscores).
   * Default: the first header name among `order_id`/`orderId`/`parent_id`/`parent_order_id`/`client_order_id`;
   * `timestamp`/`time`/`ts`/`datetime`/`exec_time`/`fill_time`; `price`/`exec_price`/`fill_price`/`px`;
   * `size`/`qty`/`quantity`/`exec_qty`/`fill_qty`/`amount`; `side`.
   */
  columns?: Partial<FillColumnMap>;
  /** Unit of numeric timestamps. Default: read off the magnitude (s, ms, us or ns, every value 1990-2100). */
  timeUnit?: TimeUnit;
  /** Treat ISO times without a UTC offset as UTC. Default `false` (such a time is an error naming its line). */
  naiveTimesAreUtc?: boolean;
  /** Field separator, one character. Default `","`. */
  separator?: string;
  /** The file to read from a zip that holds several. */
  entry?: string;
}

const ALIASES: Record<keyof FillColumnMap, string[]> = {
  orderId: ["orderid", "parentid", "parentorderid", "clientorderid", "order", "parent"],
  timestamp: ["timestamp", "time", "ts", "datetime", "exectime", "filltime", "transacttime"],
  price: ["price", "execprice", "fillprice", "px", "lastpx"],
  size: ["size", "qty", "quantity", "execqty", "fillqty", "amount", "lastqty"],
  side: ["side"],
};

const SIDES: Record<string, 1 | -1> = {
  buy: 1,
  b: 1,
  "+1": 1,
  "1": 1,
  sell: -1,
  s: -1,
  "-1": -1,
};

const norm = (name: string) => name.trim().toLowerCase().replace(/[\s_-]/g, "");

/**
 * Reads child fills (one row per execution: parent order id, time, price, size, side) from a CSV file with
 * a header, through the shared CSV layer (plain, gzip or zip; UTF-8 or UTF-16 with a byte-order mark; see
 * `./README.md`). This is the input of post-trade TCA on one's own executions (as in tcapy's trade files):
 * `parentOrdersFromFills(readFillsCsv(path), tape)`.
 *
 * Conventions: `timestamp` epoch numbers (unit detected or given) or ISO 8601 times with a UTC offset,
 * returned as UTC ms; `price` quote per base unit, > 0; `size` base units, > 0 (the side says the direction);
 * `side` buy/sell, b/s or +1/-1 (any case), returned +1 or -1. Rows keep the file's order.
 *
 * @param path the CSV file.
 * @param options column names, time unit, separator, zip entry.
 * @returns the fills as columns.
 * @throws {TypeError} for a path that is not a regular file, or a header without a needed column (listing
 *   what is missing and the header).
 * @throws {RangeError} naming the file and line: an empty order id, a time that is not a number or an ISO
 *   time, a price or size that is not a finite number > 0, an unknown side; also a file with no fill rows.
 *
 * @example
 * ```ts
 * import { readFillsCsv } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "order_id,time,price,qty,side\nA,1723161600000,100.5,2,Buy\nB,1723161601000,100.4,1,-1\n");
 * const fills = await readFillsCsv(path);
 * assert.deepEqual([...fills.side], [1, -1]);
 * assert.deepEqual(fills.orderId, ["A", "B"]);
 * await Deno.writeTextFile(path, "order_id,time,price,qty,side\nA,1723161600000,100.5,0,Buy\n");
 * await assert.rejects(readFillsCsv(path), /line 2: size must be a finite number > 0: current value is "0"/);
 * await Deno.remove(path);
 * ```
 */
export async function readFillsCsv(path: string, options: ReadFillsCsvOptions = {}): Promise<FillColumns> {
  const action = "read fills CSV";
  const { columns = {}, timeUnit, naiveTimesAreUtc = false, separator = ",", entry } = options;
  if (timeUnit !== undefined && !(timeUnit in MS_PER_UNIT)) {
    throw new RangeError(
      `Cannot ${action}: timeUnit must be "s", "ms", "us" or "ns": current value is ${
        JSON.stringify(timeUnit)
      }`,
    );
  }
  const opened = await openCsv(path, action, { separator, ...(entry !== undefined ? { entry } : {}) });
  const orderId: string[] = [];
  const rawTimes: string[] = [];
  const lines: number[] = [];
  const price = new GrowableColumn(), size = new GrowableColumn();
  const side: number[] = [];
  let index: Record<keyof FillColumnMap, number> | undefined;
  for await (const batch of opened.batches()) {
    for (const { fields, line } of batch) {
      if (index === undefined) {
        const names = fields.map(norm);
        const found = {} as Record<keyof FillColumnMap, number>;
        const missing: string[] = [];
        for (const key of Object.keys(ALIASES) as (keyof FillColumnMap)[]) {
          const given = columns[key];
          const at = given !== undefined
            ? names.indexOf(norm(given))
            : names.findIndex((n) => ALIASES[key].includes(n));
          if (at < 0) missing.push(given !== undefined ? `columns.${key} = ${JSON.stringify(given)}` : key);
          found[key] = at;
        }
        if (missing.length > 0) {
          throw new TypeError(
            `Cannot ${action}: ${opened.label}: the header must name an order id, time, price, size and side column: missing ${
              missing.join(", ")
            }; current header is ${
              JSON.stringify(fields.join(separator).slice(0, 200))
            }; map the file's columns with options.columns`,
          );
        }
        index = found;
        continue;
      }
      const field = (key: keyof FillColumnMap) => fields[index![key]] ?? "";
      const bad = (name: string, rule: string) =>
        new RangeError(
          `Cannot ${action}: ${opened.label} line ${line}: ${name} must be ${rule}: current value is ${
            JSON.stringify(field(name as keyof FillColumnMap))
          }`,
        );
      if (field("orderId") === "") throw bad("orderId", "a non-empty id");
      const p = csvNumber(field("price")), q = csvNumber(field("size"));
      if (!(p > 0) || !Number.isFinite(p)) throw bad("price", "a finite number > 0");
      if (!(q > 0) || !Number.isFinite(q)) throw bad("size", "a finite number > 0");
      const s = SIDES[field("side").toLowerCase()];
      if (s === undefined) throw bad("side", "buy, sell, b, s, +1 or -1");
      if (field("timestamp") === "") throw bad("timestamp", "an epoch number or an ISO 8601 time");
      orderId.push(field("orderId"));
      rawTimes.push(field("timestamp"));
      lines.push(line);
      price.push(p);
      size.push(q);
      side.push(s);
    }
  }
  if (index === undefined) throw new RangeError(`Cannot ${action}: ${opened.label} is empty: no header`);
  if (orderId.length === 0) throw new RangeError(`Cannot ${action}: ${opened.label} has no fill rows`);
  const timestamp = new Float64Array(rawTimes.length);
  if (rawTimes.every((s) => Number.isFinite(csvNumber(s)))) {
    const values = Float64Array.from(rawTimes, csvNumber);
    const unit = timeUnit ?? detectTimeUnit(values, action, "timestamp");
    for (let i = 0; i < values.length; i++) {
      timestamp[i] = Math.round(values[i]! * MS_PER_UNIT[unit] * 1000) / 1000;
    }
  } else {
    for (let i = 0; i < rawTimes.length; i++) {
      const ms = parseIsoTime(rawTimes[i]!, naiveTimesAreUtc);
      if (ms === undefined || Number.isNaN(ms)) {
        throw new RangeError(
          `Cannot ${action}: ${opened.label} line ${lines[i]}: timestamp must be ${
            ms === undefined
              ? "an ISO time with a UTC offset (or pass naiveTimesAreUtc: true)"
              : "an epoch number or an ISO 8601 time"
          }: current value is ${JSON.stringify(rawTimes[i])}`,
        );
      }
      timestamp[i] = ms;
    }
  }
  return { orderId, timestamp, price: price.toArray(), size: size.toArray(), side: Int8Array.from(side) };
}
