import assert from "node:assert/strict";
import { readBinanceBookTickerCsv } from "@lib/data/mod.ts";
import { writeZip } from "../_zip.ts";

const HEADER =
  "update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time";

Deno.test("bookTicker file: header or not, zip, µs times, crossed rows dropped, update-id order", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const rows = [
      "12,100.1,1,100.2,2,1723161256400,1723161256401",
      "11,100.0,3,100.1,4,1723161256300,1723161256301",
      "13,100.2,1,100.2,2,1723161256500,1723161256501", // locked: dropped
    ];
    await writeZip(
      `${dir}/BTCUSDT-bookTicker-2024-08-08.zip`,
      "BTCUSDT-bookTicker-2024-08-08.csv",
      [HEADER, ...rows].join("\n") + "\n",
    );
    const r = await readBinanceBookTickerCsv(`${dir}/BTCUSDT-bookTicker-2024-08-08.zip`);
    assert.equal(r.quotes.symbol, "BTCUSDT");
    assert.deepEqual([...r.updateIds], [11, 12]);
    assert.deepEqual([...r.quotes.timestamps], [1723161256300, 1723161256400]);
    assert.deepEqual([...r.quotes.bidPrices], [100.0, 100.1]);
    assert.deepEqual([...r.quotes.askSizes], [4, 2]);
    assert.deepEqual([r.rows, r.droppedCrossed], [3, 1]);
    // No header, times in µs: converted to ms.
    await Deno.writeTextFile(
      `${dir}/q.csv`,
      "1,10,1,11,1,1723161256300000,0\n2,10,1,11,1,1723161256300500,0\n",
    );
    const us = await readBinanceBookTickerCsv(`${dir}/q.csv`, { symbol: "X" });
    assert.deepEqual([...us.quotes.timestamps], [1723161256300, 1723161256300.5]);
    assert.equal(us.quotes.symbol, "X");
    await Deno.writeTextFile(`${dir}/bad.csv`, `${HEADER}\n1,10,1,abc,1,1723161256300,0\n`);
    await assert.rejects(
      readBinanceBookTickerCsv(`${dir}/bad.csv`),
      /bad\.csv line 2 \(row 0\), best_ask_price must be a number/,
    );
    await Deno.writeTextFile(`${dir}/back.csv`, "1,10,1,11,1,1723161256300,0\n2,10,1,11,1,1723161256200,0\n");
    await assert.rejects(readBinanceBookTickerCsv(`${dir}/back.csv`), /must not decrease in update-id order/);
    await Deno.writeTextFile(`${dir}/head.csv`, "id,bid,ask\n1,2,3\n");
    await assert.rejects(readBinanceBookTickerCsv(`${dir}/head.csv`), /update_id, best_bid_price.*missing/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
