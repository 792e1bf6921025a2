import assert from "node:assert/strict";
import * as Plot from "@observablehq/plot";
import { impactCurvePlot, renderFigure } from "@lib/mod.ts";
import { FIGURE_SVG_MIME } from "@lib/plot/mod.ts";

const display = Symbol.for("Jupyter.display");

Deno.test("renderFigure returns standalone SVG with a namespace and a Jupyter mime bundle", async () => {
  const fig = renderFigure({ marks: [Plot.dot([{ x: 1, y: 2 }, { x: 3, y: 4 }], { x: "x", y: "y" })] });
  assert.match(fig.svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  const bundle = await (fig as unknown as Record<symbol, () => Promise<Record<string, string>>>)[display]!();
  // The PNG that every viewer shows, first: base64 of a PNG (signature 89 50 4E 47); the SVG beside it
  // under the vendor type, and no image/svg+xml, which nbconvert would pick and strip to nothing.
  assert.deepEqual(Object.keys(bundle), ["image/png", FIGURE_SVG_MIME, "text/plain"]);
  assert.equal(atob(bundle["image/png"]!).slice(1, 4), "PNG");
  assert.equal(bundle[FIGURE_SVG_MIME], fig.svg);
  assert.equal((fig.svg.match(/<circle/g) ?? []).length, 2);
});

Deno.test("a figure with a legend is stacked into one SVG that keeps the legend colours", () => {
  const fig = renderFigure({
    ...impactCurvePlot([
      { label: "square root", law: { eta: 1, delta: 0.5, dailyVolatility: 0.02 } },
      { label: "linear", law: { eta: 1, delta: 1, dailyVolatility: 0.02 } },
    ]),
    title: "Two laws",
  });
  assert.equal((fig.svg.match(/<svg xmlns=/g) ?? []).length, 1, "one root namespace");
  assert.match(fig.svg, /Two laws/);
  assert.match(fig.svg, /square root/);
  // The legend's swatches carry the scheme's colours, not a black default.
  assert.match(fig.svg, /<rect x="0" y="[\d.]+" width="12" height="12" fill="#[0-9a-f]{6}"/);
});
