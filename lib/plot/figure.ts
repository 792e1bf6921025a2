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
import { svgToPng, toBase64 } from "./png.ts";

const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

/**
 * MIME type under which a figure's display carries its SVG beside the PNG (see {@linkcode renderFigure}):
 * a vendor type, which no notebook viewer renders, so that each viewer shows the PNG; the report reads
 * the SVG from it.
 */
export const FIGURE_SVG_MIME = "image/vnd.price-impact.figure+svg+xml";

/** A rendered figure: standalone SVG text that displays itself in Jupyter. */
export interface Figure {
  /** Standalone SVG document text (with `xmlns`), legend and caption included. */
  readonly svg: string;
  /**
   * Mime bundle for the Deno Jupyter kernel: `image/png` (rendered from the SVG by resvg) first, the SVG
   * under {@linkcode FIGURE_SVG_MIME}, and text; where resvg cannot load, the SVG as `image/svg+xml`.
   */
  [JUPYTER_DISPLAY](): Promise<Record<string, string>>;
}

const XMLNS = 'xmlns="http://www.w3.org/2000/svg"';

/** Adds the svg namespace to the root `<svg>` if it lacks one, so the text is a standalone document. */
function withNamespace(svg: string): string {
  return /^<svg[^>]*xmlns=/.test(svg) ? svg : svg.replace(/^<svg/, `<svg ${XMLNS}`);
}

/**
 * Average advance width of one character, in em, used to estimate how wide a label is without a font
 * engine: 0.62 em is a little above the digit width of DejaVu Sans (0.636 em for digits, 0.55 to 0.6
 * for lower-case letters), the font that `system-ui, sans-serif` falls back to on Linux, and above
 * Helvetica's and Segoe UI's (about 0.55 em). Overestimating costs a few pixels of margin; underestimating
 * cuts labels, so the estimate errs wide.
 */
export const CHAR_WIDTH_EM = 0.62;

/** Font size of axis text, px (Plot's `style.fontSize` set by {@linkcode renderFigure}). */
const FONT_SIZE = 12;

/**
 * Estimated width (px) of a one-line label: characters times {@linkcode CHAR_WIDTH_EM} times the font size.
 * @param text the label.
 * @param fontSize font size, px (default 12).
 * @returns the width estimate, px.
 *
 * @example
 * ```ts
 * import { estimateTextWidth } from "@lib/plot/mod.ts";
 * import assert from "node:assert/strict";
 * assert.ok(Math.abs(estimateTextWidth("0.0002") - 6 * 0.62 * 12) < 1e-9);
 * ```
 */
export function estimateTextWidth(text: string, fontSize: number = FONT_SIZE): number {
  return Array.from(text).length * CHAR_WIDTH_EM * fontSize;
}

/**
 * A log-axis tick label without exponents where plain digits stay short: `0.0002`, `0.5`, `20`, `10,000`;
 * `1e-7` and `2e9` beyond `[1e-4, 1e9)`.
 * @param value the tick value.
 * @returns the label.
 *
 * @example
 * ```ts
 * import { formatLogTick } from "@lib/plot/mod.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual([0.0002, 0.5, 20, 1e6, 1e-7, 2e9].map(formatLogTick), ["0.0002", "0.5", "20", "1,000,000", "1e-7", "2e9"]);
 * ```
 */
export function formatLogTick(value: number): string {
  const a = Math.abs(value);
  if (a === 0 || !Number.isFinite(value)) return String(value);
  if (a >= 1e-4 && a < 1e9) return value.toLocaleString("en-US", { maximumSignificantDigits: 6 });
  return value.toExponential().replace(/\.?0*e/, "e").replace("e+", "e");
}

/** Options of {@linkcode readableLogTicks}. */
export interface ReadableLogTicksOptions {
  /** `"x"` (labels side by side: they need their widths apart) or `"y"` (stacked: a line height apart). */
  orientation: "x" | "y";
  /** Label of a tick, to estimate its width (default {@linkcode formatLogTick}). */
  format?: (value: number) => string;
  /** Font size, px (default 12). */
  fontSize?: number;
}

/** Round-trips `m * 10^k` through 12 significant digits so 3 * 0.1 prints as 0.3. */
function decadeValue(m: number, k: number): number {
  return Number((m * Math.pow(10, k)).toPrecision(12));
}

