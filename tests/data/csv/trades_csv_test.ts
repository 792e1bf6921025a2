/**
 * readTradesCsv on small hand-made files: every known format, the sign conventions, time units (and
 * ambiguity), sorting, bad rows by line number and duplicate ids. Expected values are read off the
 * files by hand.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { sameDtype } from "@lib/data/cache/_trade_cache.ts";
import pl from "nodejs-polars";
import { writeGzip, writeZip, writeZipEntries } from "../_zip.ts";
import { HTML_ERROR_PAGE, makeFifo, settleFifoRead, utf16 } from "./_odd_files.ts";
import {
  readTradesCsv,
  type ReadTradesCsvOptions,
  TRADE_TAPE_COLUMNS,
  TRADE_TAPE_SCHEMA,
} from "@lib/data/mod.ts";

let dir = "";
async function csv(text: string, options?: ReadTradesCsvOptions): Promise<pl.DataFrame> {
  if (!dir) dir = await Deno.makeTempDir({ prefix: "trades_csv_test_" });
  const path = join(dir, `${crypto.randomUUID()}.csv`);
  await Deno.writeTextFile(path, text);
  return readTradesCsv(path, options);
}

function cols(df: pl.DataFrame) {
  return {
    t: (df.getColumn("timestamp").cast(pl.Int64).toArray() as (number | bigint)[]).map(Number),
    price: df.getColumn("price").toArray() as number[],
    size: df.getColumn("size").toArray() as number[],
    side: df.getColumn("side").toArray() as number[],
    id: df.getColumn("tradeId").toArray() as string[],
  };
}

function assertSchema(df: pl.DataFrame) {
  assert.deepEqual(df.columns, [...TRADE_TAPE_COLUMNS]);
  for (const name of TRADE_TAPE_COLUMNS) {
    assert.ok(
      sameDtype(df.getColumn(name).dtype, TRADE_TAPE_SCHEMA[name]),
      `${name}: ${df.getColumn(name).dtype}`,
    );
  }
}

Deno.test("Binance trades with a header: is_buyer_maker=true is a taker SELL, rows sorted by time then id", async () => {
  const df = await csv(
    "id,price,qty,quote_qty,time,is_buyer_maker\n" +
      "12,61800.5,0.010,618.005,1723161256400,true\n" +
      "10,61800.3,0.006,370.8018,1723161256322,false\n" +
      "11,61800.3,0.199,12298.26,1723161256322,true\n",
    { format: "binance-trades" },
  );
  assertSchema(df);
  const c = cols(df);
  assert.deepEqual(c.id, ["10", "11", "12"]);
  assert.deepEqual(c.side, [1, -1, -1]);
  assert.deepEqual(c.t, [1723161256322, 1723161256322, 1723161256400]);
  assert.deepEqual(c.size, [0.006, 0.199, 0.01]);
});

Deno.test("Binance trades without a header (futures 6 columns, spot 7 with is_best_match) give the same tape", async () => {
  const futures = await csv("5,100.5,2,201,1700000000001,False\n4,100,1,100,1700000000000,True\n", {
    format: "binance-trades",
  });
  const spot = await csv("5,100.5,2,201,1700000000001,False,True\n4,100,1,100,1700000000000,True,True\n", {
    format: "binance-trades",
  });
  assert.deepEqual(cols(futures), cols(spot));
  assert.deepEqual(cols(futures).side, [-1, 1]);
  assert.deepEqual(cols(futures).id, ["4", "5"]);
  await assert.rejects(
    csv("1,2,3\n", { format: "binance-trades" }),
    (e: Error) => e instanceof TypeError && /has 3 fields, expected 6 or 7/.test(e.message),
  );
});

Deno.test("trade ids that are all integers sort numerically (9 before 10) at equal times", async () => {
  const df = await csv(
    "id,price,qty,quote_qty,time,is_buyer_maker\n10,1,1,1,1700000000000,false\n9,1,1,1,1700000000000,false\n",
    {
      format: "binance-trades",
    },
  );
  assert.deepEqual(cols(df).id, ["9", "10"]);
});

Deno.test("Binance aggTrades with a header map transact_time, quantity and agg_trade_id", async () => {
  const df = await csv(
    "agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker\n" +
      "2001,61801.0,0.500,3001,3004,1723161256500,false\n" +
      "2000,61800.0,0.250,3000,3000,1723161256400,true\n",
    { format: "binance-aggtrades" },
  );
  const c = cols(df);
  assert.deepEqual(c.id, ["2000", "2001"]);
  assert.deepEqual(c.size, [0.25, 0.5]);
  assert.deepEqual(c.side, [-1, 1]);
  assert.deepEqual(c.price, [61800, 61801]);
});

Deno.test("Bybit archive rows: fractional seconds floored to ms, order decided on full precision then trdMatchID, extra columns ignored", async () => {
  const df = await csv(
    "timestamp,symbol,side,size,price,tickDirection,trdMatchID,grossValue,homeNotional,foreignNotional,RPI\n" +
      "1717200000.1239,BTCUSDT,Sell,0.002,67500.5,MinusTick,bbb,1,0.002,135.001,0\n" +
      "1717200000.1231,BTCUSDT,Buy,0.001,67500.0,PlusTick,ccc,1,0.001,67.5,0\n" +
      "1717200000.1239,BTCUSDT,Buy,0.003,67500.5,ZeroPlusTick,aaa,1,0.003,202.5,0\n" +
      "1717200000,BTCUSDT,Buy,0.001,67500.0,PlusTick,ddd,1,0.001,67.5,0\n" +
      "1717200000.123099,BTCUSDT,Sell,0.001,67500.0,PlusTick,eee,1,0.001,67.5,0\n",
    { format: "bybit" },
  );
  const c = cols(df);
  // Whole seconds (older files) first; then 0.123099 s < 0.1231 s < 0.1239 s: eee, ccc, although all
  // four floor to the same ms; then aaa < bbb by id at 0.1239 s.
  assert.deepEqual(c.id, ["ddd", "eee", "ccc", "aaa", "bbb"]);
  assert.deepEqual(c.t, [1717200000000, 1717200000123, 1717200000123, 1717200000123, 1717200000123]);
  assert.deepEqual(c.side, [1, -1, 1, 1, -1]);
});

Deno.test("generic files: side as Buy/Sell, buy/sell, b/s or +1/-1; without an id column the id is the line number", async () => {
  const df = await csv(
    "timestamp,price,size,side\n1700000000.000,10,1,Buy\n1700000000.001,10,1,sell\n1700000000.002,10,1,+1\n" +
      "1700000000.003,10,1,-1\n1700000000.004,10,1,B\n1700000000.005,10,1,s\n1700000000.006,10,1,1\n",
  );
  const c = cols(df);
  assert.deepEqual(c.side, [1, -1, 1, -1, 1, -1, 1]);
  assert.deepEqual(c.id, ["2", "3", "4", "5", "6", "7", "8"]);
  assert.equal(c.t[1], 1_700_000_000_001);
});

Deno.test("a generic file with an id column uses it; the columns option maps any names (hftbacktest export)", async () => {
  const withId = await csv(
    "id,timestamp,price,size,side\nx2,1700000000000,1,1,Buy\nx1,1700000000000,1,2,Sell\n",
  );
  assert.deepEqual(cols(withId).id, ["x1", "x2"]);
  const df = await csv(
    "trade_time_ms,trade_id,price,qty,taker_side,local_recv_ns\n" +
      "1723161256344,5266583936,61800.30,0.199,Buy,1723161255088230567\n" +
      "1723161256322,5266583935,61800.30,0.006,Sell,1723161255088176367\n",
    { columns: { timestamp: "trade_time_ms", size: "qty", side: "taker_side", tradeId: "trade_id" } },
  );
  const c = cols(df);
  assert.deepEqual(c.id, ["5266583935", "5266583936"]);
  assert.deepEqual(c.side, [-1, 1]);
  assert.deepEqual(c.size, [0.006, 0.199]);
});

Deno.test("time units: s, ms, us and ns are told apart by magnitude, or given; mixed or tiny magnitudes are refused", async () => {
  const t = 1_700_000_000_123;
  for (
    const [text, unit] of [["1700000000.123", "s"], ["1700000000123", "ms"], ["1700000000123456", "us"], [
      "1700000000123456789",
      "ns",
    ]] as const
  ) {
    const auto = await csv(`timestamp,price,size,side\n${text},1,1,Buy\n`);
    const given = await csv(`timestamp,price,size,side\n${text},1,1,Buy\n`, { timeUnit: unit });
    assert.equal(cols(auto).t[0], t, unit);
    assert.equal(cols(given).t[0], t, unit);
  }
  await assert.rejects(
    csv("timestamp,price,size,side\n1700000000.5,1,1,Buy\n1700000000500,1,1,Buy\n"),
    /cannot tell the timestamp unit.*1700000000\.5 to 1700000000500.*pass options.timeUnit/,
  );
  await assert.rejects(csv("timestamp,price,size,side\n12345,1,1,Buy\n"), /cannot tell the timestamp unit/);
  await assert.rejects(
    csv("timestamp,price,size,side\n1700000000123,1,1,Buy\n", { timeUnit: "s" }),
    /line 2: timestamp must fall in 2000-01-01 \.\. 2100-01-01 read in unit s: current value is "1700000000123"/,
  );
});

Deno.test("bad rows are reported by line number (counting the header) with the raw value and the count", async () => {
  const header = "timestamp,price,size,side\n";
  const good = "1700000000.0,100,1,Buy\n";
  await assert.rejects(
    csv(header + good + "1700000001.0,abc,1,Buy\n" + good.replace(".0,", ".5,")),
    /: line 3: price must be a finite number > 0: current value is "abc" \(1 bad row\)/,
  );
  await assert.rejects(
    csv(header + good + "1700000001.0,100,0,Buy\n" + "1700000002.0,100,-2,Buy\n"),
    /line 3: size must be a finite number > 0: current value is "0" \(2 bad rows, at lines 3, 4\)/,
  );
  await assert.rejects(
    csv(header + "1700000001.0,100,1,Hold\n"),
    /line 2: side must be .*current value is "Hold"/,
  );
  await assert.rejects(
    csv(header + good + "oops,100,1,Buy\n"),
    /line 3: timestamp must be a number: current value is "oops"/,
  );
  await assert.rejects(
    csv(header + good + "1700000001.0,100\n"),
    /line 3: size must be a finite number > 0: current value is null/,
  );
  await assert.rejects(
    csv(header + good + good + "1700000001.0,100,1,Buy,extra\n"),
    /line 4 has 5 fields, line 1 has 4/,
  );
  await assert.rejects(csv(header + "1700000001.0,inf,1,Buy\n"), /line 2: price must be a finite number > 0/);
});

Deno.test("a duplicate trade id is refused, naming the id and its lines", async () => {
  await assert.rejects(
    csv(
      "id,timestamp,price,size,side\na,1700000000000,1,1,Buy\nb,1700000000001,1,1,Buy\na,1700000000002,1,1,Sell\n",
    ),
    /trade ids must be unique: id "a" appears on lines 2, 4/,
  );
});

Deno.test("a mapped column the file lacks is a TypeError listing the file's columns", async () => {
  await assert.rejects(
    csv("time,px,qty,side\n1700000000000,1,1,Buy\n"),
    (e: Error) =>
      e instanceof TypeError &&
      /missing columns\.timestamp = "timestamp".*current header is "time,px,qty,side"/.test(e.message),
  );
  await assert.rejects(csv("a\n", { timeUnit: "h" as never }), RangeError);
  await assert.rejects(csv("a\n", { format: "kraken" as never }), /format must be one of/);
});

Deno.test("Windows line endings and a byte-order mark are read like plain files", async () => {
  const df = await csv(
    "\uFEFFtimestamp,price,size,side\r\n1700000000.5,100,1,Sell\r\n1700000000.25,101,2,Buy\r\n",
  );
  const c = cols(df);
  assert.deepEqual(c.side, [1, -1]);
  assert.deepEqual(c.price, [101, 100]);
  assert.deepEqual(c.t, [1_700_000_000_250, 1_700_000_000_500]);
  // CR-only line ends (classic Mac OS; found by the fuzz table: polars splits on LF only and read one line).
  const cr = cols(await csv("timestamp,price,size,side\r1700000000.5,100,1,Sell\r1700000000.25,101,2,Buy\r"));
  assert.deepEqual(cr.price, [101, 100]);
});

Deno.test("header-only and empty files give an empty tape frame with the schema", async () => {
  assertSchema(await csv("timestamp,price,size,side\n"));
  assert.equal((await csv("")).height, 0);
});

Deno.test("sizeUnit quote divides by the price (inverse contracts of 1 USD), separator and explicit header work", async () => {
  const df = await csv("1700000000000;50000;1000;Buy\n", {
    sizeUnit: "quote",
    separator: ";",
    hasHeader: false,
    names: ["timestamp", "price", "size", "side"],
  });
  assert.deepEqual(cols(df).size, [0.02]);
});

// ---- Files that are not a trade CSV, and odd but valid shapes. Each test failed on the reader that
// handed the raw bytes to polars: a file of NUL bytes, a `foo,bar` header and an HTML page gave an empty
// tape with no error, UTF-16 was garbage, a zip was not read, and a FIFO blocked forever. ----

async function tempPath(name: string): Promise<string> {
  if (!dir) dir = await Deno.makeTempDir({ prefix: "trades_csv_test_" });
  return join(dir, `${crypto.randomUUID()}-${name}`);
}

const GENERIC = "timestamp,price,size,side\n1700000000.5,100,1,Sell\n1700000000.25,101,2,Buy\n";

Deno.test("a file of NUL bytes, a foo,bar header and a saved HTML page are errors naming the file", async () => {
  const zeros = await tempPath("zeros.csv");
  await Deno.writeFile(zeros, new Uint8Array(65_536));
  await assert.rejects(
    readTradesCsv(zeros),
    (e: Error) =>
      e instanceof RangeError && e.message.includes(zeros) && /holds only NUL bytes/.test(e.message),
  );
  await assert.rejects(
    csv("foo,bar\n"),
    (e: Error) =>
      e instanceof TypeError &&
      /\.csv: the header must have the columns timestamp, price, size, side \(format "generic"\): missing columns\.timestamp = "timestamp", columns\.price = "price", columns\.size = "size", columns\.side = "side"; current header is "foo,bar"/
        .test(e.message),
  );
  await assert.rejects(csv("foo,bar\n1,2\n"), /missing columns\.timestamp/);
  await assert.rejects(
    csv("id,qty\n1,2\n", { format: "bybit" }),
    /the header must have the columns timestamp, price, size, side, trdMatchID \(format "bybit"\)/,
  );
  const page = await tempPath("trades.csv");
  await Deno.writeTextFile(page, HTML_ERROR_PAGE);
  await assert.rejects(
    readTradesCsv(page),
    (e: Error) =>
      e.message.includes(page) && /must be CSV text: it starts like an HTML or XML page/.test(e.message),
  );
});

Deno.test("quoted fields and UTF-16 with a byte-order mark read like plain UTF-8", async () => {
  const quoted = await csv(
    '"timestamp","price","size","side","tradeId"\n' +
      '"1700000000.5","100","1","Sell","a,1"\n1700000000.25,101,2,Buy,"b""2"\n',
  );
  assert.deepEqual(cols(quoted).id, ['b"2', "a,1"]);
  assert.deepEqual(cols(quoted).price, [101, 100]);
  for (const endian of ["le", "be"] as const) {
    const path = await tempPath(`${endian}.csv`);
    await Deno.writeFile(path, utf16(GENERIC.replaceAll("\n", "\r\n"), endian));
    const c = cols(await readTradesCsv(path));
    assert.deepEqual(c.side, [1, -1], endian);
    assert.deepEqual(c.t, [1_700_000_000_250, 1_700_000_000_500], endian);
  }
  const nobom = await tempPath("nobom.csv");
  await Deno.writeFile(nobom, utf16(GENERIC, "le", false));
  await assert.rejects(readTradesCsv(nobom), /UTF-16LE without a byte-order mark/);
});

Deno.test("gzip and single-file zips are read; a zip with two CSVs names them, options.entry picks one", async () => {
  const gz = await tempPath("t.csv.gz");
  await writeGzip(gz, GENERIC);
  assert.deepEqual(cols(await readTradesCsv(gz)).price, [101, 100]);
  const zip = await tempPath("t.zip");
  await writeZip(zip, "t.csv", GENERIC);
  assert.deepEqual(cols(await readTradesCsv(zip)).price, [101, 100]);
  const two = await tempPath("two.zip");
  await writeZipEntries(two, [
    { name: "__MACOSX/._b.csv", text: new Uint8Array([0, 5, 22, 7]) },
    { name: "a.csv", text: GENERIC },
    { name: "b.csv", text: GENERIC.replace("100,1", "99,1") },
  ]);
  await assert.rejects(
    readTradesCsv(two),
    /two\.zip must hold one data file: current count is 2 \("a\.csv", "b\.csv"\); pass options\.entry/,
  );
  assert.deepEqual(cols(await readTradesCsv(two, { entry: "b.csv" })).price, [101, 99]);
});

Deno.test("a FIFO and a directory are refused before they are opened", async () => {
  const fifo = await tempPath("pipe.csv");
  if (await makeFifo(fifo)) {
    await assert.rejects(
      settleFifoRead(fifo, readTradesCsv(fifo)),
      (e: Error) =>
        e instanceof TypeError && /pipe\.csv must be a regular file: current value is a FIFO/.test(e.message),
    );
  }
  const folder = await tempPath("folder.csv");
  await Deno.mkdir(folder);
  await assert.rejects(
    readTradesCsv(folder),
    (e: Error) =>
      e instanceof TypeError &&
      /folder\.csv must be a regular file: current value is a directory/.test(e.message),
  );
});

Deno.test("cleanup", async () => {
  if (dir) await Deno.remove(dir, { recursive: true });
});
