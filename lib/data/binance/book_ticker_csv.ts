/**
 * Binance's daily best bid/ask files (data.binance.vision, `.../daily/bookTicker/<SYMBOL>/<SYMBOL>-bookTicker-
 * <YYYY-MM-DD>.zip`, USD-M and COIN-M futures): one row per level-1 update,
 * `update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time`, with or
 * without that header, as a {@linkcode QuoteSeries}.
 *
 * @module
 */
import { GrowableColumn } from "../_growable.ts";
import { csvNumber, openCsv } from "../csv/_csv_rows.ts";
import { detectTimeUnit, MS_PER_UNIT } from "../_timestamps.ts";
import type { QuoteSeries } from "../quote_series.ts";

/** The columns of a Binance bookTicker file, in order. */
export const BINANCE_BOOK_TICKER_COLUMNS = [
  "update_id",
  "best_bid_price",
  "best_bid_qty",
  "best_ask_price",
  "best_ask_qty",
  "transaction_time",
  "event_time",
] as const;

/** Options of {@linkcode readBinanceBookTickerCsv}. */
export interface ReadBinanceBookTickerCsvOptions {
  /** Instrument of the file. Default: the `SYMBOL` before `-bookTicker` in the file name, else `""`. */
  symbol?: string;
}

/** Result of {@linkcode readBinanceBookTickerCsv}. */
export interface BinanceBookTickerFile {
  /** The quotes, exchange (transaction) time, UTC ms; crossed or locked rows dropped. */
  quotes: QuoteSeries;
  /** Update id of each quote. */
  updateIds: Float64Array;
  /** Rows read, and rows dropped as crossed or locked. */
  rows: number;
  droppedCrossed: number;
}

/**
 * Reads a Binance bookTicker file (plain, gzip, or the zip as downloaded), streamed through the shared CSV
 * layer (about 2 s per million rows: a busy day of a major futures symbol takes minutes). The time of each
 * quote is its `transaction_time` (the matching engine's), in ms; a file in µs is detected and converted.
 * Rows are kept in update-id order, which must also be time order.
 *
 * @param path the file.
 * @param options the symbol.
 * @returns the quotes, their update ids and counts.
 * @throws {RangeError} for a row with a bad number (naming it), another column layout, no rows, or times
 *   that run backwards in update-id order.
 *
 * @example
 * ```ts
 * import { readBinanceBookTickerCsv } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const path = `${dir}/BTCUSDT-bookTicker-2024-08-08.csv`;
 * await Deno.writeTextFile(path, "update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time\n" +
 *   "1,61800.2,2.5,61800.3,2.5,1723161256313,1723161256314\n2,61800.2,2.6,61800.3,2.5,1723161256320,1723161256321\n");
 * const { quotes } = await readBinanceBookTickerCsv(path);
 * assert.equal(quotes.symbol, "BTCUSDT");
 * assert.deepEqual([...quotes.timestamps], [1723161256313, 1723161256320]);
 * assert.deepEqual([...quotes.bidSizes], [2.5, 2.6]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readBinanceBookTickerCsv(
  path: string,
  options: ReadBinanceBookTickerCsvOptions = {},
): Promise<BinanceBookTickerFile> {
  const action = "read the Binance bookTicker file";
  const col = {
    u: new GrowableColumn(),
    b: new GrowableColumn(),
    bq: new GrowableColumn(),
    a: new GrowableColumn(),
    aq: new GrowableColumn(),
    t: new GrowableColumn(),
  };
  let index: number[] | undefined; // positions of the 7 columns
  let row = 0, first = true;
  const opened = await openCsv(path, action);
  for await (const batch of opened.batches()) {
    for (const { fields, line } of batch) {
      if (first) {
        first = false;
        if (!Number.isFinite(csvNumber(fields[0]))) {
          const names = fields.map((f) => f.toLowerCase());
          index = BINANCE_BOOK_TICKER_COLUMNS.map((name) => names.indexOf(name));
          const missing = BINANCE_BOOK_TICKER_COLUMNS.filter((_, k) => index![k]! < 0);
          if (missing.length > 0) {
            throw new RangeError(
              `Cannot ${action}: the header must name ${BINANCE_BOOK_TICKER_COLUMNS.join(",")}: ${
                missing.join(", ")
              } missing in ${names.join(",")}`,
            );
          }
          continue;
        }
        index = [0, 1, 2, 3, 4, 5, 6];
        if (fields.length !== 7) {
          throw new RangeError(
            `Cannot ${action}: ${opened.label} has no header, so it must have the 7 columns ${
              BINANCE_BOOK_TICKER_COLUMNS.join(",")
            }: current count is ${fields.length}`,
          );
        }
      }
      const at = index!;
      const v = (k: number) => {
        const x = csvNumber(fields[at[k]!]);
        if (!(x >= 0)) {
          throw new RangeError(
            `Cannot ${action}: ${opened.label} line ${line} (row ${row}), ${
              BINANCE_BOOK_TICKER_COLUMNS[k]
            } must be a number >= 0: current value is ${fields[at[k]!]}`,
          );
        }
        return x;
      };
      col.u.push(v(0));
      col.b.push(v(1));
      col.bq.push(v(2));
      col.a.push(v(3));
      col.aq.push(v(4));
      col.t.push(v(5));
      row++;
    }
  }
  if (row === 0) throw new RangeError(`Cannot ${action}: ${path} has no rows`);
  const u = col.u.toArray(), b = col.b.toArray(), a = col.a.toArray(), t = col.t.toArray();
  const unit = detectTimeUnit(t, action, "transaction_time");
  const order = Uint32Array.from({ length: row }, (_, i) => i).sort((i, j) => u[i]! - u[j]!);
  const keep: number[] = [];
  let dropped = 0, last = -Infinity;
  for (const i of order) {
    t[i] = t[i]! * MS_PER_UNIT[unit];
    if (t[i]! < last) {
      throw new RangeError(
        `Cannot ${action}: transaction_time must not decrease in update-id order: update ${u[i]} at ${
          t[i]
        } ms follows ${last} ms`,
      );
    }
    last = t[i]!;
    if (!(b[i]! > 0) || !(a[i]! > b[i]!)) {
      dropped++;
      continue;
    }
    keep.push(i);
  }
  const pick = (c: Float64Array) => Float64Array.from(keep, (i) => c[i]!);
  const name = (opened.innerName ?? path).split(/[\/\\]/).pop() ?? "";
  return {
    quotes: {
      timestamps: pick(t),
      bidPrices: pick(b),
      askPrices: pick(a),
      bidSizes: pick(col.bq.toArray()),
      askSizes: pick(col.aq.toArray()),
      symbol: options.symbol ?? /^([A-Z0-9_]+)-bookTicker-/.exec(name)?.[1] ?? "",
      source: "binance",
    },
    updateIds: pick(u),
    rows: row,
    droppedCrossed: dropped,
  };
}
