/**
 * PNG rasterisation of SVG figures with resvg (a Rust SVG renderer, through its napi build
 * `@resvg/resvg-js`), for places that show images but not SVG, or strip it: some code-forge notebook
 * viewers, chat tools, slide decks.
 *
 * Fonts: resvg draws text with the fonts it is given, never with a browser's. It loads the system fonts
 * (the SVG's `sans-serif` maps to DejaVu Sans, present on most Linux systems) and, as a fallback that
 * every installation has, the sans-serif and math fonts that the `katex` npm package ships as TTF files,
 * so text renders even on a machine without any system font. The same machine gives the same bytes
 * on every run.
 *
 * resvg is loaded on first use (a native module needs `--allow-ffi`, `--allow-read`, `--allow-env`);
 * where it cannot load, {@linkcode svgToPng} resolves to `null` and callers keep the SVG alone.
 *
 * @module
 */

/** Options of {@linkcode svgToPng}. */
export interface SvgToPngOptions {
  /** Pixels per SVG unit (1 = the SVG's own size; 2 for sharp text on high-density screens). Default 1. */
  scale?: number;
}

type ResvgModule = typeof import("npm:@resvg/resvg-js@2.6.2");
let loading: Promise<{ resvg: ResvgModule; fontFiles: string[] } | null> | undefined;

const FALLBACK_FONTS = [
  "KaTeX_SansSerif-Regular.ttf",
  "KaTeX_SansSerif-Bold.ttf",
  "KaTeX_Main-Regular.ttf",
  "KaTeX_Math-Italic.ttf",
  "KaTeX_AMS-Regular.ttf",
];

async function load(): Promise<{ resvg: ResvgModule; fontFiles: string[] } | null> {
  try {
    const resvg = await import("npm:@resvg/resvg-js@2.6.2");
    let fontFiles: string[] = [];
    try {
      // The katex package's entry point is dist/katex.*; its TTF fonts sit in dist/fonts/.
      const fonts = new URL("fonts/", import.meta.resolve("npm:katex@0.19.1"));
      if (fonts.protocol === "file:") {
        fontFiles = FALLBACK_FONTS.map((f) => decodeURIComponent(new URL(f, fonts).pathname))
          .filter((p) => {
            try {
              return Deno.statSync(p).isFile;
            } catch {
              return false;
            }
          });
      }
    } catch {
      // No katex fonts: system fonts only.
    }
    return { resvg, fontFiles };
  } catch {
    return null;
  }
}

/**
 * Renders standalone SVG text to PNG bytes with resvg.
 *
 * @param svg a standalone SVG document (with `xmlns`), e.g. `renderFigure(...).svg`.
 * @param options `scale` (pixels per SVG unit, default 1).
 * @returns the PNG bytes, or `null` when resvg cannot be loaded in this runtime (no permission, no
 *   native build for the platform).
 * @throws {RangeError} if `scale` is not finite and > 0.
 *
 * @example
 * ```ts
 * import { svgToPng } from "@lib/plot/mod.ts";
 * import assert from "node:assert/strict";
 * const png = await svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><text y="9">1</text></svg>');
 * assert.ok(png === null || (png[1] === 0x50 && png[2] === 0x4e && png[3] === 0x47)); // "PNG" signature
 * ```
 */
export async function svgToPng(svg: string, { scale = 1 }: SvgToPngOptions = {}): Promise<Uint8Array | null> {
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`Cannot render SVG to PNG: scale must be finite and > 0: current value is ${scale}`);
  }
  loading ??= load();
  const loaded = await loading;
  if (!loaded) return null;
  const renderer = new loaded.resvg.Resvg(svg, {
    background: "white",
    fitTo: { mode: "zoom", value: scale },
    font: {
      loadSystemFonts: true,
      fontFiles: loaded.fontFiles,
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
    },
  });
  return renderer.render().asPng();
}

/**
 * Standard base64 of bytes (what a Jupyter `image/png` output holds).
 * @param bytes the bytes.
 * @returns base64 text without line breaks.
 *
 * @example
 * ```ts
 * import { toBase64 } from "@lib/plot/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(toBase64(new Uint8Array([104, 105])), "aGk=");
 * ```
 */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
