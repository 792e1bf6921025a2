import assert from "node:assert/strict";
import pl from "nodejs-polars";
import { analyzeTrade, analyzeTrades, summarizeTca, type TradeRecord, tradesToTcaFrame } from "@lib/mod.ts";
import { simulateMetaorders } from "@lib/impact/mod.ts";
import { squareRootImpactPredictor } from "@lib/ml/mod.ts";
import type { TradeAnalysis } from "@lib/tca/mod.ts";
import { TCA_REQUIRED_COLUMNS } from "@lib/tca/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

const BUY: TradeRecord = {
  size: 50_000,
  executionPrice: 100.1,
  arrivalPrice: 100,
  vwap: 100.05,
  spread: 0.02,
  averageDailyVolume: 1_000_000,
  dailyVolatility: 0.02,
};
const SELL: TradeRecord = { ...BUY, size: -50_000, executionPrice: 99.9, vwap: 99.95 };

function column(frame: pl.DataFrame, name: string): number[] {
  return frame.getColumn(name).toArray() as number[];
}

Deno.test("the worked example and its sell twin through the vectorized path", () => {
  const { results, badRows, badRowCount } = analyzeTrades(tradesToTcaFrame([BUY, SELL]));
  assert.deepEqual(badRows, []);
  assert.equal(badRowCount, 0);
  assert.deepEqual(column(results, "side"), [1, -1]);
  for (const v of column(results, "implementationShortfall")) assertClose(v, 0.001, { abs: 1e-15 });
  assertClose(column(results, "vwapSlippage")[0]!, 0.05 / 100.05, { abs: 1e-15 });
  assertClose(column(results, "vwapSlippage")[1]!, 0.05 / 99.95, { abs: 1e-15 });
  assert.deepEqual(column(results, "spreadCost"), [0.0001, 0.0001]);
  assert.deepEqual(column(results, "participation"), [0.05, 0.05]);
});

Deno.test("analyzeTrade and analyzeTrades agree on the same simulated records", () => {
  const records = simulateMetaorders(3_000, { seed: 21, liquidityEffect: 0.5, momentumEffect: 0.3 });
  const law = { eta: 0.8, delta: 0.45 };
  const predictor = {
    // Any deterministic function of the record stands in for a trained network.
    predictImpact: (trades: ArrayLike<TradeRecord>) =>
      Float64Array.from(
        Array.from(trades),
        (t) => 0.5 * t.dailyVolatility * Math.sqrt(Math.abs(t.size) / t.averageDailyVolume),
      ),
  };
  const one: TradeAnalysis[] = records.map((r) => analyzeTrade(r, { impactLaw: law, predictor }));
  const { results, badRows } = analyzeTrades(tradesToTcaFrame(records), {
    impactLaw: law,
    predictedImpact: predictor.predictImpact(records),
  });
  assert.equal(badRows.length, 0);
  assert.equal(results.height, records.length);
  assert.deepEqual(column(results, "index"), records.map((_, i) => i));
  assert.deepEqual(column(results, "side"), one.map((a) => a.side));
  // Same formulas in the same order of operations: equal to the last bit, except x^delta (1 ulp).
  for (const key of ["participation", "implementationShortfall", "vwapSlippage", "spreadCost"] as const) {
    assert.deepEqual(column(results, key), one.map((a) => a[key]), key);
  }
  for (const key of ["estimatedImpact", "impactCost", "timingCost", "predictedImpact"] as const) {
    const vectorized = column(results, key);
    one.forEach((a, i) => assertClose(vectorized[i]!, a[key]!, { rel: 1e-14, abs: 1e-18 }, `${key}[${i}]`));
  }
  // Hour of day in UTC from the timestamps.
  assert.deepEqual(column(results, "hour"), records.map((r) => new Date(r.timestamp).getUTCHours()));
  // Pass-through columns for joins.
  assert.deepEqual(column(results, "timestamp"), records.map((r) => r.timestamp));
  assert.deepEqual(results.getColumn("symbol").toArray(), records.map((r) => r.symbol));
});

Deno.test("hour of day is the UTC hour at boundaries, for fractional and pre-1970 timestamps", () => {
  const h = 3_600_000;
  const times = [
    0,
    h - 1,
    h,
    13 * h + 0.75,
    24 * h - 1,
    Date.UTC(2025, 5, 1, 23, 59, 59, 999),
    -1,
    -h,
    -h - 1,
  ];
  const frame = tradesToTcaFrame(times.map((timestamp) => ({ ...BUY, timestamp })));
  const { results } = analyzeTrades(frame);
  assert.deepEqual(column(results, "hour"), times.map((t) => new Date(Math.trunc(t)).getUTCHours()));
});

