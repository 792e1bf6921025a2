import assert from "node:assert/strict";
import { describeKlineSource, readKlinesCsv } from "@lib/mod.ts";
import { klineDailyVolume } from "@lib/market/mod.ts";
import { assertClose } from "../../_assert.ts";
import { writeGzip, writeZip, writeZipEntries } from "../_zip.ts";
import { HTML_ERROR_PAGE, makeFifo, settleFifoRead, utf16 } from "./_odd_files.ts";

const T0 = Date.UTC(2025, 0, 1); // 1735689600000

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** `n` one-minute rows from `T0`: price 100 + i, volume 1 + i (base), turnover close * volume * 1.001. */
function rows(n: number, time: (t: number) => string, turnover = true, order: "asc" | "desc" = "asc") {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = 100 + i, v = 1 + i;
    out.push(
      [time(T0 + i * 60_000), c, c + 1, c - 1, c, v, ...(turnover ? [(c * v * 1.001).toFixed(6)] : [])].join(
        ",",
      ),
    );
  }
  return (order === "desc" ? out.reverse() : out).join("\n") + "\n";
}

Deno.test("Bybit API rows (no header, newest first, ms, turnover): sorted, volume found to be base", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/bybit.csv`, rows(5, (t) => String(t), true, "desc"));
    const { columns, report, candles } = await readKlinesCsv(`${dir}/bybit.csv`);
    assert.deepEqual([...columns.startTime], [0, 1, 2, 3, 4].map((i) => T0 + i * 60_000));
    assert.deepEqual([...columns.close], [100, 101, 102, 103, 104]);
    assert.equal(report.layout, "headerless");
    assert.equal(report.reordered, true);
    assert.equal(report.timeUnit, "ms");
    assert.equal(report.timeUnitSource, "detected");
    assert.equal(report.volumeUnit, "base");
    assert.equal(report.volumeUnitSource, "turnover check");
    assert.equal(report.turnoverSource, "file");
    assertClose(report.turnoverCheck!.medianTurnoverOverCloseVolume, 1.001, { rel: 1e-9 });
    assert.equal(report.interval, "1");
    assert.equal(report.missingBars, 0);
    assert.deepEqual(candles.columns, [
      "startTime",
      "open",
      "high",
      "low",
      "close",
      "volume",
      "turnover",
      "source",
    ]);
    assert.match(describeKlineSource(candles), /data of file bybit\.csv source/);
  });
});

Deno.test("epoch seconds and microseconds are detected; a mix or a tiny number asks for timeUnit", async () => {
  await withDir(async (dir) => {
    for (const [unit, scale] of [["s", 1e-3], ["us", 1e3], ["ns", 1e6]] as const) {
      await Deno.writeTextFile(
        `${dir}/${unit}.csv`,
        "open_time,open,high,low,close,volume\n" + rows(3, (t) => String(t * scale), false),
      );
      const { columns, report } = await readKlinesCsv(`${dir}/${unit}.csv`);
      assert.equal(report.timeUnit, unit);
      assert.equal(columns.startTime[1], T0 + 60_000, unit);
    }
    await Deno.writeTextFile(
      `${dir}/mix.csv`,
      `time,open,high,low,close,volume\n${T0 / 1000},1,1,1,1,1\n${T0 + 60_000},1,1,1,1,1\n`,
    );
    await assert.rejects(
      readKlinesCsv(`${dir}/mix.csv`),
      /mixes units \(row 0 reads as s, row 1 = \d+ as ms\): pass timeUnit/,
    );
    await Deno.writeTextFile(
      `${dir}/tiny.csv`,
      "time,open,high,low,close,volume\n5,1,1,1,1,1\n7,1,1,1,1,1\n",
    );
    await assert.rejects(
      readKlinesCsv(`${dir}/tiny.csv`),
      /not a 1990-2100 epoch time in s, ms, us or ns: pass timeUnit/,
    );
    // Given explicitly, the unit is used as is.
    const given = await readKlinesCsv(`${dir}/s.csv`, { timeUnit: "s" });
    assert.equal(given.report.timeUnitSource, "given");
  });
});

Deno.test("Binance kline files (12 columns, quote volume in column 7, microseconds)", async () => {
  await withDir(async (dir) => {
    const lines = [0, 1, 2].map((i) => {
      const t = (T0 + i * 60_000) * 1000;
      return [t, 100, 101, 99, 100.5, 2, t + 59_999_999, 201.2, 50, 1, 100.6, 0].join(",");
    });
    await Deno.writeTextFile(`${dir}/BTCUSDT-1m-2025-01-01.csv`, lines.join("\n"));
    const { columns, report } = await readKlinesCsv(`${dir}/BTCUSDT-1m-2025-01-01.csv`);
    assert.equal(report.timeUnit, "us");
    assert.equal(report.columns.turnover, "#7");
    assert.equal(report.volumeUnit, "base");
    assert.deepEqual([...columns.turnover], [201.2, 201.2, 201.2]);
  });
});

Deno.test("TradingView export: +01:00 offsets converted to UTC, indicator columns ignored, volume assumed base", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/tv.csv`,
      "time,open,high,low,close,Volume,Volume MA,RSI\n" +
        "2022-11-11T15:10:00+01:00,17225.5,17225.5,17026,17056,1691.685,1005.2,40\n" +
        "2022-11-11T15:20:00+01:00,17056,17104,16713,16753.5,8033.301,1397.8,35\n",
    );
    const { columns, report } = await readKlinesCsv(`${dir}/tv.csv`);
    assert.deepEqual([...columns.startTime], [
      Date.UTC(2022, 10, 11, 14, 10),
      Date.UTC(2022, 10, 11, 14, 20),
    ]);
    assert.deepEqual(report.utcOffsets, ["+01:00"]);
    assert.deepEqual(report.ignoredColumns, ["Volume MA", "RSI"]);
    assert.equal(report.barMs, 600_000);
    assert.equal(report.interval, undefined); // 10 minutes is not a Bybit interval
    assert.equal(report.volumeUnitSource, "assumed (no turnover column)");
    assert.equal(report.turnoverSource, "estimated");
    assertClose(columns.turnover[0]!, 1691.685 * (17225.5 + 17225.5 + 17026 + 17056) / 4, { rel: 1e-12 });
    assert.ok(report.notes.some((n) => /\+01:00 converted to UTC/.test(n)));
    assert.ok(report.notes.some((n) => /assumed in base units/.test(n)));
  });
});

