import assert from "node:assert/strict";
import { markdown, notebookSummary, table } from "@lib/mod.ts";
import { SUMMARY_MIME } from "@lib/report/mod.ts";
import { markdownText } from "@lib/report/mod.ts";

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

Deno.test("notebookSummary's Markdown holds no HTML or link from its fields; its JSON keeps them verbatim", () => {
  const payload = `<script>alert(1)</script><img src=x onerror=alert(2)>`;
  const link = "[click](javascript:alert(3))";
  const s = notebookSummary({
    data: [{ name: payload, source: "none", description: `${link} ${payload}` }],
    numbers: [{ label: `eta ${payload}`, value: `<b>${link}</b>`, note: payload }],
    headline: `${link} ${payload}`,
  });
  const bundle = (s as unknown as Bundle)[display]!() as unknown as Record<string, unknown>;
  const md = bundle["text/markdown"] as string;
  assert.equal(md, String(s));
  // No tag can open and no inline link can form: every "<" is a character reference, every "](" escaped.
  assert.doesNotMatch(md, /<|\]\(/);
  assert.equal((md.match(/&lt;script&gt;/g) ?? []).length, 4, "headline, description, label, note");
  assert.match(md, /\[click\]\\\(javascript:alert\(3\)\)/);
  assert.match(bundle["text/plain"] as string, /<script>alert\(1\)<\/script>/, "plain text stays as written");
  const json = bundle[SUMMARY_MIME] as { headline: string };
  assert.equal(json.headline, `${link} ${payload}`);
});

Deno.test("markdownText escapes HTML and link syntax only", () => {
  assert.equal(markdownText("**eta** = $\\eta$ & <b>"), "**eta** = $\\eta$ &amp; &lt;b&gt;");
  assert.equal(markdownText("[a](b)"), "[a]\\(b)");
});

Deno.test("dollars in summaries and markdown() are literal: &#36; in Markdown, $ in plain text", () => {
  assert.equal(markdownText("cost 5 \\$ at $\\eta$"), "cost 5 &#36; at $\\eta$");
  const s = notebookSummary({
    data: [],
    numbers: [{ label: "E", value: 911_227, unit: "$" }, { label: "$\\sqrt V$", value: 603_430, unit: "$" }],
  });
  const md = ((s as unknown as Bundle)[display]!() as Record<string, string>)["text/markdown"]!;
  // Two "$" units next to each other would pair up as a math span in classic Jupyter and nbconvert.
  assert.match(md, /- E: 911,200 &#36;\n- \$\\sqrt V\$: 603,400 &#36;$/);
  const m = (markdown("0.91 M\\$ at $x$") as unknown as Bundle)[display]!();
  assert.equal(m["text/markdown"], "0.91 M&#36; at $x$");
  assert.equal(m["text/plain"], "0.91 M$ at $x$");
});
