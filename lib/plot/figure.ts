/**
 * Rendering Observable Plot figures outside a browser: in the Deno Jupyter kernel, in scripts and in tests.
 *
 * Plot needs a DOM `document`; linkedom provides one without a browser. A {@linkcode Figure} displays
 * itself in Jupyter through `Symbol.for("Jupyter.display")` (so `lib/` never touches `Deno.jupyter`,
 * which exists only inside the kernel) and can be written to an `.svg` file.
 *
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import { parseHTML } from "npm:linkedom@0.18.12";

const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

/** A rendered figure: standalone SVG text that displays itself in Jupyter. */
export interface Figure {
  /** Standalone SVG document text (with `xmlns`), legend and caption included. */
  readonly svg: string;
  /** Mime bundle for the Deno Jupyter kernel. */
  [JUPYTER_DISPLAY](): Record<string, string>;
}

const XMLNS = 'xmlns="http://www.w3.org/2000/svg"';

/** Adds the svg namespace to the root `<svg>` if it lacks one, so the text is a standalone document. */
function withNamespace(svg: string): string {
  return /^<svg[^>]*xmlns=/.test(svg) ? svg : svg.replace(/^<svg/, `<svg ${XMLNS}`);
}

/**
 * Renders Plot options to a {@linkcode Figure}. Default size 640 x 400 px; white background, system font.
 *
 * When Plot returns a `<figure>` (a plot with a legend, title or caption), its parts are stacked into
 * one SVG so the result stays a single image.
 *
 * @param options Observable Plot options (`marks`, scales, `width`, `height`, ...), without `document`.
 * @returns the figure.
 *
 * @example
 * ```ts
 * import * as Plot from "npm:@observablehq/plot@0.6.17";
 * import { renderFigure } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const fig = renderFigure({ marks: [Plot.dot([{ x: 1, y: 2 }], { x: "x", y: "y" })] });
 * assert.ok(fig.svg.startsWith("<svg xmlns="));
 * ```
 */
export function renderFigure(options: Plot.PlotOptions): Figure {
  const { document } = parseHTML("<!DOCTYPE html><html><head></head><body></body></html>");
  const node = Plot.plot({
    width: 640,
    height: 400,
    style: {
      background: "white",
      fontFamily: "system-ui, sans-serif",
      fontSize: "12px",
      overflow: "visible",
    },
    ...options,
    document: document as unknown as Document,
  }) as unknown as Element;
  let svg: string;
  if (node.tagName.toLowerCase() === "svg") {
    svg = withNamespace(node.outerHTML);
  } else {
    svg = stackFigure(node, Number(options.width ?? 640));
  }
  return {
    svg,
    [JUPYTER_DISPLAY]: () => ({ "image/svg+xml": svg, "text/plain": "[figure]" }),
  };
}

/** Stacks a Plot `<figure>` (title, legends as swatches, plot, caption) into one SVG of the given width. */
function stackFigure(figure: Element, width: number): string {
  const parts: string[] = [];
  let y = 0;
  const text = (content: string, size: number, weight = "normal") => {
    y += size + 6;
    parts.push(
      `<text x="0" y="${y}" font-family="system-ui, sans-serif" font-size="${size}" font-weight="${weight}">${
        escapeXml(content)
      }</text>`,
    );
    y += 4;
  };
  for (const child of Array.from(figure.children)) {
    const tag = child.tagName.toLowerCase();
    if (tag === "h2") text(child.textContent ?? "", 16, "bold");
    else if (tag === "h3") text(child.textContent ?? "", 13);
    else if (tag === "figcaption") text(child.textContent ?? "", 12);
    else if (tag === "svg") {
      const h = Number(child.getAttribute("height") ?? 0);
      child.setAttribute("y", String(y));
      parts.push(child.outerHTML);
      y += h;
    } else if (tag === "div") {
      // A swatches legend: render each swatch's label with its colour.
      const items = Array.from(child.querySelectorAll("span")).filter((s) => s.querySelector("svg"));
      if (items.length > 0) {
        y += 16;
        let x = 0;
        for (const item of items) {
          const swatch = item.querySelector("svg");
          const fill = swatch?.getAttribute("fill") ??
            swatch?.querySelector("[fill]")?.getAttribute("fill") ??
            "currentColor";
          const label = item.textContent?.trim() ?? "";
          parts.push(`<rect x="${x}" y="${y - 10}" width="12" height="12" fill="${fill}"/>`);
          parts.push(
            `<text x="${x + 16}" y="${y}" font-family="system-ui, sans-serif" font-size="12">${
              escapeXml(label)
            }</text>`,
          );
          x += 28 + label.length * 7;
        }
        y += 8;
      } else {
        const svgChild = child.querySelector("svg");
        if (svgChild) {
          const h = Number(svgChild.getAttribute("height") ?? 0);
          svgChild.setAttribute("y", String(y));
          parts.push(svgChild.outerHTML);
          y += h;
        }
      }
    }
  }
  return withNamespace(
    `<svg width="${width}" height="${Math.ceil(y + 4)}" viewBox="0 0 ${width} ${
      Math.ceil(y + 4)
    }" style="background: white">${parts.join("")}</svg>`,
  );
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Writes a figure to an `.svg` file (needs `--allow-write`).
 * @param figure the rendered figure.
 * @param path destination path.
 *
 * @example
 * ```ts
 * import * as Plot from "npm:@observablehq/plot@0.6.17";
 * import { renderFigure, saveFigure } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const path = await Deno.makeTempFile({ suffix: ".svg" });
 * await saveFigure(renderFigure({ marks: [Plot.dot([{ x: 1, y: 1 }], { x: "x", y: "y" })] }), path);
 * assert.match(await Deno.readTextFile(path), /^<svg xmlns=/);
 * await Deno.remove(path);
 * ```
 */
export async function saveFigure(figure: Figure, path: string): Promise<void> {
  await Deno.writeTextFile(path, figure.svg);
}
