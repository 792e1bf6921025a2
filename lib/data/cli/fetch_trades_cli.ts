/**
 * `deno task fetch-trades`: fills the trade-day cache from Bybit's public trade archive, with a progress
 * bar per day, for users with internet.
 *
 * ```sh
 * deno task fetch-trades --symbol BTCUSDT --category linear --start 2025-06-01 --end 2025-06-03
 * deno task fetch-trades --help
 * ```
 *
 * `--end` is exclusive, as for `deno task fetch`: the example fetches 2025-06-01 and 2025-06-02. Days
 * already cached are not downloaded again. Exit status 0 when every day is cached at the end; 1 when a
 * day is missing (not published yet: HTTP 404) or failed, each named with its reason; 2 for bad arguments.
 *
 * @module
 */
import process from "node:process";
import cliProgress from "npm:cli-progress@3.12.0";
import { describeTradeLoad, loadTrades, TradeLoadError } from "../load_trades.ts";
import { BYBIT_CATEGORIES, type BybitCategory } from "../kline_spec.ts";
import { cacheDirOption, type CliIo, defaultIo, parseFetchFlags, showProgressBar } from "./_cli_args.ts";

const USAGE =
  `Fill the Bybit trade cache (data/trades/category=<c>/symbol=<S>/date=<YYYY-MM-DD>/part-0.parquet)
from Bybit's public trade archive, one gzipped CSV per UTC day.

Usage: deno task fetch-trades --symbol BTCUSDT --category linear --start 2025-06-01 --end 2025-06-03

Options:
  --symbol       instrument, upper case (default BTCUSDT)
  --category     ${BYBIT_CATEGORIES.join(", ")} (default linear)
  --start        first UTC day, YYYY-MM-DD
  --end          last UTC day, exclusive, YYYY-MM-DD (default: the day after --start)
  --cache-dir    cache root (default: BYBIT_CACHE_DIR, else the project's data/ folder)
  --archive-url  archive base URL (default: BYBIT_ARCHIVE_URL, else https://public.bybit.com)
  --quiet        no progress bar
  --help         this text
`;

/**
 * Runs the fetch-trades command with `args` (what follows `deno task fetch-trades`). Returns the exit status.
 *
 * @example
 * ```ts
 * import { runFetchTradesCli } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const err: string[] = [];
 * assert.equal(await runFetchTradesCli(["--symbol", "BTCUSDT"], { out: () => {}, err: (l) => err.push(l) }), 2);
 * assert.match(err[0]!, /--start is required/);
 * ```
 */
export async function runFetchTradesCli(args: string[], io: CliIo = defaultIo()): Promise<number> {
  const values = parseFetchFlags(args, { "archive-url": { type: "string" } }, USAGE, io);
  if (typeof values === "number") return values;
  if (values.start === undefined) {
    io.err(`--start is required\n\n${USAGE}`);
    return 2;
  }
  const next = Date.parse(`${values.start}T00:00:00Z`) + 86_400_000;
  const end = values.end ??
    (/^\d{4}-\d{2}-\d{2}$/.test(values.start) && Number.isFinite(next)
      ? new Date(next).toISOString().slice(0, 10)
      : values.start);
  const spec = {
    symbol: values.symbol,
    category: values.category as BybitCategory,
    start: values.start,
    end,
  };
  const showBar = showProgressBar(values.quiet, io);
  let bar: cliProgress.SingleBar | undefined;
  let barDay = "";
  try {
    const { report } = await loadTrades(spec, {
      offline: false,
      ...cacheDirOption(values["cache-dir"]),
      ...(values["archive-url"] !== undefined ? { archiveUrl: values["archive-url"] } : {}),
      onDayProgress: (date, received, total) => {
        if (!showBar) return;
        if (date !== barDay) {
          bar?.stop();
          barDay = date;
          bar = new cliProgress.SingleBar({
            format: `${spec.symbol} ${date} |{bar}| {percentage}% {value}/{total} MB gzip | ETA {eta}s`,
            stream: process.stderr,
            hideCursor: true,
          }, cliProgress.Presets.shades_classic);
          bar.start(Math.max(0.01, round((total ?? received) / 1e6)), 0);
        }
        if (total === undefined) bar!.setTotal(Math.max(0.01, round(received / 1e6)));
        bar!.update(round(received / 1e6));
      },
      onDay: (day) => {
        if (day.date === barDay) {
          bar?.stop();
          bar = undefined;
        }
        const rows = day.rows !== undefined ? `, ${day.rows.toLocaleString("en-US")} trades` : "";
        io.out(`${day.date} ${day.status}${rows}${day.reason ? `: ${day.reason}` : ""}`);
      },
    });
    io.out(describeTradeLoad(report));
    return 0;
  } catch (error) {
    bar?.stop();
    if (error instanceof TradeLoadError) {
      const bad = error.report.days.filter((d) => d.status === "missing" || d.status === "failed");
      io.err(`fetch-trades failed for ${bad.length} day(s): ${bad.map((d) => d.date).join(", ")}`);
      for (const d of bad) io.err(`  ${d.date} ${d.status}: ${d.reason}`);
      return 1;
    }
    io.err(`fetch-trades failed: ${(error as Error)?.message ?? error}`);
    return (error instanceof RangeError || error instanceof TypeError) ? 2 : 1;
  }
}

function round(mb: number): number {
  return Math.round(mb * 100) / 100;
}

if (import.meta.main) {
  Deno.exit(await runFetchTradesCli(Deno.args));
}
