/**
 * The shared CSV layer (lib/data/csv/_csv_rows.ts) on hand-made files: parsing across chunk boundaries,
 * line numbers, encodings, what is refused, and csvNumber. Expected values are read off the files.
 */
import assert from "node:assert/strict";
import { csvNumber, openCsv, sniffCsvBytes } from "@lib/data/csv/_csv_rows.ts";
import { writeGzip } from "../_zip.ts";
import { utf16 } from "./_odd_files.ts";

async function withFile<T>(content: string | Uint8Array, fn: (path: string) => Promise<T>): Promise<T> {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  try {
    if (typeof content === "string") await Deno.writeTextFile(path, content);
    else await Deno.writeFile(path, content);
    return await fn(path);
  } finally {
    await Deno.remove(path);
  }
}

async function allRows(path: string, options = {}) {
  const file = await openCsv(path, "test", options);
  const rows: { fields: string[]; line: number }[] = [];
  for await (const batch of file.batches()) rows.push(...batch);
  return { file, rows };
}

Deno.test("csvNumber: plain numbers, comma thousands separators, and NaN for everything else", () => {
  assert.equal(csvNumber("1,092.814"), 1092.814);
  assert.equal(csvNumber("-12,345,678"), -12345678);
  assert.equal(csvNumber(" 2.5e3 "), 2500);
  assert.equal(csvNumber(".5"), 0.5);
  for (
    const bad of ["", " ", "1,09", "1,0920", "12,34.5", "0x10", "Infinity", "NaN", "abc", "1.2.3", undefined]
  ) {
    assert.ok(Number.isNaN(csvNumber(bad)), String(bad));
  }
});

Deno.test("rows and line numbers survive chunk boundaries, quoted line breaks and skipped empty lines", async () => {
  // 5,000 rows (about 150 KiB: several 64 KiB chunks), a quoted field with a line break every 1,000 rows.
  const lines = ["id,text,value"];
  for (let i = 0; i < 5000; i++) {
    lines.push(i % 1000 === 0 ? `${i},"a\nb, ""c""",${i * 2}` : `${i},plain text ${i},${i * 2}`);
  }
  const text = lines.join("\r\n") + "\r\n\r\n";
  await withFile(text, async (path) => {
    const { rows, file } = await allRows(path);
    assert.equal(file.encoding, "utf-8");
    assert.equal(rows.length, 5001);
    assert.deepEqual(rows[1]!.fields, ["0", 'a\nb, "c"', "0"]);
    // Row i ends on line i + 2 plus one extra line per quoted break at or before it.
    for (const i of [0, 1, 999, 1000, 4999]) {
      const r = rows[i + 1]!;
      assert.equal(r.fields[0], String(i));
      assert.equal(r.fields[2], String(i * 2));
      assert.equal(r.line, i + 2 + Math.floor(i / 1000) + 1, `row ${i}`);
    }
  });
});

Deno.test("a separator, UTF-16BE with a character outside the BMP, gzip and an unchecked field count", async () => {
  await withFile("a;b\n1;2,5\n", async (path) => {
    assert.deepEqual((await allRows(path, { separator: ";" })).rows[1]!.fields, ["1", "2,5"]);
  });
  const text = "name,value\n" + Array.from({ length: 3000 }, (_, i) => `x\u{1F600}${i},${i}`).join("\n");
  await withFile(utf16(text, "be"), async (path) => {
    const { rows, file } = await allRows(path);
    assert.equal(file.encoding, "utf-16be");
    assert.equal(file.bom, true);
    assert.equal(rows.length, 3001);
    assert.deepEqual(rows[3000]!.fields, ["x\u{1F600}2999", "2999"]);
  });
  const gz = await Deno.makeTempFile({ suffix: ".csv.gz" });
  await writeGzip(gz, "a,b\n1,2\n3\n");
  await assert.rejects(allRows(gz), /line 3 must have 2 fields like line 1: current count is 1/);
  assert.equal((await allRows(gz, { checkFieldCount: false })).rows.length, 3);
  await Deno.remove(gz);
  await assert.rejects(openCsv("x", "test", { separator: '"' }), /separator must be one character/);
});

Deno.test("sniffCsvBytes: byte-order marks, UTF-32, JSON and HTML bodies", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  assert.deepEqual(sniffCsvBytes(enc("\uFEFFa,b"), "f", "t"), { encoding: "utf-8", bomLength: 3 });
  assert.deepEqual(sniffCsvBytes(utf16("a,b", "le"), "f", "t"), { encoding: "utf-16le", bomLength: 2 });
  assert.deepEqual(sniffCsvBytes(enc("a,b"), "f", "t"), { encoding: "utf-8", bomLength: 0 });
  assert.throws(() => sniffCsvBytes(new Uint8Array([0xff, 0xfe, 0, 0, 97, 0, 0, 0]), "f", "t"), /UTF-32LE/);
  assert.throws(
    () => sniffCsvBytes(enc('  {"retCode":10002}'), "f", "t"),
    /Cannot t: f must be CSV text: it starts like JSON/,
  );
  assert.throws(() => sniffCsvBytes(enc("<?xml version='1.0'?><Error/>"), "f", "t"), /HTML or XML page/);
  assert.throws(() => sniffCsvBytes(enc("\uFEFF<html><body>Access denied"), "f", "t"), /HTML or XML page/);
  assert.throws(() => sniffCsvBytes(enc("a,b\n1,\0"), "f", "t"), /a NUL byte at byte 6: binary data/);
  // A header that merely contains "<" is CSV.
  assert.equal(sniffCsvBytes(enc("price<100,n\n1,2"), "f", "t").encoding, "utf-8");
});
