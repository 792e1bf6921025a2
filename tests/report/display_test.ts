import assert from "node:assert/strict";
import { markdown, table } from "@lib/mod.ts";

const display = Symbol.for("Jupyter.display");
type Bundle = Record<symbol, () => Record<string, string>>;

Deno.test("table renders aligned text and escaped HTML with the given headers and formats", () => {
  const t = table(
    [{ name: "<a>", cost: 1234.5678 }, { name: "b", cost: 2 }],
    {
      columns: [{ key: "name" }, { key: "cost", label: "cost (USDT)", format: (v) => v.toFixed(1) }],
      caption: "Costs",
    },
  );
  assert.deepEqual(t.headers, ["name", "cost (USDT)"]);
  assert.deepEqual(t.rows, [["<a>", "1234.6"], ["b", "2.0"]]);
  const lines = t.toString().split("\n");
  assert.equal(lines[0], "Costs");
  assert.equal(lines[1], "name  cost (USDT)");
  const html = (t as unknown as Bundle)[display]!()["text/html"]!;
  assert.match(html, /&lt;a&gt;/);
  assert.match(html, /<caption>Costs<\/caption>/);
});

Deno.test("table defaults to every key and formats numbers to 4 significant digits", () => {
  const t = table([{ a: 1.23456789, b: 1_000_000 }]);
  assert.deepEqual(t.rows, [["1.235", "1,000,000"]]);
});

Deno.test("markdown displays as text/markdown", () => {
  const m = markdown("**bold**");
  assert.equal((m as unknown as Bundle)[display]!()["text/markdown"], "**bold**");
  assert.equal(String(m), "**bold**");
});
