/**
 * readFillsCsv on small hand-made files: sides in every spelling, time units and ISO times, column aliases
 * and overrides, bad rows named by line, missing columns, and the fills grouped by parentOrdersFromFills.
 * Expected values are read off the files by hand.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parentOrdersFromFills } from "@lib/mod.ts";
import { readFillsCsv, type ReadFillsCsvOptions } from "@lib/data/mod.ts";
import { writeGzip } from "../_zip.ts";

let dir = "";
async function write(text: string): Promise<string> {
  if (!dir) dir = await Deno.makeTempDir({ prefix: "fills_csv_test_" });
  const path = join(dir, `${crypto.randomUUID()}.csv`);
  await Deno.writeTextFile(path, text);
  return path;
}
const read = async (text: string, options?: ReadFillsCsvOptions) => readFillsCsv(await write(text), options);

Deno.test("sides buy/sell, b/s, +1/-1 in any case map to +1/-1; rows keep the file's order", async () => {
  const f = await read(
    "order_id,timestamp,price,size,side\n" +
      "A,1723161600000,100.5,2,Buy\nA,1723161601000,100.6,1,BUY\nA,1723161602000,100.7,1,b\nA,1723161603000,100.7,1,+1\nA,1723161604000,100.7,1,1\n" +
      "B,1723161605000,100.4,3,sell\nB,1723161606000,100.3,1,S\nB,1723161607000,100.3,1,-1\n",
  );
  assert.deepEqual([...f.side], [1, 1, 1, 1, 1, -1, -1, -1]);
  assert.deepEqual(f.orderId, ["A", "A", "A", "A", "A", "B", "B", "B"]);
  assert.deepEqual([...f.size], [2, 1, 1, 1, 1, 3, 1, 1]);
  assert.equal(f.timestamp[7], 1723161607000);
});

Deno.test("time units are detected (s with fractions, us), ISO times need an offset unless naive times are UTC", async () => {
  const s = await read("orderId,time,px,qty,side\nA,1723161600.25,1,1,buy\n");
  assert.equal(s.timestamp[0], 1723161600250);
  const us = await read("orderId,time,px,qty,side\nA,1723161600250000,1,1,buy\n");
  assert.equal(us.timestamp[0], 1723161600250);
  const iso = await read("orderId,time,px,qty,side\nA,2024-08-09T02:00:00.5+02:00,1,1,buy\n");
  assert.equal(iso.timestamp[0], Date.UTC(2024, 7, 9, 0, 0, 0, 500));
  const naive = "orderId,time,px,qty,side\nA,2024-08-09 00:00:00,1,1,buy\n";
  await assert.rejects(read(naive), /line 2: timestamp must be an ISO time with a UTC offset/);
  assert.equal((await read(naive, { naiveTimesAreUtc: true })).timestamp[0], Date.UTC(2024, 7, 9));
  await assert.rejects(
    read("orderId,time,px,qty,side\nA,2024-08-09T00:00:00Z,1,1,buy\nA,yesterday,1,1,buy\n"),
    /line 3: timestamp must be an epoch number or an ISO 8601 time: current value is "yesterday"/,
  );
});

Deno.test("bad rows are named by their line (counting the header and blank lines)", async () => {
  const head = "order_id,timestamp,price,size,side\nA,1723161600000,100,1,buy\n\n";
  await assert.rejects(
    read(head + "A,1723161601000,-1,1,buy\n"),
    /line 4: price must be a finite number > 0: current value is "-1"/,
  );
  await assert.rejects(
    read(head + "A,1723161601000,100,abc,buy\n"),
    /line 4: size must be a finite number > 0: current value is "abc"/,
  );
  await assert.rejects(
    read(head + "A,1723161601000,100,1,long\n"),
    /line 4: side must be buy, sell, b, s, \+1 or -1: current value is "long"/,
  );
  await assert.rejects(read(head + ",1723161601000,100,1,buy\n"), /line 4: orderId must be a non-empty id/);
  await assert.rejects(read(head + "A,,100,1,buy\n"), /line 4: timestamp must be/);
  await assert.rejects(read(head + "A,1723161601000,100,1\n"), /line 4 must have 5 fields/);
});

Deno.test("missing columns are listed with the header; options.columns maps other names", async () => {
  await assert.rejects(
    read("id,time,price,side\nA,1723161600000,1,buy\n"),
    (e: Error) =>
      e instanceof TypeError &&
      /missing orderId, size; current header is "id,time,price,side"/.test(e.message),
  );
  const f = await read('Parent Ref;When;Fill Px;Fill Amt;Side\nP1;1723161600000;"1,092.5";0.5;Sell\n', {
    separator: ";",
    columns: { orderId: "parent_ref", timestamp: "when", price: "fill px", size: "fill_amt" },
  });
  assert.deepEqual([f.orderId[0], f.price[0], f.size[0], f.side[0]], ["P1", 1092.5, 0.5, -1]);
  await assert.rejects(
    read("a,b\n1,2\n", { columns: { orderId: "nope" } }),
    /missing columns\.orderId = "nope", timestamp, price, size, side/,
  );
  await assert.rejects(read("order_id,timestamp,price,size,side\n"), /has no fill rows/);
});

Deno.test("a gzip file of fills groups into parent orders on a tape", async () => {
  if (!dir) dir = await Deno.makeTempDir({ prefix: "fills_csv_test_" });
  const path = join(dir, "fills.csv.gz");
  await writeGzip(path, "order_id,timestamp,price,size,side\na,1000,100.1,2,buy\na,2000,100.2,2,buy\n");
  const fills = await readFillsCsv(path, { timeUnit: "ms" }); // the toy tape starts at 0 ms
  const tape = {
    timestamps: Float64Array.from([0, 1_000, 2_000, 3_000]),
    prices: Float64Array.from([100, 100.1, 100.2, 100.2]),
    sizes: Float64Array.from([1, 2, 2, 1]),
    signs: Int8Array.from([1, 1, 1, -1]),
    symbol: "T",
    source: "csv" as const,
  };
  const { orders } = parentOrdersFromFills(fills, tape);
  assert.equal(orders.length, 1);
  assert.equal(orders[0]!.size, 4);
  assert.ok(Math.abs(orders[0]!.executionPrice - 100.15) < 1e-12); // (2 * 100.1 + 2 * 100.2) / 4
  assert.equal(orders[0]!.arrivalPrice, 100); // the last trade before the first fill
});

Deno.test({
  name: "fills_csv cleanup",
  fn: async () => {
    if (dir) await Deno.remove(dir, { recursive: true });
  },
});