Deno.test("a predictor from lib/ml feeds analyzeTrades through predictedImpact", () => {
  const records = simulateMetaorders(200, { seed: 22 });
  const law = { eta: 0.8, delta: 0.5 };
  const predicted = squareRootImpactPredictor(law).predictImpact(records);
  const { results } = analyzeTrades(tradesToTcaFrame(records), {
    impactLaw: law,
    predictedImpact: predicted,
  });
  const estimated = column(results, "estimatedImpact"), fromPredictor = column(results, "predictedImpact");
  estimated.forEach((v, i) => assertClose(fromPredictor[i]!, v, { rel: 1e-14 }));
  // A column name works too.
  const withColumn = tradesToTcaFrame(records).withColumn(pl.Series("myPrediction", predicted));
  const byName = analyzeTrades(withColumn, { predictedImpact: "myPrediction" }).results;
  assert.deepEqual(column(byName, "predictedImpact"), Array.from(predicted));
});

Deno.test("every bad-record case is reported by row index and kept out of the results", () => {
  const good: Record<string, number | null> = {
    ...(BUY as unknown as Record<string, number>),
    timestamp: Date.UTC(2025, 0, 1, 9),
    durationMinutes: 30,
  };
  const patches: [Record<string, number | null>, string][] = [
    [{ size: 0 }, "size"],
    [{ size: NaN }, "size"],
    [{ executionPrice: 0 }, "executionPrice"],
    [{ executionPrice: -100.1 }, "executionPrice"],
    [{ executionPrice: NaN }, "executionPrice"],
    [{ arrivalPrice: 0 }, "arrivalPrice"],
    [{ arrivalPrice: -1 }, "arrivalPrice"],
    [{ vwap: 0 }, "vwap"],
    [{ vwap: Infinity }, "vwap"],
    [{ spread: -0.01 }, "spread"],
    [{ averageDailyVolume: 0 }, "averageDailyVolume"],
    [{ averageDailyVolume: -1 }, "averageDailyVolume"],
    [{ averageDailyVolume: NaN }, "averageDailyVolume"],
    [{ dailyVolatility: 0 }, "dailyVolatility"],
    [{ dailyVolatility: NaN }, "dailyVolatility"],
    [{ timestamp: NaN }, "timestamp"],
    [{ durationMinutes: -5 }, "durationMinutes"],
  ];
  // Good rows at even indices, one bad row after each.
  const rows: Record<string, number | null>[] = [];
  for (const [patch] of patches) rows.push({ ...good }, { ...good, ...patch });
  rows.push({ ...good });
  const columns: Record<string, (number | null)[]> = {};
  for (const name of [...TCA_REQUIRED_COLUMNS, "timestamp", "durationMinutes"]) {
    columns[name] = rows.map((r) => r[name] ?? null);
  }
  const frame = pl.DataFrame(columns);
  const { results, badRows, badRowCount } = analyzeTrades(frame);
  assert.equal(badRowCount, patches.length);
  assert.equal(results.height, rows.length - patches.length);
  assert.deepEqual(column(results, "index"), rows.map((_, i) => i).filter((i) => i % 2 === 0));
  assert.deepEqual(
    badRows.map((b) => [b.index, b.field]),
    patches.map(([, field], k) => [2 * k + 1, field]),
  );
  badRows.forEach((b, k) => {
    const expected = Object.values(patches[k]![0])[0];
    if (Number.isNaN(expected)) assert.ok(Number.isNaN(b.value));
    else assert.equal(b.value, expected);
    assert.match(b.requirement, /finite/);
  });
  // Never averaged in: every result row is the good trade.
  for (const v of column(results, "implementationShortfall")) assertClose(v, 0.001, { abs: 1e-15 });
  assertClose(summarizeTca({ results, badRows, badRowCount }).metrics.implementationShortfall!.mean, 0.001, {
    abs: 1e-15,
  });
});

Deno.test("nulls are bad rows, one entry per bad field, and a NaN prediction is a bad row", () => {
  const frame = pl.DataFrame({
    size: [1, null, 1],
    executionPrice: [10, 10, null],
    arrivalPrice: [10, 10, 10],
    vwap: [10, 10, 10],
    spread: [0, 0, null],
    averageDailyVolume: [100, 100, 100],
    dailyVolatility: [0.02, 0.02, 0.02],
  });
  const { results, badRows } = analyzeTrades(frame, { predictedImpact: [0.001, 0.001, NaN] });
  assert.equal(results.height, 1);
  assert.deepEqual(badRows, [
    { index: 1, field: "size", value: null, requirement: "finite and nonzero" },
    { index: 2, field: "executionPrice", value: null, requirement: "finite and > 0" },
    { index: 2, field: "spread", value: null, requirement: "finite and >= 0" },
    { index: 2, field: "predictedImpact", value: NaN, requirement: "finite" },
  ]);
});

Deno.test("integer columns are accepted; every row bad gives empty results", () => {
  const frame = pl.DataFrame({
    size: [100, -100],
    executionPrice: [101, 99],
    arrivalPrice: [100, 100],
    vwap: [100, 100],
    spread: [0, 0],
    averageDailyVolume: [10_000, 10_000],
    dailyVolatility: [0.02, 0.02],
  }).withColumns(pl.col("size").cast(pl.Int64), pl.col("averageDailyVolume").cast(pl.Int32));
  const { results } = analyzeTrades(frame);
  assert.deepEqual(column(results, "implementationShortfall"), [0.01, 0.01]);
  const allBad = analyzeTrades(frame.withColumns(pl.lit(0).alias("arrivalPrice")));
  assert.equal(allBad.results.height, 0);
  assert.equal(allBad.badRowCount, 2);
  assertThrowsWith(() => summarizeTca(allBad), RangeError, /no trades/);
});

