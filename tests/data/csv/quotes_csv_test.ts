import assert from "node:assert/strict";
import { readQuotesCsv } from "@lib/mod.ts";
import { summarizeQuotedSpreads } from "@lib/market/mod.ts";
import { assertClose } from "../../_assert.ts";
import { writeZip } from "../_zip.ts";

Deno.test("generic quote CSV: ISO times with offsets, epoch units detected, sizes optional", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/q.csv`,
      "Timestamp,Bid,Ask,Bid_Size,Ask_Size\n2025-06-01T02:00:00+02:00,100,100.1,3,4\n2025-06-01T00:00:01Z,100,100.2,1,1\n",
    );
    const q = await readQuotesCsv(`${dir}/q.csv`);
    assert.deepEqual([...q.timestamps], [Date.UTC(2025, 5, 1), Date.UTC(2025, 5, 1, 0, 0, 1)]);
    assert.deepEqual([...q.bidSizes], [3, 1]);
    await Deno.writeTextFile(`${dir}/us.csv`, "ts,bid,ask\n1748736000000000,1,2\n1748736000500000,1,2\n");
    const us = await readQuotesCsv(`${dir}/us.csv`);
    assert.deepEqual([...us.timestamps], [1748736000000, 1748736000500]);
    assert.ok(Number.isNaN(us.bidSizes[0]!));
    await Deno.writeTextFile(`${dir}/naive.csv`, "time,bid,ask\n2025-06-01 00:00:00,1,2\n");
    await assert.rejects(
      readQuotesCsv(`${dir}/naive.csv`),
      /has no UTC offset: add one or pass naiveTimesAreUtc/,
    );
    assert.equal(
      (await readQuotesCsv(`${dir}/naive.csv`, { naiveTimesAreUtc: true })).timestamps[0],
      Date.UTC(2025, 5, 1),
    );
    await Deno.writeTextFile(`${dir}/bad.csv`, "time,price\n1,2\n");
    await assert.rejects(readQuotesCsv(`${dir}/bad.csv`), /must name a timestamp, bid and ask column/);
    await Deno.writeTextFile(`${dir}/amb.csv`, "time,bid,ask\n12345,1,2\n");
    await assert.rejects(readQuotesCsv(`${dir}/amb.csv`), /not a 1990-2100 epoch time.*pass timeUnit/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Lean quote bars from a zip: date from the entry name, close quotes at the bar end", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // Rows as in QuantConnect Lean's cryptofuture quote files (bid OHLC, last bid size, ask OHLC, last ask size).
    const rows = "0,17193.5,17199,17193.5,17199,135.724,17194,17199.5,17194,17199.5,17.697\n" +
      "120000,17212,17224.5,17212,17215.5,9.661,17212.5,17225,17212.5,17216,195.879\n";
    await writeZip(`${dir}/quotes.zip`, "20221213_btcusdt_minute_quote_perp.csv", rows);
    const q = await readQuotesCsv(`${dir}/quotes.zip`);
    assert.deepEqual([...q.timestamps], [Date.UTC(2022, 11, 13, 0, 1), Date.UTC(2022, 11, 13, 0, 3)]);
    assert.deepEqual([...q.bidPrices], [17199, 17215.5]);
    assert.deepEqual([...q.askPrices], [17199.5, 17216]);
    assert.deepEqual([...q.askSizes], [17.697, 195.879]);
    const s = summarizeQuotedSpreads(q);
    assertClose(s.meanSpreadBps, (1e4 * 0.5) / 17199.25 / 2 + (1e4 * 0.5) / 17215.75 / 2, { rel: 1e-9 });
    assert.equal(s.oneTickShare, 1);
    await writeZip(`${dir}/nodate.zip`, "quotes.csv", rows);
    await assert.rejects(readQuotesCsv(`${dir}/nodate.zip`), /YYYYMMDD in the file name/);
    assert.equal(
      (await readQuotesCsv(`${dir}/nodate.zip`, { date: "2022-12-13" })).timestamps[0],
      Date.UTC(2022, 11, 13, 0, 1),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("generic quote CSV: timestamp,bid,bidSize,ask,askSize with quoted fields, empty sides and crossed rows", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // Row 2 has no ask (an empty side: NaN), row 3 is crossed (dropped), row 4 quotes a thousands separator.
    await Deno.writeTextFile(
      `${dir}/q.csv`,
      'timestamp,bid,bidSize,ask,askSize\n1748736000000,100,1,100.5,2\n1748736001000,100,1,,\n1748736002000,101,1,100.5,1\n1748736003000,"1,000.5",3,"1,001",4\n',
    );
    const q = await readQuotesCsv(`${dir}/q.csv`, { symbol: "BTCUSDT" });
    assert.deepEqual([...q.timestamps], [1748736000000, 1748736001000, 1748736003000]);
    assert.deepEqual([...q.bidPrices], [100, 100, 1000.5]);
    assert.deepEqual([...q.askPrices], [100.5, NaN, 1001]);
    assert.deepEqual([...q.askSizes], [2, NaN, 4]);
    assert.equal(q.symbol, "BTCUSDT");
    assert.equal(q.source, "csv");
    await Deno.writeTextFile(`${dir}/neg.csv`, "timestamp,bid,ask\n1748736000000,0,1\n");
    await assert.rejects(
      readQuotesCsv(`${dir}/neg.csv`),
      /neg\.csv line 2 \(row 0\), bid must be a number > 0/,
    );
    await Deno.writeTextFile(`${dir}/page.csv`, "<!doctype html><html>not found</html>\n");
    await assert.rejects(readQuotesCsv(`${dir}/page.csv`), /starts like an HTML or XML page/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
