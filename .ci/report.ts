/**
 * The HTML report of `deno task walkthrough`: each executed notebook's page (nbconvert's HTML with its
 * math rendered offline by KaTeX) and `index.html`, the chapter's front page.
 *
 * Math: nbconvert's template loads MathJax from a CDN, which a machine without internet cannot reach, so
 * the TeX would show raw. Instead, when the report is written, every `$...$` and `$$...$$` in Markdown
 * (cells and Markdown outputs) is rendered to HTML by KaTeX (npm `katex`), the CDN scripts are removed,
 * and `katex.min.css` with its fonts is copied into `build/report/katex/` and linked relatively. Nothing
 * is loaded from the network when a reader opens the report.
 *
 * Front page: for each notebook, its title and purpose (from its first Markdown cell), the data it ran
 * on, its key numbers and a thumbnail of its main figure, all read from the executed notebook: the
 * numbers and data labels come from the display output of MIME type `SUMMARY_MIME` that the notebook
 * emits with `notebookSummary(...)` (lib/display.ts), the thumbnail is its `mainFigure`-th figure output
 * (its SVG, under `FIGURE_SVG_MIME` beside the PNG that notebook viewers show, or `image/svg+xml`).
 * A notebook without a summary still gets its title, purpose and first figure.
 *
 * @module
 */
import katex from "katex";
import { parseHTML } from "linkedom";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatSummaryNumber, type NotebookSummary, SUMMARY_MIME } from "../lib/report/display.ts";
import { FIGURE_SVG_MIME } from "../lib/plot/figure.ts";
import { describeCell, type NotebookResult, ROOT } from "./notebooks.ts";
import { isSafeUrl, safeCss, sanitizeHtml, sanitizeSvg } from "./sanitize.ts";

const KATEX_DIR = "katex";

/** One piece of text split at math delimiters. */
type Piece = { math: false; text: string } | { math: true; tex: string; display: boolean };

/**
 * Splits text at TeX math delimiters: `$$...$$` (display) and `$...$` (inline, pandoc's rule: no space
 * after the opening or before the closing `$`, and no digit right after the closing one, so "5 $ and
 * 6 $" stays text; a space before the closing `$` is accepted when the span holds a backslash, `^`, `_`,
 * `{` or `}`, as Jupyter does). `\$` is a literal dollar sign.
 */
export function splitMath(text: string): Piece[] {
  const pieces: Piece[] = [];
  let plain = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\\" && text[i + 1] === "$") {
      plain += "$";
      i += 2;
      continue;
    }
    if (c === "$") {
      const display = text[i + 1] === "$";
      const open = display ? 2 : 1;
      let j = i + open;
      let end = -1;
      while (j < text.length) {
        if (text[j] === "\\") {
          j += 2;
          continue;
        }
        if (display ? text.startsWith("$$", j) : text[j] === "$") {
          end = j;
          break;
        }
        j++;
      }
      const tex = end >= 0 ? text.slice(i + open, end) : "";
      // A space before the closing `$` is allowed when the span holds TeX syntax (`$\epsilon = $`, which
      // Jupyter renders), never in plain text ("5 $ and 6 $").
      const inlineOk = !display && tex.length > 0 && !/^\s/.test(tex) &&
        (!/\s$/.test(tex) || /[\\^_{}]/.test(tex)) && !/^\d/.test(text[end + 1] ?? "");
      if (end >= 0 && tex.trim() !== "" && (display || inlineOk)) {
        if (plain) pieces.push({ math: false, text: plain });
        plain = "";
        pieces.push({ math: true, tex: tex.trim(), display });
        i = end + open;
        continue;
      }
    }
    plain += c;
    i++;
  }
  if (plain) pieces.push({ math: false, text: plain });
  return pieces;
}