Deno.test("shape errors are TypeErrors naming the column; law errors are RangeErrors", () => {
  const frame = tradesToTcaFrame([BUY]);
  assertThrowsWith(() => analyzeTrades(frame.drop("vwap")), TypeError, /must have a column vwap/);
  assertThrowsWith(
    () => analyzeTrades(frame.withColumns(pl.lit("x").alias("spread"))),
    TypeError,
    /column spread must be numeric/,
  );
  assertThrowsWith(
    () => analyzeTrades(frame, { predictedImpact: [1, 2] }),
    TypeError,
    /one value per row \(1\)/,
  );
  assertThrowsWith(() => analyzeTrades(frame, { predictedImpact: "nope" }), TypeError, /missing column/);
  assertThrowsWith(() => analyzeTrades([] as unknown as pl.DataFrame), TypeError, /polars DataFrame/);
  assertThrowsWith(() => analyzeTrades(frame, { impactLaw: { eta: -1, delta: 0.5 } }), RangeError, /eta/);
});

Deno.test("tradesToTcaFrame keeps timestamps, durations and symbols, and marks missing numbers NaN", () => {
  const frame = tradesToTcaFrame([
    { ...BUY, timestamp: 5, durationMinutes: 2, symbol: "X" },
    { ...BUY, vwap: undefined as unknown as number, timestamp: 6, durationMinutes: 0, symbol: "Y" },
  ]);
  assert.deepEqual(frame.columns, [...TCA_REQUIRED_COLUMNS, "timestamp", "durationMinutes", "symbol"]);
  assert.ok(Number.isNaN(column(frame, "vwap")[1]));
  assert.deepEqual(analyzeTrades(frame).badRows.map((b) => [b.index, b.field]), [[1, "vwap"]]);
  assertThrowsWith(
    () => tradesToTcaFrame({} as unknown as TradeRecord[]),
    TypeError,
    /records must be an array/,
  );
});

Deno.test("timestamps beyond a valid date are bad rows, not trades at 00 UTC", () => {
  const trade = (timestamp?: number): TradeRecord => ({
    size: 10,
    executionPrice: 100.1,
    arrivalPrice: 100,
    vwap: 100,
    spread: 0.02,
    averageDailyVolume: 1000,
    dailyVolatility: 0.02,
    ...(timestamp === undefined ? {} : { timestamp }),
  });
  const frame = tradesToTcaFrame([trade(Date.UTC(2025, 0, 1, 13)), trade(1e300), trade(-1e300)]);
  const { results, badRows, badRowCount } = analyzeTrades(frame);
  assert.equal(badRowCount, 2);
  assert.deepEqual(badRows.map((b) => [b.index, b.field, b.value, b.requirement]), [
    [1, "timestamp", 1e300, "finite, a UTC time in ms within +-8.64e15"],
    [2, "timestamp", -1e300, "finite, a UTC time in ms within +-8.64e15"],
  ]);
  assert.deepEqual(summarizeTca({ results, badRows, badRowCount }).byHour.map((g) => g.group), ["13 UTC"]);
});

Deno.test("tradesToTcaFrame keeps timestamps, durations and symbols when the first record lacks them", () => {
  const base = {
    size: 10,
    executionPrice: 100.1,
    arrivalPrice: 100,
    vwap: 100,
    spread: 0.02,
    averageDailyVolume: 1000,
    dailyVolatility: 0.02,
  };
  const frame = tradesToTcaFrame([
    base,
    { ...base, timestamp: Date.UTC(2025, 0, 1, 5), durationMinutes: 3, symbol: "BTCUSDT" },
  ]);
  assert.deepEqual(frame.columns.filter((c) => ["timestamp", "durationMinutes", "symbol"].includes(c)), [
    "timestamp",
    "durationMinutes",
    "symbol",
  ]);
  const { badRows } = analyzeTrades(frame);
  // The record without a timestamp is reported, not silently merged with the others.
  assert.deepEqual(badRows.map((b) => [b.index, b.field]), [[0, "timestamp"], [0, "durationMinutes"]]);
});

Deno.test("analyzeTrades refuses a row whose metrics overflow with extreme but valid prices", () => {
  const base = {
    size: 10,
    executionPrice: 100.1,
    arrivalPrice: 100,
    vwap: 100,
    spread: 0.02,
    averageDailyVolume: 1000,
    dailyVolatility: 0.02,
  };
  const frame = tradesToTcaFrame([base, { ...base, executionPrice: 1e300, arrivalPrice: 1e-300 }]);
  assertThrowsWith(
    () => analyzeTrades(frame),
    RangeError,
    /^Cannot analyze trades: implementationShortfall of row 1 overflows double precision \(size 10, executionPrice 1e\+300, arrivalPrice 1e-300.*current value is Infinity$/,
  );
});
