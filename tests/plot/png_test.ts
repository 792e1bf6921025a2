import assert from "node:assert/strict";
import * as Plot from "@observablehq/plot";
import { renderFigure, svgToPng, toBase64 } from "@lib/plot/mod.ts";

const svg = (body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">${body}</svg>`;

/** Width and height from a PNG's IHDR chunk (bytes 16-23, big-endian). */
function pngSize(png: Uint8Array): [number, number] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

Deno.test("svgToPng renders a PNG of the SVG's size times the scale, the same bytes every time", async () => {
  const fig = renderFigure({ marks: [Plot.dot([{ x: 1, y: 2 }, { x: 3, y: 4 }], { x: "x", y: "y" })] });
  const a = await svgToPng(fig.svg), b = await svgToPng(fig.svg);
  assert.ok(a && b, "resvg loads under deno test --allow-all");
  assert.deepEqual([...a.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.deepEqual(pngSize(a), [640, 400]);
  assert.deepEqual(a, b);
  assert.deepEqual(pngSize((await svgToPng(fig.svg, { scale: 2 }))!), [1280, 800]);
});

Deno.test("svgToPng draws text: a label changes the image (no font would leave it blank)", async () => {
  const blank = await svgToPng(svg(`<rect width="120" height="40" fill="white"/>`));
  const withText = await svgToPng(
    svg(
      `<rect width="120" height="40" fill="white"/><text x="4" y="28" font-family="system-ui, sans-serif" font-size="20">0.0002</text>`,
    ),
  );
  assert.ok(blank && withText);
  assert.notDeepEqual(withText, blank);
});

Deno.test("svgToPng rejects a scale that is not finite and > 0", async () => {
  await assert.rejects(() => svgToPng(svg(""), { scale: 0 }), RangeError);
  await assert.rejects(() => svgToPng(svg(""), { scale: NaN }), RangeError);
});

Deno.test("toBase64 matches btoa on long inputs (chunked conversion)", () => {
  const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256);
  assert.equal(toBase64(bytes), btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join("")));
});
