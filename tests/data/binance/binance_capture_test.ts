import assert from "node:assert/strict";
import { joinQuotes, quoteAgreement } from "@lib/mod.ts";
import { readBinanceCapture } from "@lib/data/mod.ts";
import { gzip } from "../_mock_archive.ts";

// Hand-made lines in the hftbacktest collector format: `<receive ns> <combined-stream JSON>`.
const line = (recvMs: number, stream: string, data: Record<string, unknown>) =>
  `${recvMs * 1e6} ${JSON.stringify({ stream, data })}`;
const trade = (recvMs: number, T: number, t: number, p: string, m: boolean) =>
  line(recvMs, "btcusdt@trade", { e: "trade", E: T + 1, T, s: "BTCUSDT", t, p, q: "0.01", m });
const futTicker = (recvMs: number, T: number, u: number, b: string, a: string) =>
  line(recvMs, "btcusdt@bookTicker", { e: "bookTicker", u, s: "BTCUSDT", b, B: "1", a, A: "2", T, E: T });
const spotTicker = (recvMs: number, u: number, b: string, a: string) =>
  line(recvMs, "btcusdt@bookTicker", { u, s: "BTCUSDT", b, B: "1", a, A: "2" });
const depth = (recvMs: number, E: number) =>
  line(recvMs, "btcusdt@depth@100ms", { e: "depthUpdate", E, s: "BTCUSDT", U: 1, u: 2, b: [], a: [] });

Deno.test("USD-M capture: exchange times, sides from m, sorted trades, depth skipped", async () => {
  // Receive clock 1,300 ms behind the exchange's; messages arrive out of exchange-time order.
  const lines = [
    `${1e15} {"lastUpdateId":1,"bids":[],"asks":[]}`, // a REST snapshot line: counted as other
    futTicker(700, 2000, 10, "100.0", "100.1"),
    trade(702, 2003, 501, "100.1", false), // buyer taker at the ask: +1
    depth(705, 2004),
    futTicker(706, 2005, 11, "100.1", "100.2"),
    trade(703, 2002, 500, "100.0", true), // buyer is maker: a seller-initiated trade, -1 (arrives late)
    trade(710, 2005, 502, "100.1", true), // at T = 2005, tie with the quote at 2005: joined to quote 10
    trade(711, 2006, 502, "100.1", true), // duplicate id 502: dropped
  ];
  const c = await readBinanceCapture(lines.values());
  assert.deepEqual([...c.tape.timestamps], [2002, 2003, 2005]);
  assert.deepEqual([...c.tradeIds], [500, 501, 502]);
  assert.deepEqual([...c.tape.signs], [-1, 1, -1]);
  assert.equal(c.tape.symbol, "BTCUSDT");
  assert.deepEqual([...c.quotes.timestamps], [2000, 2005]);
  assert.deepEqual([...c.quotes.askSizes], [2, 2]);
  assert.deepEqual(
    [c.report.tradeMessages, c.report.bookTickerMessages, c.report.depthMessages, c.report.otherLines],
    [4, 2, 1, 1],
  );
  assert.equal(c.report.duplicateTrades, 1);
  assert.equal(c.report.missingTradeIds, 0);
  assert.equal(c.report.quoteTime, "exchange");
  // By hand: every trade is joined to quote 10 (100.0 / 100.1, mid 100.05): sell at 100.0 below the mid
  // agrees, buy at 100.1 agrees, sell at 100.1 above the mid disagrees: 2 of 3.
  const a = quoteAgreement(joinQuotes(c.tape, c.quotes));
  assert.deepEqual([a.agreeing, a.disagreeing], [2, 1]);
});

Deno.test("spot capture: quote time = receive time minus the latest trade's offset", async () => {
  const lines = [
    spotTicker(1000, 7, "50.00", "50.01"), // before any trade: receive minus the median offset
    trade(1010, 2200, 1, "50.01", false), // offset 1010 - 2201 = -1191
    spotTicker(1012, 8, "50.01", "50.02"), // 1012 + 1191 = 2203
    trade(1030, 2210, 2, "50.02", false), // offset 1030 - 2211 = -1181
    spotTicker(1031, 9, "50.01", "50.01"), // locked: dropped
  ];
  const c = await readBinanceCapture(lines.values());
  assert.equal(c.report.quoteTime, "receive minus lag");
  assert.equal(c.report.droppedQuotes, 1);
  // Median of the trade offsets -1191 and -1181 (upper median of two): -1181; first quote 1000 + 1181.
  assert.equal(c.report.medianReceiveLagMs, -1181);
  assert.deepEqual([...c.quotes.timestamps], [2181, 2203]);
});

Deno.test("capture files: gzip paths read in order; bad lines get clear errors", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/a.gz`, await gzip(futTicker(1, 10, 1, "1.0", "1.1") + "\n"));
    await Deno.writeFile(`${dir}/b.gz`, await gzip(trade(2, 11, 7, "1.1", false) + "\n"));
    const c = await readBinanceCapture([`${dir}/a.gz`, `${dir}/b.gz`]);
    assert.deepEqual([c.quotes.timestamps.length, c.tape.timestamps.length], [1, 1]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  await assert.rejects(readBinanceCapture(["not json"].values()), /line 0 must start with a receive time/);
  await assert.rejects(
    readBinanceCapture([
      line(1, "ethusdt@trade", { e: "trade", T: 1, s: "ETHUSDT", t: 1, p: "1", q: "1", m: true }),
      trade(2, 2, 2, "1", true),
    ].values()),
    /line 1 is for BTCUSDT, the capture is ETHUSDT/,
  );
  await assert.rejects(readBinanceCapture([trade(1, 1, 1, "-1", true)].values()), /price > 0/);
  await assert.rejects(readBinanceCapture([depth(1, 1)].values()), /no trade and no bookTicker/);
});