/** Private-use character that stands for a literal dollar while math is found (see renderNotebookPage). */
const LITERAL_DOLLAR = "\uE024";

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** KaTeX HTML for one formula; an invalid formula shows as its source in red (KaTeX's own error display). */
function tex(source: string, display: boolean): string {
  return katex.renderToString(source, { displayMode: display, throwOnError: false, output: "htmlAndMathml" });
}

/**
 * Renders the math of every Markdown block (cells and Markdown outputs) of an nbconvert HTML page with
 * KaTeX, removes the page's network scripts and stylesheets (MathJax and require.js from CDNs), and
 * links the KaTeX stylesheet at `katexHref`.
 *
 * @param html an nbconvert HTML page.
 * @param options `katexHref`: relative URL of katex.min.css; `indexHref`: link back to the front page;
 *   `figures`: URL of each `image/svg+xml` output, in order, to show instead of nbconvert's sanitised
 *   copies; `pngFigures`: URL of the SVG to show instead of each PNG output, by its base64 (a figure's
 *   PNG, whose SVG sits beside it under `FIGURE_SVG_MIME`); `title`: the page's title as text.
 * @returns the page, self-contained apart from the KaTeX stylesheet and fonts.
 */
export function renderNotebookPage(
  html: string,
  { katexHref = `${KATEX_DIR}/katex.min.css`, indexHref = "index.html", figures, pngFigures, title }: {
    katexHref?: string;
    indexHref?: string;
    figures?: readonly string[];
    pngFigures?: ReadonlyMap<string, string>;
    /** The page's title (the notebook's), as plain text; default the title nbconvert wrote. */
    title?: string;
  } = {},
): string {
  // A dollar written as a character reference (`&#36;`, the portable literal dollar in Markdown) is text:
  // it is held as a private-use character while math is found, and written back as `&#36;`.
  const { document } = parseHTML(html.replace(/&#36;|&#x24;|&dollar;/gi, LITERAL_DOLLAR));
  if (figures) {
    // nbconvert passes SVG outputs through its HTML sanitiser, which drops <text>, <path> and the
    // namespace: the figures come out blank. Each one is replaced by an <img> of the notebook's own SVG.
    Array.from(document.querySelectorAll("div.jp-RenderedSVG, div.output_svg")).forEach((div, k) => {
      const src = figures[k];
      if (src === undefined) return;
      div.innerHTML = `<img src="${escapeHtml(src)}" alt="Figure ${
        k + 1
      }" style="max-width:100%;height:auto">`;
    });
  }
  if (pngFigures) {
    // A figure's PNG (what every notebook viewer shows) becomes the vector SVG in the report.
    for (const img of Array.from(document.querySelectorAll('img[src^="data:image/png;base64,"]'))) {
      const src = pngFigures.get(
        (img.getAttribute("src") ?? "").slice("data:image/png;base64,".length).trim(),
      );
      if (src !== undefined) img.setAttribute("src", src);
    }
  }
  for (const el of Array.from(document.querySelectorAll("script"))) {
    const src = el.getAttribute("src") ?? "";
    const type = el.getAttribute("type") ?? "";
    if (/^(https?:|file:)?\/\//.test(src) || /mathjax/i.test(type) || /MathJax/.test(el.textContent ?? "")) {
      el.remove();
    }
  }
  for (const el of Array.from(document.querySelectorAll("link[href]"))) {
    if (/^(https?:|file:)?\/\//.test(el.getAttribute("href") ?? "")) el.remove();
  }
  const blocks = Array.from(
    document.querySelectorAll(
      // JupyterLab template (nbconvert's default), then the classic one.
      ".jp-RenderedMarkdown, [data-mime-type='text/markdown'], .text_cell_render, .output_markdown",
    ),
  );
  for (const block of blocks) {
    // linkedom splits text at character references ("&lt;"): merge adjacent text nodes first.
    const merge = (node: Node) => {
      let child = node.firstChild;
      while (child) {
        const next = child.nextSibling;
        if (child.nodeType === 3 && next?.nodeType === 3) {
          child.textContent = (child.textContent ?? "") + (next.textContent ?? "");
          node.removeChild(next);
          continue;
        }
        if (child.nodeType === 1) merge(child);
        child = next;
      }
    };
    merge(block);
    const walker: Node[] = [];
    const collect = (node: Node) => {
      if (node.nodeType === 3) walker.push(node);
      else if (node.nodeType === 1) {
        const tag = (node as Element).tagName.toLowerCase();
        if (tag === "code" || tag === "pre" || tag === "script" || tag === "style") return;
        if ((node as Element).classList?.contains("katex")) return;
        for (const child of Array.from(node.childNodes)) collect(child);
      }
    };
    collect(block);
    for (const node of walker) {
      const text = node.textContent ?? "";
      if (!text.includes("$")) continue;
      const pieces = splitMath(text);
      if (!pieces.some((p) => p.math) && !text.includes("\\$")) continue;
      const holder = document.createElement("span");
      holder.innerHTML = pieces.map((p) => (p.math ? tex(p.tex, p.display) : escapeHtml(p.text))).join("");
      const parent = node.parentNode!;
      for (const child of Array.from(holder.childNodes)) parent.insertBefore(child, node);
      parent.removeChild(node);
    }
  }
  // The page is rebuilt from parts the report trusts: nbconvert's stylesheets (made safe), the title as
  // text, the KaTeX stylesheet, and the body through the sanitiser (no script, handler or unsafe URL).
  const pageTitle = title ?? document.querySelector("title")?.textContent ?? "Notebook";
  const styles = Array.from(document.querySelectorAll("head style"))
    .map((el) => `<style>${safeCss(el.textContent ?? "")}</style>`).join("\n");
  const bodyElement = document.querySelector("body");
  const body = sanitizeHtml(bodyElement?.innerHTML ?? "");
  const bodyAttributes = ["class", "data-jp-theme-light", "data-jp-theme-name"].map((name) => {
    const value = bodyElement?.getAttribute(name);
    return value == null ? "" : ` ${name}="${escapeHtml(value)}"`;
  }).join("");
  const nav =
    `<nav style="font-family:system-ui,sans-serif;padding:.5rem 1rem;border-bottom:1px solid #ddd">` +
    `<a href="${escapeHtml(indexHref)}">&larr; Chapter front page</a></nav>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(pageTitle).replaceAll(LITERAL_DOLLAR, "&#36;")}</title>
${styles}
<link rel="stylesheet" href="${escapeHtml(katexHref)}">
</head>
<body${bodyAttributes}>
${nav}
${body.replaceAll(LITERAL_DOLLAR, "&#36;")}
</body></html>
`;
}

/** The plain text of an inline-Markdown title: math, code, emphasis and link marks removed. */
export function plainTitle(markdown: string): string {
  return splitMath(markdown.replace(/&#36;|&#x24;|&dollar;/gi, LITERAL_DOLLAR)).map((
    p,
  ) => (p.math ? p.tex : p.text))
    .join("").replaceAll(LITERAL_DOLLAR, "$")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1").replace(/[`*_]/g, "").replace(/\s+/g, " ").trim();
}

/** Copies KaTeX's stylesheet and woff2 fonts into `<htmlDir>/katex/`. */
async function copyKatexAssets(htmlDir: string): Promise<void> {
  const dist = dirname(fileURLToPath(import.meta.resolve("katex")));
  const out = join(htmlDir, KATEX_DIR);
  await Deno.mkdir(join(out, "fonts"), { recursive: true });
  await Deno.copyFile(join(dist, "katex.min.css"), join(out, "katex.min.css"));
  for await (const entry of Deno.readDir(join(dist, "fonts"))) {
    // Browsers take the first format they support from each @font-face; every current one reads woff2.
    if (entry.name.endsWith(".woff2")) {
      await Deno.copyFile(join(dist, "fonts", entry.name), join(out, "fonts", entry.name));
    }
  }
}

/**
 * Inline Markdown to HTML, for titles and purposes on the front page: math (KaTeX), `code`, **bold**,
 * *italic* and [links](url); everything else escaped.
 */
export function inlineMarkdown(markdown: string): string {
  return splitMath(markdown.replace(/&#36;|&#x24;|&dollar;/gi, LITERAL_DOLLAR)).map((p) => {
    if (p.math) return tex(p.tex, p.display);
    return escapeHtml(p.text)
      .replace(/`([^`]+)`/g, "<code>$1</code>")
      .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
      .replace(/(^|[^*\w])\*([^*\s][^*]*)\*/g, "$1<em>$2</em>")
      .replace(
        /\[([^\]]+)\]\(([^)\s]+)\)/g,
        (_, label: string, url: string) => isSafeUrl(url) ? `<a href="${url}">${label}</a>` : label,
      );
  }).join("").replaceAll(LITERAL_DOLLAR, "&#36;");
}

interface NotebookCell {
  cell_type: string;
  source: string | string[];
  outputs?: { output_type: string; data?: Record<string, unknown> }[];
}

const joined = (s: string | string[] | unknown) => (Array.isArray(s) ? s.join("") : String(s ?? ""));

/** What the front page shows of one executed notebook. */
export interface NotebookCard {
  name: string;
  title: string;
  purpose: string;
  summary: NotebookSummary | null;
  /** SVG text of the main figure, if the notebook has a figure. */
  figure: string | null;
  /** SVG text of every figure output, in order. */
  figures: string[];
  /**
   * For each figure, the base64 PNG shown beside it when its SVG is under `FIGURE_SVG_MIME` (nbconvert
   * then shows that PNG), or null for an `image/svg+xml` output (nbconvert shows the SVG).
   */
  figurePngs?: (string | null)[];
}

/**
 * Reads the front-page card of an executed notebook: title (first `# ` heading of the first Markdown
 * cell), purpose (its paragraph starting with "**Purpose.**", else its first paragraph after the title),
 * the last summary output ({@linkcode SUMMARY_MIME}) and the main figure (the summary's `mainFigure`-th
 * SVG output, default the first).
 */
export function readNotebookCard(name: string, notebook: { cells: NotebookCell[] }): NotebookCard {
  const first = notebook.cells.find((c) => c.cell_type === "markdown");
  const text = first ? joined(first.source) : "";
  const title = /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? name;
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p && !p.startsWith("#"));
  const purpose = (paragraphs.find((p) => /^\*\*Purpose\.?\*\*/.test(p)) ?? paragraphs[0] ?? "")
    .replace(/^\*\*Purpose\.?\*\*\s*/, "")
    .replace(/\s*\n\s*/g, " ");
  const outputs = notebook.cells.flatMap((c) => (c.cell_type === "code" ? c.outputs ?? [] : []));
  const summaries = outputs.filter((o) => o.data?.[SUMMARY_MIME] !== undefined);
  const raw = summaries.at(-1)?.data?.[SUMMARY_MIME];
  const summary = raw ? (typeof raw === "string" ? JSON.parse(raw) : raw) as NotebookSummary : null;
  const figureOutputs = outputs.filter((o) =>
    o.data?.[FIGURE_SVG_MIME] !== undefined || o.data?.["image/svg+xml"] !== undefined
  );
  const figures = figureOutputs.map((o) => joined(o.data![FIGURE_SVG_MIME] ?? o.data!["image/svg+xml"]));
  const figurePngs = figureOutputs.map((o) =>
    o.data?.[FIGURE_SVG_MIME] !== undefined && o.data?.["image/png"] !== undefined
      ? joined(o.data["image/png"]).trim()
      : null
  );
  const figure = figures[(summary?.mainFigure ?? 1) - 1] ?? figures[0] ?? null;
  return { name, title, purpose, summary, figure, figures, figurePngs };
}

const SOURCE_LABEL: Record<string, string> = {
  cache: "real data (local cache)",
  online: "real data (fetched online)",
  "cache+online": "real data (cache and online)",
  synthetic: "synthetic (seeded)",
  simulated: "simulated order book (seeded)",
  none: "no market data",
};

function cardHtml(card: NotebookCard, result: NotebookResult | undefined, thumbnail: string | null): string {
  const page = `${card.name}.html`;
  const status = !result
    ? ""
    : result.failure
    ? `<p class="failed">Failed at ${escapeHtml(describeCell(result.failure))}: ${
      escapeHtml(result.failure.ename)
    }: ${escapeHtml(result.failure.evalue)}</p>`
    : "";
  const data = card.summary?.data ?? [];
  const dataHtml = data.length === 0
    ? ""
    : `<dl class="data">${
      data.map((d) =>
        `<dt><span class="badge ${escapeHtml(d.source)}">${
          escapeHtml(SOURCE_LABEL[d.source] ?? d.source)
        }</span> ${escapeHtml(d.name)}${
          d.from ? `, ${escapeHtml(d.from.slice(0, 10))} to ${escapeHtml((d.to ?? "").slice(0, 10))}` : ""
        }</dt><dd>${escapeHtml(d.description)}</dd>`
      ).join("")
    }</dl>`;
  const numbers = card.summary?.numbers ?? [];
  const numbersHtml = numbers.length === 0
    ? (card.summary
      ? ""
      : `<p class="muted">This notebook emits no summary (see notebookSummary in lib/display.ts).</p>`)
    : `<table class="numbers"><tbody>${
      numbers.map((n) =>
        `<tr><th>${inlineMarkdown(n.label)}</th><td>${
          escapeHtml(formatSummaryNumber(n))
        }</td><td class="muted">${n.note ? inlineMarkdown(n.note) : ""}</td></tr>`
      ).join("")
    }</tbody></table>`;
  const headline = card.summary?.headline
    ? `<p class="headline">${inlineMarkdown(card.summary.headline)}</p>`
    : "";
  const timing = result
    ? `<p class="muted">Executed in ${
      result.seconds.toFixed(1)
    } s: ${result.code_cells} code cells, ${result.outputs} outputs.</p>`
    : "";
  return `<section class="card" id="${escapeHtml(card.name)}">
<div class="text"><h2><a href="${page}">${inlineMarkdown(card.title)}</a></h2>
<p>${inlineMarkdown(card.purpose)}</p>
${status}${headline}${dataHtml}${numbersHtml}${timing}</div>
${
    thumbnail
      ? `<a class="thumb" href="${page}"><img src="${thumbnail}" alt="Main figure of ${
        escapeHtml(card.name)
      }"></a>`
      : ""
  }
</section>`;
}

const STYLE =
  `body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{margin-bottom:.2rem}.card{display:flex;gap:1.5rem;align-items:flex-start;border-top:1px solid #ddd;padding:1.2rem 0}
.card .text{flex:1 1 auto;min-width:0}.card h2{margin:.1rem 0 .4rem;font-size:1.25rem}.card h2 a{color:inherit}
.thumb{flex:0 0 22rem}.thumb img{width:22rem;border:1px solid #ddd;background:white}
.numbers{border-collapse:collapse;margin:.4rem 0}.numbers th,.numbers td{text-align:left;padding:.15rem .8rem .15rem 0;vertical-align:top}
.numbers th{font-weight:500}.numbers td:nth-child(2){font-variant-numeric:tabular-nums;white-space:nowrap}
.muted{color:#666;font-size:.9rem}.headline{font-style:italic}.failed{color:#b00020;font-weight:600}
.data{margin:.4rem 0}.data dt{font-weight:500}.data dd{margin:0 0 .3rem 0;color:#555;font-size:.9rem}
.badge{font-size:.8rem;padding:.05rem .4rem;border-radius:.3rem;background:#eee}.badge.synthetic,.badge.simulated{background:#fde8c8}
.badge.cache,.badge.online,.badge.cache\\+online{background:#d4f0d4}
@media (max-width:50rem){.card{flex-direction:column}.thumb{flex-basis:auto}}`;

/** Options of {@linkcode writeReport}. */
export interface WriteReportOptions {
  /** Folder of the executed notebooks (`<name>.ipynb`). */
  notebooksDir: string;
  /** Folder of the HTML report (nbconvert's `<name>.html` pages; index.html is written here). */
  htmlDir: string;
  /** Time stamp shown on the front page (default now). */
  executedAt?: Date;
  /** Commit the notebooks ran at, shown on the front page (default: `git describe` of the project). */
  commit?: string;
  /** Deno version the notebooks ran with, shown on the front page (default this Deno's). */
  denoVersion?: string;
}

/**
 * The project's commit as `git` names it: short hash, `-dirty` when the work tree has changes; `unknown`
 * without git or outside a repository.
 */
export async function projectCommit(root = ROOT): Promise<string> {
  try {
    const { success, stdout } = await new Deno.Command("git", {
      args: ["describe", "--always", "--dirty", "--abbrev=12"],
      cwd: root,
      stdout: "piped",
      stderr: "null",
    }).output();
    const text = new TextDecoder().decode(stdout).trim();
    return success && text ? text : "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * Post-processes each notebook's HTML page (offline math, link back), copies KaTeX's assets, writes a
 * thumbnail of each main figure to `figures/` and the front page `index.html`.
 *
 * @param results the walkthrough's results, in chapter order.
 * @returns the path of index.html.
 */
export async function writeReport(results: NotebookResult[], options: WriteReportOptions): Promise<string> {
  const { notebooksDir, htmlDir, executedAt = new Date(), denoVersion = Deno.version.deno } = options;
  const commit = options.commit ?? await projectCommit();
  await Deno.mkdir(join(htmlDir, "figures"), { recursive: true });
  await copyKatexAssets(htmlDir);
  const cards: string[] = [];
  for (const result of results) {
    const name = basename(result.notebook, ".ipynb");
    let card: NotebookCard;
    try {
      card = readNotebookCard(name, JSON.parse(await Deno.readTextFile(join(notebooksDir, `${name}.ipynb`))));
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      card = { name, title: name, purpose: "", summary: null, figure: null, figures: [] };
    }
    const figures: string[] = [];
    const svgFigures: string[] = [], pngFigures = new Map<string, string>();
    for (const [k, svg] of card.figures.entries()) {
      figures.push(`figures/${name}-${k + 1}.svg`);
      await Deno.writeTextFile(join(htmlDir, figures[k]!), sanitizeSvg(svg));
      const png = card.figurePngs?.[k];
      if (png) pngFigures.set(png, figures[k]!);
      else svgFigures.push(figures[k]!);
    }
    const thumbnail = card.figure ? figures[card.figures.indexOf(card.figure)] ?? null : null;
    const htmlPath = join(htmlDir, `${name}.html`);
    try {
      await Deno.writeTextFile(
        htmlPath,
        renderNotebookPage(await Deno.readTextFile(htmlPath), {
          figures: svgFigures,
          pngFigures,
          title: plainTitle(card.title),
        }),
      );
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    cards.push(sanitizeHtml(cardHtml(card, result, thumbnail)));
  }
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Price impact modeling: the chapter</title>
<link rel="stylesheet" href="${KATEX_DIR}/katex.min.css">
<style>${STYLE}</style></head>
<body><h1>Price impact modeling</h1>
<p class="muted">The chapter's notebooks, executed headless with the Deno kernel on ${
    escapeHtml(executedAt.toISOString().slice(0, 16).replace("T", " "))
  } UTC, at commit <code class="commit">${escapeHtml(commit)}</code> with Deno <span class="deno-version">${
    escapeHtml(denoVersion)
  }</span>. Every number, data label and figure below is read from the executed notebooks; click a title or a figure for the full notebook.</p>
${cards.join("\n")}
</body></html>
`;
  const index = join(htmlDir, "index.html");
  await Deno.writeTextFile(index, html);
  return index;
}