Deno.test("ISO times without offset are an error unless naiveTimesAreUtc; the time column is mappable", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/naive.csv`,
      "when,open,high,low,close,volume\n" +
        rows(2, (t) => new Date(t).toISOString().slice(0, 19).replace("T", " "), false),
    );
    await assert.rejects(readKlinesCsv(`${dir}/naive.csv`), /naive\.csv: no column for startTime/);
    await assert.rejects(
      readKlinesCsv(`${dir}/naive.csv`, { columns: { startTime: "when" } }),
      /has no UTC offset.*naiveTimesAreUtc/,
    );
    const { columns } = await readKlinesCsv(`${dir}/naive.csv`, {
      columns: { startTime: "WHEN" },
      naiveTimesAreUtc: true,
    });
    assert.equal(columns.startTime[0], T0);
  });
});

Deno.test("volume in quote currency: detected from turnover, from the column name, or given", async () => {
  await withDir(async (dir) => {
    // turnover == volume: both in quote.
    await Deno.writeTextFile(
      `${dir}/q.csv`,
      `timestamp,open,high,low,close,volume,turnover\n${T0},100,100,100,100,500,500\n${
        T0 + 60_000
      },100,100,100,100,300,300\n`,
    );
    const q = await readKlinesCsv(`${dir}/q.csv`);
    assert.equal(q.report.volumeUnit, "quote");
    assert.deepEqual([...q.columns.volume], [5, 3]); // base = quote / typical price
    assert.deepEqual([...q.columns.turnover], [500, 300]);
    // Named as quote.
    await Deno.writeTextFile(
      `${dir}/n.csv`,
      `timestamp,open,high,low,close,volume_usdt\n${T0},100,100,100,100,500\n${
        T0 + 60_000
      },100,100,100,100,300\n`,
    );
    const n = await readKlinesCsv(`${dir}/n.csv`);
    assert.equal(n.report.volumeUnitSource, "column name");
    assert.deepEqual([...n.columns.volume], [5, 3]);
    // Inverse contract: volume in USD, turnover in BTC.
    await Deno.writeTextFile(
      `${dir}/i.csv`,
      `timestamp,open,high,low,close,volume,turnover\n${T0},100,100,100,100,500,5\n${
        T0 + 60_000
      },100,100,100,100,300,3\n`,
    );
    const inv = await readKlinesCsv(`${dir}/i.csv`);
    assert.equal(inv.report.volumeUnit, "quote");
    assert.deepEqual([...inv.columns.volume], [5, 3]);
    assert.deepEqual([...inv.columns.turnover], [500, 300]);
    // Turnover that fits neither.
    await Deno.writeTextFile(
      `${dir}/x.csv`,
      `timestamp,open,high,low,close,volume,turnover\n${T0},100,100,100,100,500,7\n${
        T0 + 60_000
      },100,100,100,100,300,7\n`,
    );
    await assert.rejects(
      readKlinesCsv(`${dir}/x.csv`),
      /turnover \(column turnover\) is neither close \* volume nor volume/,
    );
    // Given: used, with a note when the check disagrees.
    const given = await readKlinesCsv(`${dir}/q.csv`, { volumeUnit: "base" });
    assert.equal(given.report.volumeUnitSource, "given");
    assert.ok(given.report.notes.some((s) => /turnover check points to quote/.test(s)));
  });
});

Deno.test("repeated times, OHLC violations and bad numbers name the row", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/dup.csv`,
      `t,open,high,low,close,volume\n${T0},1,1,1,1,1\n${T0},1,1,1,1,1\n`,
    );
    await assert.rejects(
      readKlinesCsv(`${dir}/dup.csv`, { columns: { startTime: "t" } }),
      /rows 0 and 1 have the same time/,
    );
    await Deno.writeTextFile(
      `${dir}/ohlc.csv`,
      `time,open,high,low,close,volume\n${T0},1,1,1,1,1\n${T0 + 60_000},1,0.5,1,1,1\n`,
    );
    await assert.rejects(readKlinesCsv(`${dir}/ohlc.csv`), /row 1 violates low <= open, close <= high/);
    await Deno.writeTextFile(
      `${dir}/nan.csv`,
      `time,open,high,low,close,volume\n${T0},1,1,1,1,1\n${T0 + 60_000},1,x,1,1,1\n`,
    );
    await assert.rejects(
      readKlinesCsv(`${dir}/nan.csv`),
      /row 1, high \(column high\) is not a number: "x" \(.*nan\.csv line 3\)/,
    );
  });
});