function logCandidates(lo: number, hi: number, mantissas: readonly number[], decadeStep: number): number[] {
  const k0 = Math.floor(Math.log10(lo)), k1 = Math.ceil(Math.log10(hi));
  const out: number[] = [];
  for (let k = k0; k <= k1; k++) {
    if (((k % decadeStep) + decadeStep) % decadeStep !== 0) continue;
    for (const m of mantissas) {
      const v = decadeValue(m, k);
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
    }
  }
  return out;
}

/** Nice linear ticks (steps of 1, 2 or 5 times a power of ten) in `[lo, hi]`, about `count` of them. */
function niceLinearTicks(lo: number, hi: number, count: number): number[] {
  const raw = (hi - lo) / Math.max(1, count);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi * (1 + 1e-12); v += step) {
    out.push(Number(v.toPrecision(12)));
  }
  return out;
}

/**
 * Readable ticks for a log axis: powers of ten, with 2 and 5 in each decade only where the labels have
 * room, every second (third, fifth, tenth) power of ten where even single decades would collide, and
 * 1..9 in each decade, then plain linear steps, for ranges shorter than a decade.
 *
 * Room is judged with {@linkcode estimateTextWidth}: side by side (x) two labels need their half-widths
 * plus 8 px between their centres; stacked (y) they need 1.5 line heights.
 *
 * @param domain the axis domain, both ends > 0 (either order).
 * @param pixels the axis length, px.
 * @param options orientation, label format and font size.
 * @returns the tick values, increasing.
 * @throws {RangeError} if an end of the domain is not finite and > 0, or `pixels` is not > 0.
 *
 * @example
 * ```ts
 * import { readableLogTicks } from "@lib/plot/mod.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(readableLogTicks([1e-4, 0.1], 580, { orientation: "x" }), [0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1]);
 * assert.deepEqual(readableLogTicks([1e-4, 0.1], 200, { orientation: "x" }), [0.0001, 0.001, 0.01, 0.1]);
 * ```
 */
export function readableLogTicks(
  domain: readonly [number, number],
  pixels: number,
  { orientation, format = formatLogTick, fontSize = FONT_SIZE }: ReadableLogTicksOptions,
): number[] {
  const action = "choose log ticks";
  const lo = Math.min(domain[0], domain[1]), hi = Math.max(domain[0], domain[1]);
  for (const [i, v] of [lo, hi].entries()) {
    if (!Number.isFinite(v) || v <= 0) {
      throw new RangeError(`Cannot ${action}: domain[${i}] must be finite and > 0: current value is ${v}`);
    }
  }
  if (!Number.isFinite(pixels) || pixels <= 0) {
    throw new RangeError(`Cannot ${action}: pixels must be finite and > 0: current value is ${pixels}`);
  }
  const span = Math.log(hi) - Math.log(lo) || 1;
  const at = (v: number) => (pixels * (Math.log(v) - Math.log(lo))) / span;
  const fits = (ticks: number[]) =>
    ticks.every((t, i) => {
      if (i === 0) return true;
      const gap = at(t) - at(ticks[i - 1]!);
      const need = orientation === "y"
        ? 1.5 * fontSize
        : (estimateTextWidth(format(t), fontSize) + estimateTextWidth(format(ticks[i - 1]!), fontSize)) / 2 +
          8;
      return gap >= need;
    });
  const withTwoFive = logCandidates(lo, hi, [1, 2, 5], 1);
  const decades = logCandidates(lo, hi, [1], 1);
  if (decades.length >= 2) {
    if (fits(withTwoFive)) return withTwoFive;
    for (const step of [1, 2, 3, 5, 10, 20, 50, 100]) {
      const thinned = logCandidates(lo, hi, [1], step);
      if (thinned.length >= 2 && fits(thinned)) return thinned;
    }
    return decades.slice(0, 1).concat(decades.slice(-1));
  }
  // Less than two powers of ten inside the domain.
  if (withTwoFive.length >= 3 && fits(withTwoFive)) return withTwoFive;
  const all = logCandidates(lo, hi, [1, 2, 3, 4, 5, 6, 7, 8, 9], 1);
  if (all.length >= 2 && fits(all)) return all;
  if (withTwoFive.length >= 2 && fits(withTwoFive)) return withTwoFive;
  for (let count = 6; count >= 2; count--) {
    const linear = niceLinearTicks(lo, hi, count).filter((v) => v > 0);
    if (linear.length >= 2 && fits(linear)) return linear;
  }
  return [lo, hi];
}

