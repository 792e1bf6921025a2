/**
 * One day of Bybit's public trade archive, decompressed, as the tape frame: parsed by header name, sorted,
 * validated, and checked to be that day of that symbol.
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";
import type { BybitCategory } from "../kline_spec.ts";
import { parseTradeCsv, splitHeader } from "./_trade_parse.ts";
import { bybitTradeArchiveFormat } from "./trade_archive_url.ts";
import { parseTradeDay } from "./_trade_day.ts";

/**
 * Parses one day's decompressed archive CSV into the tape frame (sorted, validated, trade ids unique),
 * and checks it is that day of that symbol: at least one trade, every `symbol` field (linear, inverse) is
 * `day.symbol`, every timestamp in `[date, date + 1 day)` UTC.
 * @throws {TypeError} for an unknown header; {@linkcode RangeError} for a bad row, a duplicate trade id,
 *   no trade, a row of another symbol or day.
 */
export function parseTradeArchiveCsv(
  category: BybitCategory,
  csv: Uint8Array,
  label: string,
  day?: { symbol: string; date: string },
): pl.DataFrame {
  const action = `read Bybit ${category} trade archive`;
  let end = 0;
  while (end < csv.length && end < 4096 && csv[end] !== 10) end++;
  const header = splitHeader(new TextDecoder().decode(csv.subarray(0, end)).replace(/\r$/, ""));
  const format = bybitTradeArchiveFormat(category, header);
  const expect = day !== undefined && category !== "spot" && header.includes("symbol")
    ? { expect: { column: "symbol", value: day.symbol } }
    : {};
  const df = parseTradeCsv(action, label, csv, {
    ...format,
    hasHeader: true,
    separator: ",",
    ties: "file",
    ...expect,
  });
  if (day === undefined) return df;
  const fail = (message: string): never => {
    throw new RangeError(`Cannot ${action}: ${label}: ${message}`);
  };
  if (df.height === 0) fail("the file holds a header but no trade: an archive day always has trades");
  const dayStart = parseTradeDay(action, day.date);
  const ts = pl.col("timestamp").cast(pl.Int64);
  const outside = df.withRowIndex("row").filter(ts.lt(dayStart).or(ts.gtEq(dayStart + 86_400_000)));
  if (outside.height > 0) {
    const t = Number(outside.select(ts).row(0)[0]);
    fail(
      `every trade must lie in ${day.date} UTC: ${outside.height} of ${df.height} trade(s) do not, the first at ${
        new Date(t).toISOString()
      } (the file of another day?)`,
    );
  }
  return df;
}
