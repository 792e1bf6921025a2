/**
 * klineDataLabel: where a candle frame came from, as a notebook summary and the walkthrough line show it.
 * Expected labels are read off the frames' `source` column by hand.
 */
import assert from "node:assert/strict";
import pl from "nodejs-polars";
import { klineDataLabel, notebookSummary, readKlinesCsv } from "@lib/mod.ts";
import { synthesizeKlines } from "@lib/data/mod.ts";

const T0 = Date.UTC(2025, 0, 1);

Deno.test("candles read from a local CSV are labelled 'local file <name>', not 'online'", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/btc.csv`;
    await Deno.writeTextFile(
      path,
      "time,open,high,low,close,volume\n" +
        [0, 1, 2].map((i) => `${T0 + i * 60_000},100,101,99,100,1`).join("\n") + "\n",
    );
    const { candles } = await readKlinesCsv(path);
    const label = klineDataLabel(candles);
    assert.equal(label.source, "local file btc.csv");
    assert.equal(label.from, "2025-01-01T00:00:00.000Z");
    assert.match(
      String(notebookSummary({ data: [label], numbers: [] })),
      /\(local file btc\.csv, 2025-01-01/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("frames from the exchange stay 'online', seeded ones 'synthetic', two files are both named", () => {
  const df = synthesizeKlines({ symbol: "BTCUSDT", interval: "60", start: T0, end: T0 + 4 * 3_600_000 });
  assert.equal(klineDataLabel(df).source, "synthetic");
  const bybit = df.withColumns(pl.lit("bybit").alias("source"));
  assert.equal(klineDataLabel(bybit).source, "online");
  const twoFiles = df.withColumns(
    pl.when(pl.col("startTime").cast(pl.Int64).lt(T0 + 2 * 3_600_000))
      .then(pl.lit("file b.csv")).otherwise(pl.lit("file a.csv")).alias("source"),
  );
  assert.equal(klineDataLabel(twoFiles).source, "local file a.csv, b.csv");
});
