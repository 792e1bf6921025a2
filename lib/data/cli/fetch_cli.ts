/**
 * `deno task fetch`: fills the parquet cache from Bybit, with a progress bar, for users with internet.
 *
 * ```sh
 * deno task fetch --symbol BTCUSDT --interval 1 --start 2025-06-01 --end 2025-07-01
 * deno task fetch --help
 * ```
 *
 * It never falls back to synthetic data: if Bybit cannot be reached it says so and exits with status 1;
 * if Bybit's answers lack part of the range (even after a retry) it names the missing ranges and exits
 * with status 1.
 *
 * @module
 */
import process from "node:process";
import cliProgress from "npm:cli-progress@3.12.0";
import { loadKlines } from "../load_klines.ts";
import { describeKlineSource, klineLoadReport } from "../kline_load_report.ts";
import { cacheDirOption, type CliIo, defaultIo, parseFetchFlags, showProgressBar } from "./_cli_args.ts";
import { BYBIT_CATEGORIES, BYBIT_INTERVALS, type BybitCategory, type BybitInterval } from "../kline_spec.ts";

const USAGE = `Fill the Bybit candle cache (data/bybit/<category>/<symbol>/<interval>/<YYYY-MM>.parquet).

Usage: deno task fetch --symbol BTCUSDT --interval 1 --start 2025-06-01 --end 2025-07-01

Options:
  --symbol     instrument, upper case (default BTCUSDT)
  --interval   ${BYBIT_INTERVALS.join(", ")} (default 1: minutes, or D/W/M)
  --category   ${BYBIT_CATEGORIES.join(", ")} (default linear)
  --start      first day or instant, UTC, ISO 8601 (e.g. 2025-06-01 or 2025-06-01T12:00Z)
  --end        end (exclusive), UTC, ISO 8601 (default: now)
  --cache-dir  cache root (default: BYBIT_CACHE_DIR, else the project's data/ folder)
  --base-url   API base URL (default: BYBIT_BASE_URL, else https://api.bybit.com)
  --quiet      no progress bar
  --help       this text
`;

export type { CliIo } from "./_cli_args.ts";

function parseInstant(name: string, value: string): number {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const t = Date.parse(text);
  if (!Number.isFinite(t)) {
    throw new RangeError(`--${name} must be an ISO 8601 date or instant: current value is ${value}`);
  }
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    throw new RangeError(`--${name} must be UTC (end with Z) or carry an offset: current value is ${value}`);
  }
  return t;
}

/**
 * Runs the fetch command with `args` (what follows `deno task fetch`). Returns the exit status: 0 when
 * the whole range (up to the last closed bar) is cached, 1 on an error or a range shorter than asked,
 * 2 on bad flags.
 *
 * @param args the command-line arguments.
 * @param io where it writes (default stdout and stderr).
 * @returns the exit status.
 *
 * @example
 * ```ts
 * import { runFetchCli } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const out: string[] = [];
 * assert.equal(await runFetchCli(["--help"], { out: (l) => out.push(l), err: () => {} }), 0);
 * assert.match(out.join("\n"), /--help/);
 * ```
 */
export async function runFetchCli(args: string[], io: CliIo = defaultIo()): Promise<number> {
  const values = parseFetchFlags(
    args,
    {
      interval: { type: "string", default: "1" },
      "base-url": { type: "string" },
    },
    USAGE,
    io,
  );
  if (typeof values === "number") return values;
  let bar: cliProgress.SingleBar | undefined;
  try {
    if (values.start === undefined) throw new RangeError("--start is required");
    const start = parseInstant("start", values.start);
    const end = values.end === undefined ? Date.now() : parseInstant("end", values.end);
    const spec = {
      symbol: values.symbol,
      interval: values.interval as BybitInterval,
      category: values.category as BybitCategory,
      start,
      end,
    };
    if (showProgressBar(values.quiet, io)) {
      bar = new cliProgress.SingleBar({
        format: `${spec.symbol} ${spec.interval} |{bar}| {value}/{total} pages | ETA {eta}s`,
        stream: process.stderr,
        hideCursor: true,
      }, cliProgress.Presets.shades_classic);
    }
    let started = false;
    const df = await loadKlines(spec, {
      offline: false,
      fallback: "error",
      ...cacheDirOption(values["cache-dir"]),
      ...(values["base-url"] !== undefined ? { baseUrl: values["base-url"] } : {}),
      onProgress: (done, total) => {
        if (!bar) return;
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      },
    });
    bar?.stop();
    io.out(describeKlineSource(df));
    const report = klineLoadReport(df);
    if (report === undefined || report.source !== "bybit") {
      io.err("fetch failed: the loader did not return Bybit data");
      return 1;
    }
    if (report.missing.length > 0) {
      const ranges = report.missing.map((r) => `${stamp(r.start)} to ${stamp(r.end)}`).join(", ");
      io.err(
        `fetch incomplete: ${report.missingBars.toLocaleString("en-US")} bar(s) missing (${ranges} UTC): ` +
          `Bybit's answers lacked them even after a retry; the cache holds the rest. Run the command again later.`,
      );
      return 1;
    }
    return 0;
  } catch (error) {
    bar?.stop();
    io.err(`fetch failed: ${(error as Error)?.message ?? error}`);
    return 1;
  }
}

function stamp(t: number): string {
  return new Date(t).toISOString().slice(0, 16).replace("T", " ");
}

if (import.meta.main) {
  Deno.exit(await runFetchCli(Deno.args));
}