/**
 * The part of a DOM element this file uses. linkedom's elements have it; it is written here, instead of
 * using the DOM's `Element`, so that the library type-checks under Deno's default compiler settings
 * (no `"dom"` lib in a user's deno.json).
 */
interface DomElement {
  readonly tagName: string;
  readonly outerHTML: string;
  textContent: string | null;
  readonly children: ArrayLike<DomElement>;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

type Scaled = DomElement & {
  scale?: (name: string) =>
    | { type: string; domain: number[]; range?: number[]; invert?: (v: number) => number }
    | undefined;
};

/** Ticks and label format that {@linkcode layoutOptions} chose for a log axis. */
type LogAxes = Partial<Record<"x" | "y", { ticks: number[]; format: (v: number) => string }>>;

/**
 * Renders options, then writes the label of every tick of the given log axes: d3's log `tickFormat`,
 * which Plot applies even to explicit ticks and format functions, blanks the labels of all but the
 * first mantissas of each decade (the "clusters" of labels, with gaps, that a log axis shows by default).
 * Each label's tick is found from its position through the scale's inverse.
 */
function plotNode(options: Plot.PlotOptions, logAxes: LogAxes = {}): Scaled {
  // linkedom's types describe its window with the DOM lib's names: read `document` without them.
  const { document } = parseHTML("<!DOCTYPE html><html><head></head><body></body></html>") as unknown as {
    document: NonNullable<Plot.PlotOptions["document"]>;
  };
  const node = Plot.plot({ ...options, document }) as unknown as Scaled;
  for (const name of ["x", "y"] as const) {
    const axis = logAxes[name];
    const invert = node.scale?.(name)?.invert;
    if (!axis || !invert) continue;
    for (const text of Array.from(node.querySelectorAll(`g[aria-label="${name}-axis tick label"] text`))) {
      const m = /translate\(([-\d.e]+),\s*([-\d.e]+)\)/.exec(text.getAttribute("transform") ?? "");
      if (!m) continue;
      const value = invert(Number(name === "x" ? m[1] : m[2]));
      let best = axis.ticks[0]!;
      for (const t of axis.ticks) {
        if (Math.abs(Math.log(t / value)) < Math.abs(Math.log(best / value))) best = t;
      }
      text.textContent = axis.format(best);
    }
  }
  return node;
}

function texts(node: DomElement, label: string): string[] {
  return Array.from(node.querySelectorAll(`g[aria-label="${label}"] text`)).map((t) =>
    (t.textContent ?? "").replace(/[↑↓←→]/g, "").trim()
  );
}

const widest = (labels: string[]) => Math.max(0, ...labels.map((l) => estimateTextWidth(l)));

type AxisOptions = Plot.ScaleOptions & {
  ticks?: unknown;
  tickFormat?: unknown;
  tickRotate?: number;
  label?: string | null;
  labelAnchor?: string;
  labelOffset?: number;
};

/**
 * Lays out the axes of `options` so that nothing is cut or overlaps: readable log ticks (see
 * {@linkcode readableLogTicks}), axis labels centred along their axis (a y label too long for its axis
 * goes above it, clear of the top tick), and margins computed from the widest tick label. Explicit
 * `ticks` are kept; explicit margins are kept when larger than needed.
 */
function layoutOptions(
  options: Plot.PlotOptions,
  rendered?: Scaled,
): { options: Plot.PlotOptions & Record<string, unknown>; logAxes: LogAxes } {
  // One render gives the domains, the linear ticks' labels and the axis labels (a log axis's labels
  // are known from its chosen ticks).
  const first = rendered ?? plotNode(options);
  const out: Plot.PlotOptions & Record<string, unknown> = { ...options };
  const logAxes: LogAxes = {};
  for (const name of ["x", "y"] as const) {
    const axis = (options[name] ?? {}) as AxisOptions;
    const scale = first.scale?.(name);
    if (!scale || axis.axis === null || scale.type !== "log" || axis.ticks !== undefined) continue;
    const range = scale.range ?? [0, 1];
    const pixels = Math.abs(range[1]! - range[0]!);
    const [d0, d1] = scale.domain as [number, number];
    if (!(d0 > 0 && d1 > 0 && pixels > 0)) continue;
    // A format function is kept; a d3 format string ("~g", "~s") gives way to plain digits.
    const format = typeof axis.tickFormat === "function"
      ? (v: number) => String((axis.tickFormat as (v: number) => unknown)(v))
      : formatLogTick;
    const ticks = readableLogTicks([d0, d1], pixels, { orientation: name, format });
    logAxes[name] = { ticks, format };
    out[name] = { ...axis, ticks, tickFormat: format };
  }
  const height = Number(out.height ?? 400);
  const x = (out.x ?? {}) as AxisOptions, y = (out.y ?? {}) as AxisOptions;
  const hasX = first.querySelector('g[aria-label="x-axis tick label"]') !== null;
  const hasY = first.querySelector('g[aria-label="y-axis tick label"]') !== null;
  const xLabel = texts(first, "x-axis label")[0] ?? texts(first, "fx-axis label")[0] ?? "";
  const yLabel = texts(first, "y-axis label")[0] ?? "";
  const xTicks = logAxes.x
    ? logAxes.x.ticks.map(logAxes.x.format)
    : [...texts(first, "x-axis tick label"), ...texts(first, "fx-axis tick label")];
  const yTicks = logAxes.y ? logAxes.y.ticks.map(logAxes.y.format) : texts(first, "y-axis tick label");
  // Rotated tick labels (many groups) reach down by their width times the sine of the angle.
  const rotate = Number(x.tickRotate ?? (out.fx as AxisOptions | undefined)?.tickRotate ?? 0);
  const radians = (rotate * Math.PI) / 180;
  const tickDepth = rotate === 0
    ? FONT_SIZE
    : widest(xTicks) * Math.abs(Math.sin(radians)) + FONT_SIZE * Math.abs(Math.cos(radians));
  // Bottom: tick (6) + padding (3) + tick labels + gap + x label + 4.
  let marginBottom = Number(out.marginBottom ?? 0);
  if (hasX || xTicks.length > 0) {
    marginBottom = Math.max(marginBottom, Math.ceil(9 + tickDepth + (xLabel ? 8 + FONT_SIZE : 0) + 6));
  }
  const marginTop = Number(out.marginTop ?? 20);
  const frameHeight = height - marginTop - marginBottom;
  const yCentred = yLabel !== "" && estimateTextWidth(yLabel) <= frameHeight - 8;
  let marginLeft = Number(out.marginLeft ?? 0);
  if (hasY) {
    marginLeft = Math.max(
      marginLeft,
      Math.ceil(9 + widest(yTicks) + (yCentred ? 6 + 1.2 * FONT_SIZE : 0) + 6),
    );
  }
  const lastX = xTicks.at(-1) ?? "", firstX = xTicks[0] ?? "";
  marginLeft = Math.max(marginLeft, Math.ceil(estimateTextWidth(firstX) / 2 + 4));
  const marginRight = Math.max(Number(out.marginRight ?? 20), Math.ceil(estimateTextWidth(lastX) / 2 + 4));
  out.marginLeft = marginLeft;
  out.marginRight = marginRight;
  if (marginBottom > 0) out.marginBottom = marginBottom;
  if (hasY && yLabel !== "") {
    out.y = yCentred
      ? { ...y, labelAnchor: "center", labelOffset: marginLeft - 4 }
      : { ...y, labelAnchor: "top" };
    if (!yCentred) out.marginTop = Math.max(marginTop, 32);
  }
  if (hasX && xLabel !== "") {
    out.x = { ...x, labelAnchor: "center", labelOffset: marginBottom - 4 };
  } else if (!hasX && xLabel !== "" && out.fx) {
    out.fx = { ...(out.fx as AxisOptions), labelAnchor: "center", labelOffset: marginBottom - 4 };
  }
  return { options: out, logAxes };
}

/**
 * Renders Plot options to a {@linkcode Figure}. Default size 640 x 400 px; white background, system font.
 *
 * Axes are laid out for reading (see {@linkcode readableLogTicks}): log axes get powers of ten (with 2 and
 * 5 where there is room) in plain digits, axis labels are centred along their axis, and the margins are
 * computed from the widest tick label (estimated with {@linkcode estimateTextWidth}), so no label is cut
 * at the edge or runs into a tick. Explicit `ticks` and larger explicit margins are kept.
 *
 * When Plot returns a `<figure>` (a plot with a legend, title or caption), its parts are stacked into
 * one SVG so the result stays a single image.
 *
 * In Jupyter the figure displays as an `image/png` rendered from the SVG (see `svgToPng`), with the SVG
 * beside it under {@linkcode FIGURE_SVG_MIME}. Not as `image/svg+xml`: a viewer given both picks the SVG
 * (nbconvert ranks it above PNG), and several strip it to nothing: Debian's nbconvert 6.5 passes SVG
 * outputs through lxml's HTML cleaner, which drops `<svg>`, `<path>` and `<text>`, so every figure came
 * out blank; PNG shows in nbconvert, JupyterLab, classic Jupyter, VS Code and code forges alike. Where
 * resvg cannot load, the bundle falls back to `image/svg+xml`. `svg` keeps the vector figure for files
 * and the report.
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
  const base: Plot.PlotOptions = {
    width: 640,
    height: 400,
    style: {
      background: "white",
      fontFamily: "system-ui, sans-serif",
      fontSize: `${FONT_SIZE}px`,
      overflow: "visible",
    },
    ...options,
  };
  const laidOut = layoutOptions(base);
  let node = plotNode(laidOut.options, laidOut.logAxes);
  // Linear ticks can change with the margins: measure the result, and lay out once more if it needs more room.
  const check = layoutOptions(base, node).options;
  const margins = ["marginLeft", "marginRight", "marginBottom", "marginTop"] as const;
  if (margins.some((m) => Number(check[m] ?? 0) > Number(laidOut.options[m] ?? 0))) {
    const widened = { ...laidOut.options };
    for (const m of margins) widened[m] = Math.max(Number(check[m] ?? 0), Number(laidOut.options[m] ?? 0));
    node = plotNode(layoutOptions(widened).options, laidOut.logAxes);
  }
  let svg: string;
  if (node.tagName.toLowerCase() === "svg") {
    svg = withNamespace(node.outerHTML);
  } else {
    svg = stackFigure(node, Number(options.width ?? 640));
  }
  return {
    svg,
    [JUPYTER_DISPLAY]: async (): Promise<Record<string, string>> => {
      const png = await svgToPng(svg);
      return png
        ? { "image/png": toBase64(png), [FIGURE_SVG_MIME]: svg, "text/plain": "[figure]" }
        : { "image/svg+xml": svg, "text/plain": "[figure]" };
    },
  };
}

/** Stacks a Plot `<figure>` (title, legends as swatches, plot, caption) into one SVG of the given width. */
function stackFigure(figure: DomElement, width: number): string {
  const parts: string[] = [];
  let y = 0;
  // Titles and captions wrap at the figure's width (bold glyphs are about 10 % wider), less 5 %: the
  // width estimate is an average glyph, and a fallback font's digits run up to 3 % wider.
  const text = (content: string, size: number, weight = "normal") => {
    const factor = (weight === "bold" ? 1.1 : 1) / 0.95;
    const lines: string[] = [];
    let line = "";
    for (const word of content.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && estimateTextWidth(candidate, size) * factor > width) {
        lines.push(line);
        line = word;
      } else line = candidate;
    }
    if (line) lines.push(line);
    for (const l of lines) {
      y += size + 6;
      parts.push(
        `<text x="0" y="${y}" font-family="system-ui, sans-serif" font-size="${size}" font-weight="${weight}">${
          escapeXml(l)
        }</text>`,
      );
    }
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
          const itemWidth = 28 + estimateTextWidth(label);
          if (x > 0 && x + itemWidth - 12 > width) {
            // The next swatch would run past the figure's edge: start a new row.
            x = 0;
            y += 18;
          }
          parts.push(`<rect x="${x}" y="${y - 10}" width="12" height="12" fill="${fill}"/>`);
          parts.push(
            `<text x="${x + 16}" y="${y}" font-family="system-ui, sans-serif" font-size="12">${
              escapeXml(label)
            }</text>`,
          );
          x += itemWidth;
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
 * import { renderFigure } from "@lib/mod.ts";
 * import { saveFigure } from "@lib/plot/mod.ts";
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