Deno.test("gzip and zip files, Lean trade bars with the date from the entry name, missing bars counted", async () => {
  await withDir(async (dir) => {
    const text = "time,open,high,low,close,volume\n" + rows(4, (t) => String(t), false);
    await writeGzip(`${dir}/k.csv.gz`, text);
    assert.equal((await readKlinesCsv(`${dir}/k.csv.gz`)).report.rows, 4);
    // Lean: ms since midnight (rows as in QuantConnect Lean's crypto trade bars); the 00:02 bar is missing.
    await writeZip(
      `${dir}/trade.zip`,
      "20221213_btcusdt_minute_trade.csv",
      "0,17208.86,17212.99,17205,17205,1.549151\n60000,17206.64,17223.47,17206,17223.46,6.802688\n180000,17223.46,17238.32,17221.36,17221.73,3.892251\n",
    );
    const lean = await readKlinesCsv(`${dir}/trade.zip`);
    assert.equal(lean.report.layout, "lean");
    assert.deepEqual([...lean.columns.startTime], [0, 1, 3].map((m) => Date.UTC(2022, 11, 13, 0, m)));
    assert.equal(lean.report.missingBars, 1);
    await writeZip(`${dir}/nodate.zip`, "trade.csv", "0,1,1,1,1,1\n60000,1,1,1,1,1\n");
    await assert.rejects(readKlinesCsv(`${dir}/nodate.zip`), /Lean trade bars.*pass options\.date/);
  });
});

Deno.test("a whole day of seconds-stamped candles gives daily volume, not 'must cover one full UTC day'", async () => {
  await withDir(async (dir) => {
    const lines = ["time,open,high,low,close,volume"];
    for (let i = 0; i < 1440; i++) lines.push(`${T0 / 1000 + i * 60},100,101,99,100,2`);
    await Deno.writeTextFile(`${dir}/day.csv`, lines.join("\n"));
    const { candles } = await readKlinesCsv(`${dir}/day.csv`);
    assert.equal(klineDailyVolume(candles).averageDailyVolume, 2880);
  });
});

