/**
 * Memory and time of a month of trades measured from the parquet cache one day at a time (issue target:
 * memory under 4 GiB for a month of 30-90 million trades on a 2-core machine).
 *
 * Not a `deno test` or `deno bench` file (a run takes minutes): run it by hand.
 *
 *   deno run --allow-all tests/tape/month_memory.ts [--days 30] [--trades-per-day 3000000] [--dir DIR]
 *
 * Step 1 (once per DIR; skipped when the day files exist): writes `days` seeded synthetic days of
 * `trades-per-day` trades each into DIR in the cache's hive layout (`trades/category=linear/symbol=SYNTHUSDT/
 * date=.../part-0.parquet`), each day its own propagator run (`synthesizeTrades`, seed = day number).
 * Step 2, in a fresh process so that step 1's memory does not count: `loadTrades` (offline, from the cache),
 * `measureTapeDays(tradeTapeDays(...))` (sign correlation and response function to lag 1,000, synthetic
 * metaorders N = 100, impact path, aggregate impact and Kyle's lambda over 10, 100 and 1,000 trades), then
 * `signExponent` and `metaorderSquareRootLaw` (500 day-block resamples each). It prints the peak resident memory of the process (`VmHWM` of /proc/self/status, Linux) and the
 * time. The numbers measured are about SYNTHETIC data: they test the pipeline, not markets.
 *
 * `--whole` measures the same the usual way instead, for comparison: collect the whole range into one tape,
 * then `signsAndResponse`, `syntheticMetaorders`, `metaorderImpactPath`, `aggregateImpact` and the two fits.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import {
  aggregateImpact,
  metaorderImpactPath,
  metaorderSquareRootLaw,
  signExponent,
  signsAndResponse,
  syntheticMetaorders,
} from "@lib/mod.ts";
import { loadTrades, synthesizeTrades, tradeTapeDays } from "@lib/data/mod.ts";
import { measureTapeDays } from "@lib/tape/mod.ts";
import { tradeTapeFromFrame, tradeTapeToFrame } from "@lib/data/mod.ts";
import { tradeDayPath, writeTradeDay } from "@lib/data/cache/_trade_cache.ts";

const DAY_MS = 86_400_000;
const START = Date.UTC(2025, 5, 1);
const SYMBOL = "SYNTHUSDT";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    days: { type: "string", default: "30" },
    "trades-per-day": { type: "string", default: "3000000" },
    dir: { type: "string" },
    measure: { type: "boolean", default: false },
    whole: { type: "boolean", default: false },
  },
});
const days = Number(values.days), perDay = Number(values["trades-per-day"]);
if (!Number.isInteger(days) || days < 1 || !Number.isInteger(perDay) || perDay < 2_000) {
  console.error("--days must be an integer >= 1 and --trades-per-day an integer >= 2000");
  Deno.exit(2);
}
const dir = values.dir ?? join(Deno.env.get("TMPDIR") ?? "/tmp", `month_memory_${days}x${perDay}`);
const date = (d: number) => new Date(START + d * DAY_MS).toISOString().slice(0, 10);

/** Peak resident set size of this process, bytes (Linux). */
function peakRss(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  return kb * 1024;
}
const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;

if (!values.measure) {
  // Step 1: the month on disk.
  const t0 = performance.now();
  for (let d = 0; d < days; d++) {
    const path = tradeDayPath(dir, "linear", SYMBOL, date(d));
    try {
      await Deno.stat(path);
      continue;
    } catch { /* not written yet */ }
    const tape = synthesizeTrades({
      days: 1,
      tradesPerDay: perDay,
      startMs: START + d * DAY_MS,
      seed: d + 1,
      symbol: SYMBOL,
    });
    await writeTradeDay(path, tradeTapeToFrame(tape));
    console.log(
      `wrote ${date(d)} (${perDay.toLocaleString("en-US")} trades), ${
        ((performance.now() - t0) / 1000).toFixed(0)
      } s`,
    );
  }
  // Step 2 in a fresh process.
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      import.meta.filename!,
      "--measure",
      ...(values.whole ? ["--whole"] : []),
      "--days",
      String(days),
      "--trades-per-day",
      String(perDay),
      "--dir",
      dir,
    ],
    stdout: "inherit",
    stderr: "inherit",
  });
  const { code } = await child.output();
  Deno.exit(code);
}

// Step 2: measure, one day in memory at a time (or the whole range at once with --whole).
const t0 = performance.now();
const loaded = await loadTrades(
  { symbol: SYMBOL, category: "linear", start: date(0), end: date(days) },
  { cacheDir: dir, offline: true },
);
let lastPrint = 0;
const m = values.whole
  ? await (async () => {
    const tape = tradeTapeFromFrame(
      await loaded.frame.select("timestamp", "price", "size", "side").collect(),
      { symbol: SYMBOL, source: "synthetic" },
    );
    console.log(
      `collected ${tape.prices.length.toLocaleString("en-US")} trades, peak RSS so far ${gib(peakRss())}`,
    );
    const { correlation, response } = signsAndResponse(tape, { maxLag: 1_000, tickSize: 0.5 });
    const metaorders = syntheticMetaorders(tape, { traders: 100 });
    const path = metaorderImpactPath(metaorders, tape);
    const aggregate = aggregateImpact(tape);
    return { correlation, response, metaorders, path, aggregate, days, trades: tape.prices.length };
  })()
  : await measureTapeDays(tradeTapeDays(loaded), {
    maxLag: 1_000,
    tickSize: 0.5,
    metaorders: { traders: 100 },
    onDay: (p) => {
      if (p.day - lastPrint >= 5 || p.day === days) {
        lastPrint = p.day;
        console.log(
          `day ${p.day}/${days}: ${p.totalTrades.toLocaleString("en-US")} trades, ${
            p.metaorders.toLocaleString("en-US")
          } metaorders, ${((performance.now() - t0) / 1000).toFixed(1)} s, peak RSS so far ${gib(peakRss())}`,
        );
      }
    },
  });
console.log(`measured; peak RSS so far ${gib(peakRss())}`);
const gamma = signExponent(m.correlation, { bootstrapSamples: 500 });
const law = metaorderSquareRootLaw(m.metaorders, { bootstrapSamples: 500 });
console.log(`fitted gamma and delta; peak RSS so far ${gib(peakRss())}`);
const seconds = (performance.now() - t0) / 1000;
console.log(
  `SYNTHETIC month: ${m.days} days, ${m.trades.toLocaleString("en-US")} trades, ${
    m.metaorders.first.length.toLocaleString("en-US")
  } metaorders (N = 100)`,
);
console.log(
  `gamma ${gamma.gamma.toFixed(3)} [${gamma.gammaInterval.map((v) => v.toFixed(3)).join(", ")}]; delta ${
    law.delta.toFixed(3)
  } [${(law.deltaInterval ?? [NaN, NaN]).map((v) => v.toFixed(3)).join(", ")}]; R(1000) ${
    m.response.bps[999]!.toFixed(3)
  } bps; Kyle's lambda at T = 100 trades ${m.aggregate?.windows[1]?.kyleLambda.toFixed(4)} bps per unit`,
);
console.log(
  `${values.whole ? "whole tape in memory" : "one day at a time"}: time ${
    seconds.toFixed(1)
  } s; peak resident memory ${gib(peakRss())} (target < 4 GiB)`,
);
if (!values.whole && peakRss() >= 4 * 2 ** 30) {
  console.error("peak resident memory is not under the 4 GiB target");
  Deno.exit(1);
}