// ---- File shapes: quoting, line ends, encodings, zips with several entries, files that are not files. ----
// Each expected value is read off the hand-written file; each test failed on the line-splitting reader
// (it read "1,092.814" as 1, ignored quotes, CR-only line ends, BOMs and extra fields, took a zip's first
// entry, and blocked on a FIFO).

const HEADER = "time,open,high,low,close,volume";
/** Three one-minute candles from T0 with volumes 1, 2, 3 (base), no turnover. */
const PLAIN = [0, 1, 2].map((i) => `${T0 + i * 60_000},100,101,99,100,${i + 1}`);

Deno.test("quoted fields: a volume with thousands separators, a separator and doubled quotes in a text column", async () => {
  await withDir(async (dir) => {
    const text = `"time","open","high","low","close","volume","note"\r\n` +
      `${T0},100,101,99,100,"1,092.814","buy, ""big"""\r\n` +
      `${T0 + 60_000},100,101,99,100,"2,000",plain\r\n` +
      `${T0 + 120_000},100,101,99,100,5,"two\nlines"\r\n`;
    await Deno.writeTextFile(`${dir}/q.csv`, text);
    const { columns, report } = await readKlinesCsv(`${dir}/q.csv`);
    assert.deepEqual([...columns.volume], [1092.814, 2000, 5]);
    assert.deepEqual(report.ignoredColumns, ["note"]);
    assert.ok(report.notes.some((n) => /2 numbers were written with comma thousands separators/.test(n)));
  });
});

Deno.test("CR-only, LF and CRLF line ends (mixed) and a UTF-8 byte-order mark read the same candles", async () => {
  await withDir(async (dir) => {
    const files: Record<string, string> = {
      cr: [HEADER, ...PLAIN].join("\r") + "\r",
      mixed: `${HEADER}\r\n${PLAIN[0]}\n${PLAIN[1]}\r${PLAIN[2]}`,
      bom: "\uFEFF" + [HEADER, ...PLAIN].join("\n"),
    };
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(`${dir}/${name}.csv`, text);
      const { columns } = await readKlinesCsv(`${dir}/${name}.csv`);
      assert.deepEqual([...columns.volume], [1, 2, 3], name);
      assert.equal(columns.startTime[2], T0 + 120_000, name);
    }
  });
});

Deno.test("UTF-16 with a byte-order mark is decoded; without one, or with NUL bytes, the file is refused", async () => {
  await withDir(async (dir) => {
    const text = [HEADER, ...PLAIN].join("\r\n") + "\r\n";
    for (const endian of ["le", "be"] as const) {
      await Deno.writeFile(`${dir}/${endian}.csv`, utf16(text, endian));
      const { columns } = await readKlinesCsv(`${dir}/${endian}.csv`);
      assert.deepEqual([...columns.volume], [1, 2, 3], endian);
    }
    await Deno.writeFile(`${dir}/nobom.csv`, utf16(text, "le", false));
    await assert.rejects(
      readKlinesCsv(`${dir}/nobom.csv`),
      /nobom\.csv must be CSV text: it holds NUL bytes from byte 1: it looks like UTF-16LE without a byte-order mark/,
    );
    await Deno.writeFile(`${dir}/zeros.csv`, new Uint8Array(4096));
    await assert.rejects(
      readKlinesCsv(`${dir}/zeros.csv`),
      /zeros\.csv must be CSV text: it holds only NUL bytes/,
    );
    // A NUL byte past the first 8 KiB (a file cut off and padded with zeros): byte offset named.
    const head = [HEADER, ...Array.from({ length: 400 }, (_, i) => `${T0 + i * 60_000},100,101,99,100,1`)]
      .join("\n") + "\n";
    const bytes = new Uint8Array(head.length + 16);
    bytes.set(new TextEncoder().encode(head));
    await Deno.writeFile(`${dir}/padded.csv`, bytes);
    await assert.rejects(readKlinesCsv(`${dir}/padded.csv`), new RegExp(`NUL byte at byte ${head.length}`));
  });
});

Deno.test("every row must have the header's number of fields: the error names the line", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/ragged.csv`, [HEADER, PLAIN[0], PLAIN[1] + ",7", PLAIN[2]].join("\n"));
    await assert.rejects(
      readKlinesCsv(`${dir}/ragged.csv`),
      /ragged\.csv line 3 must have 6 fields like line 1: current count is 7/,
    );
    await Deno.writeTextFile(`${dir}/open.csv`, [HEADER, PLAIN[0], PLAIN[1] + ',"2'].join("\n"));
    await assert.rejects(
      readKlinesCsv(`${dir}/open.csv`),
      /open\.csv is not valid CSV at line 3: Quote Not Closed/,
    );
  });
});

Deno.test("a zip with two CSVs names them (options.entry picks one); __MACOSX, dot files and directories are skipped", async () => {
  await withDir(async (dir) => {
    const a = [HEADER, ...PLAIN].join("\n");
    const b = [HEADER, ...PLAIN.map((l) => l.replace(/,\d$/, ",9"))].join("\n");
    await writeZipEntries(`${dir}/two.zip`, [{ name: "a.csv", text: a }, { name: "sub/b.csv", text: b }]);
    await assert.rejects(
      readKlinesCsv(`${dir}/two.zip`),
      /two\.zip must hold one data file: current count is 2 \("a\.csv", "sub\/b\.csv"\); pass options\.entry/,
    );
    assert.deepEqual([...(await readKlinesCsv(`${dir}/two.zip`, { entry: "b.csv" })).columns.volume], [
      9,
      9,
      9,
    ]);
    assert.deepEqual([...(await readKlinesCsv(`${dir}/two.zip`, { entry: "a.csv" })).columns.volume], [
      1,
      2,
      3,
    ]);
    await assert.rejects(
      readKlinesCsv(`${dir}/two.zip`, { entry: "c.csv" }),
      /options\.entry must name one file/,
    );
    // As macOS's Archive Utility writes it: the AppleDouble resource fork comes first.
    const appleDouble = new Uint8Array([0, 5, 22, 7, 0, 2, 0, 0, 77, 97, 99, 32, 79, 83, 32, 88]);
    await writeZipEntries(`${dir}/mac.zip`, [
      { name: "__MACOSX/", text: "" },
      { name: "__MACOSX/._k.csv", text: appleDouble },
      { name: ".DS_Store", text: appleDouble },
      { name: "data/", text: "" },
      { name: "data/._k.csv", text: appleDouble },
      { name: "data/k.csv", text: a },
    ]);
    assert.deepEqual([...(await readKlinesCsv(`${dir}/mac.zip`)).columns.volume], [1, 2, 3]);
    await writeZipEntries(`${dir}/meta.zip`, [{ name: "__MACOSX/._k.csv", text: appleDouble }]);
    await assert.rejects(
      readKlinesCsv(`${dir}/meta.zip`),
      /meta\.zip holds no data file: its entries are "__MACOSX\/\._k\.csv"/,
    );
  });
});

Deno.test("a FIFO, a directory and a saved HTML error page are refused with the file named", async () => {
  await withDir(async (dir) => {
    if (await makeFifo(`${dir}/pipe.csv`)) {
      await assert.rejects(
        settleFifoRead(`${dir}/pipe.csv`, readKlinesCsv(`${dir}/pipe.csv`)),
        (e: Error) =>
          e instanceof TypeError &&
          /pipe\.csv must be a regular file: current value is a FIFO/.test(e.message),
      );
    }
    await Deno.mkdir(`${dir}/folder.csv`);
    await assert.rejects(
      readKlinesCsv(`${dir}/folder.csv`),
      (e: Error) =>
        e instanceof TypeError &&
        /folder\.csv must be a regular file: current value is a directory/.test(e.message),
    );
    await Deno.writeTextFile(`${dir}/page.csv`, HTML_ERROR_PAGE);
    await assert.rejects(
      readKlinesCsv(`${dir}/page.csv`),
      /page\.csv must be CSV text: it starts like an HTML or XML page \("<!DOCTYPE html>/,
    );
    await Deno.writeTextFile(`${dir}/api.csv`, '{"retCode":10006,"retMsg":"Too many visits!"}');
    await assert.rejects(readKlinesCsv(`${dir}/api.csv`), /api\.csv must be CSV text: it starts like JSON/);
  });
});
