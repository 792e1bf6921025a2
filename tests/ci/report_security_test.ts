/**
 * The walkthrough's report runs nothing a notebook holds: the sanitiser (.ci/sanitize.ts) is checked with the
 * classic cases of the OWASP XSS Filter Evasion Cheat Sheet
 * (https://cheatsheetseries.owasp.org/cheatsheets/XSS_Filter_Evasion_Cheat_Sheet.html), and a notebook
 * carrying such payloads in its title, purpose, summary, Markdown cells, HTML and SVG outputs and metadata
 * is written to a report whose every page and figure file is then checked for active content.
 *
 * "Active content" (what `activeContent` looks for in the parsed result): an element that runs or loads
 * code (script, iframe, object, embed, base, meta, link, form controls, SVG animation, foreignObject), an
 * event-handler attribute (`on*`), a URL attribute whose scheme is `javascript:`, `vbscript:` or `data:`
 * (except a `data:image/...` image source, which cannot run script), CSS holding `url(`, `expression(`,
 * `javascript:` or `@import`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseHTML } from "linkedom";
import katex from "katex";
import * as Plot from "@observablehq/plot";
import { isSafeUrl, sanitizeHtml, sanitizeSvg } from "../../.ci/sanitize.ts";
import { inlineMarkdown, plainTitle, renderNotebookPage, writeReport } from "../../.ci/report.ts";
import { findJupyterPython, type NotebookResult } from "../../.ci/notebooks.ts";
import { renderFigure } from "@lib/mod.ts";
import { SUMMARY_MIME } from "@lib/report/mod.ts";

const FORBIDDEN_TAGS = new Set([
  "script",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "base",
  "meta",
  "link",
  "form",
  "input",
  "button",
  "textarea",
  "select",
  "bgsound",
  "animate",
  "set",
  "animatemotion",
  "animatetransform",
  "handler",
  "foreignobject",
  "xss",
  "layer",
  "ilayer",
]);
const URL_ATTRIBUTES = new Set([
  "href",
  "src",
  "xlink:href",
  "action",
  "formaction",
  "background",
  "dynsrc",
  "lowsrc",
  "data",
  "to",
  "from",
  "values",
  "poster",
  "srcset",
  "codebase",
  "cite",
]);
const BAD_CSS = /url\s*\(|expression\s*\(|javascript:|vbscript:|@import/i;

/** Everything in `markup` that could run or load code; [] when it is inert. */
function activeContent(markup: string, { page = false } = {}): string[] {
  const { document } = parseHTML(page ? markup : `<!DOCTYPE html><html><body>${markup}</body></html>`);
  const found: string[] = [];
  for (const el of Array.from(document.querySelectorAll("*"))) {
    const tag = el.tagName.toLowerCase();
    // The report's own page head holds its charset/viewport <meta> and the KaTeX stylesheet <link>.
    const ownHead = page && el.closest("head") !== null &&
      ((tag === "meta" && !el.hasAttribute("http-equiv")) ||
        (tag === "link" && el.getAttribute("href") === "katex/katex.min.css"));
    if (FORBIDDEN_TAGS.has(tag) && !ownHead) found.push(`<${tag}>`);
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) found.push(`${tag}[${name}]`);
      // deno-lint-ignore no-control-regex
      const value = attr.value.replace(/[\u0000-\u0020]/g, "");
      if (URL_ATTRIBUTES.has(name) && /^(javascript|vbscript|data|livescript):/i.test(value)) {
        if (!(tag === "img" && name === "src" && /^data:image\//i.test(value))) {
          found.push(`${tag}[${name}=${value}]`);
        }
      }
      if (name === "style" && BAD_CSS.test(attr.value)) found.push(`${tag}[style=${attr.value}]`);
    }
    if (tag === "style" && BAD_CSS.test(el.textContent ?? "")) found.push(`<style>${el.textContent}`);
  }
  return found;
}

/** The classic cases of the OWASP XSS Filter Evasion Cheat Sheet, by its section names. */
const OWASP: [string, string][] = [
  ["basic script", `<SCRIPT SRC=https://xss.rocks/xss.js></SCRIPT>`],
  [
    "polyglot",
    `javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/"/+/onmouseover=1/+/[*/[]/+alert(1)//'>`,
  ],
  ["image with javascript", `<IMG SRC="javascript:alert('XSS');">`],
  ["no quotes, no semicolon", `<IMG SRC=javascript:alert('XSS')>`],
  ["case insensitive", `<IMG SRC=JaVaScRiPt:alert('XSS')>`],
  ["HTML entities", `<IMG SRC=javascript:alert(&quot;XSS&quot;)>`],
  ["grave accents", "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>"],
  ["malformed A tag", `<a onmouseover="alert(document.cookie)">xxs link</a>`],
  ["malformed IMG tag", `<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>`],
  ["fromCharCode", `<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>`],
  ["default SRC with onmouseover", `<IMG SRC=# onmouseover="alert('xxs')">`],
  ["empty SRC", `<IMG SRC= onmouseover="alert('xxs')">`],
  ["no SRC", `<IMG onmouseover="alert('xxs')">`],
  ["onerror", `<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>`],
  [
    "onerror, encoded",
    `<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">`,
  ],
  [
    "decimal character references",
    `<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>`,
  ],
  [
    "decimal references without semicolons",
    `<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>`,
  ],
  [
    "hexadecimal references without semicolons",
    `<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>`,
  ],
  ["embedded tab", `<IMG SRC="jav\tascript:alert('XSS');">`],
  ["embedded encoded tab", `<IMG SRC="jav&#x09;ascript:alert('XSS');">`],
  ["embedded newline", `<IMG SRC="jav&#x0A;ascript:alert('XSS');">`],
  ["embedded carriage return", `<IMG SRC="jav&#x0D;ascript:alert('XSS');">`],
  ["null breaks up javascript", `<IMG SRC=java\0script:alert("XSS")>`],
  ["spaces and meta characters", `<IMG SRC=" &#14;  javascript:alert('XSS');">`],
  ["non-alpha-non-digit", `<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>`],
  ["non-alpha-non-digit body", '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>'],
  ["extraneous open brackets", `<<SCRIPT>alert("XSS");//\\<</SCRIPT>`],
  ["no closing script tag", `<SCRIPT SRC=http://xss.rocks/xss.js?< B >`],
  ["half open HTML/JavaScript", `<IMG SRC="\`<javascript:alert>\`('XSS')"`],
  ["end title tag", `</TITLE><SCRIPT>alert("XSS");</SCRIPT>`],
  ["input image", `<INPUT TYPE="IMAGE" SRC="javascript:alert('XSS');">`],
  ["body image", `<BODY BACKGROUND="javascript:alert('XSS')">`],
  ["img dynsrc", `<IMG DYNSRC="javascript:alert('XSS')">`],
  ["img lowsrc", `<IMG LOWSRC="javascript:alert('XSS')">`],
  [
    "list-style-image",
    `<STYLE>li {list-style-image: url("javascript:alert('XSS')");}</STYLE><UL><LI>XSS</br>`,
  ],
  ["SVG onload", `<svg/onload=alert('XSS')>`],
  ["body onload", `<BODY ONLOAD=alert('XSS')>`],
  ["BGSOUND", `<BGSOUND SRC="javascript:alert('XSS');">`],
  ["LINK stylesheet", `<LINK REL="stylesheet" HREF="javascript:alert('XSS');">`],
  ["STYLE @import", `<STYLE>@import'http://xss.rocks/xss.css';</STYLE>`],
  ["META refresh", `<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert('XSS');">`],
  ["IFRAME", `<IFRAME SRC="javascript:alert('XSS');"></IFRAME>`],
  ["IFRAME event", `<IFRAME SRC=# onmouseover="alert(document.cookie)"></IFRAME>`],
  ["FRAMESET", `<FRAMESET><FRAME SRC="javascript:alert('XSS');"></FRAMESET>`],
  ["TABLE background", `<TABLE BACKGROUND="javascript:alert('XSS')">`],
  ["TD background", `<TABLE><TD BACKGROUND="javascript:alert('XSS')">`],
  ["DIV background-image", `<DIV STYLE="background-image: url(javascript:alert('XSS'))">`],
  [
    "DIV background-image, escaped",
    `<DIV STYLE="background-image:\\0075\\0072\\006C\\0028'\\006a\\0061vascript:alert('XSS')'\\0029">`,
  ],
  ["DIV expression", `<DIV STYLE="width: expression(alert('XSS'));">`],
  ["BASE tag", `<BASE HREF="javascript:alert('XSS');//">`],
  ["OBJECT tag", `<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>`],
  [
    "EMBED SVG",
    `<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH" type="image/svg+xml" AllowScriptAccess="always"></EMBED>`,
  ],
  ["A href javascript", `<a href="javascript:alert(1)">x</a>`],
  ["A href named entity colon", `<a href="javascript&colon;alert(1)">x</a>`],
  ["A href data:text/html", `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`],
  ["A href vbscript", `<a href="vbscript:msgbox(1)">x</a>`],
  ["SVG link", `<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>`],
  ["SVG animate", `<svg><animate onbegin=alert(1) attributeName=x dur=1s>`],
  ["SVG set href", `<svg><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>`],
  [
    "SVG foreignObject",
    `<svg><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>`,
  ],
  ["SVG use external", `<svg><use href="data:image/svg+xml;base64,PHN2Zz4=#x"/></svg>`],
  ["MathML href", `<math><mi xlink:href="javascript:alert(1)" href="javascript:alert(1)">x</mi></math>`],
  [
    "form action",
    `<form action="javascript:alert(1)"><button formaction=javascript:alert(1)>X</button></form>`,
  ],
  ["details ontoggle", `<details open ontoggle=alert(1)>`],
  ["noscript breakout", `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`],
  ["template", `<template><script>alert(1)</script></template>`],
];

Deno.test("the sanitiser leaves no active content in any OWASP filter-evasion case", () => {
  const failures: string[] = [];
  for (const [name, payload] of OWASP) {
    const clean = sanitizeHtml(payload);
    const active = activeContent(clean);
    if (active.length > 0) failures.push(`${name}: ${active.join(", ")} in ${clean}`);
    // Idempotent: a second pass changes nothing more (the output is a fixed point of the allow-list).
    if (sanitizeHtml(clean) !== clean) failures.push(`${name}: not a fixed point: ${clean}`);
  }
  // Each case is active before sanitising (so the check above can fail), except the text-only ones.
  const inertBefore = OWASP.filter(([, p]) => activeContent(p).length === 0).map(([n]) => n);
  assert.ok(inertBefore.length <= 8, `the checker misses too many raw cases: ${inertBefore.join("; ")}`);
  assert.deepEqual(failures, []);
});

Deno.test("the sanitiser keeps KaTeX output, SVG figures, tables, data: images and relative links", () => {
  const math = katex.renderToString("\\sqrt{x^2} + \\frac{1}{2} \\xrightarrow{a} \\hat{\\eta}", {
    displayMode: true,
    output: "htmlAndMathml",
  });
  const clean = sanitizeHtml(math);
  assert.equal(activeContent(clean).length, 0);
  // The same elements in the same order: KaTeX's spans, MathML and the radical's SVG path survive.
  const tags = (s: string) => [...s.matchAll(/<([a-zA-Z]+)/g)].map((m) => m[1]!.toLowerCase());
  assert.deepEqual(tags(clean), tags(math));
  assert.match(clean, /<annotation encoding="application\/x-tex">/);
  assert.match(clean, /style="height:[\d.]+em;vertical-align:-?[\d.]+em"/);
  assert.match(clean, /<path d="M95,702/);

  const figure = renderFigure({
    title: "A title",
    color: { legend: true },
    marks: [Plot.dot([{ x: 1, y: 2, k: "a" }, { x: 2, y: 1, k: "b" }], { x: "x", y: "y", fill: "k" })],
  }).svg;
  const svg = sanitizeSvg(figure);
  assert.deepEqual(tags(svg), tags(figure), "every element of the figure is kept");
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /viewBox="/, "XML keeps camel case");
  assert.match(svg, /<style>:where\(\.plot-[0-9a-f]+\)/, "Plot's class-scoped style stays");
  assert.match(sanitizeHtml(figure), /<circle /);

  const html =
    `<table><thead><tr><th>a</th></tr></thead><tbody><tr><td style="text-align:right">1</td></tr></tbody>` +
    `</table><img src="data:image/png;base64,iVBORw0KGgo=" alt="f"><a href="figures/a.svg">a</a>` +
    `<a href="https://example.org/x">b</a>`;
  assert.equal(sanitizeHtml(html), html.replace('alt="f">', 'alt="f" />'));
});

Deno.test("isSafeUrl allows http(s), mailto, relative URLs and image data only", () => {
  for (
    const url of ["https://a.org", "http://a.org", "mailto:a@b.org", "figures/a.svg", "#x", "a.html?x=1"]
  ) {
    assert.ok(isSafeUrl(url), url);
  }
  for (
    const url of [
      "javascript:alert(1)",
      " JaVa\tScRiPt:alert(1)",
      "vbscript:x",
      "data:text/html,x",
      "//evil.org",
    ]
  ) {
    assert.ok(!isSafeUrl(url), url);
  }
  assert.ok(isSafeUrl("data:image/png;base64,AAAA", { image: true }));
  assert.ok(!isSafeUrl("data:image/png;base64,AAAA"));
});

Deno.test("front-page Markdown turns a javascript: link into text", () => {
  assert.equal(inlineMarkdown("[click](javascript:alert`1`)"), "click");
  assert.equal(inlineMarkdown("[click](JavaScript:void)"), "click");
  assert.equal(inlineMarkdown("[paper](https://a.org/p)"), '<a href="https://a.org/p">paper</a>');
});

Deno.test("a notebook page is titled with the notebook's title", () => {
  const page = renderNotebookPage("<html><head><title>Notebook</title></head><body><p>x</p></body></html>", {
    title: plainTitle("3. Almgren–Chriss: *optimal* execution with $\\lambda$"),
  });
  assert.match(page, /<title>3\. Almgren–Chriss: optimal execution with \\lambda<\/title>/);
});

const PAYLOAD = `<script>alert("xss")</script><img src=x onerror=alert(1)>`;
const JS_LINK = "[click me](javascript:alert(document.cookie))";

const hostile = {
  cells: [
    {
      cell_type: "markdown",
      id: "a",
      metadata: {},
      source: `# Evil ${JS_LINK} title ${PAYLOAD}\n\n**Purpose.** Read ${JS_LINK} and ${PAYLOAD}.\n\n` +
        `<iframe src="javascript:alert(2)"></iframe><a href="javascript:alert(3)">link</a> $\\eta$`,
    },
    {
      cell_type: "code",
      id: "b",
      metadata: {},
      execution_count: 1,
      source: "1",
      outputs: [
        {
          output_type: "display_data",
          metadata: {},
          data: {
            "text/html": `<b onmouseover="alert(4)">html</b><script>alert(5)</script>`,
            "text/plain": "html",
          },
        },
        {
          output_type: "display_data",
          metadata: {},
          data: {
            "image/svg+xml":
              `<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9" onload="alert(6)">` +
              `<script>alert(7)</script><a href="javascript:alert(8)"><rect width="5" height="5"/></a></svg>`,
            "text/plain": "[figure]",
          },
        },
        {
          output_type: "display_data",
          metadata: {},
          data: {
            "text/markdown": `**md** ${JS_LINK} ${PAYLOAD}`,
            "text/plain": "md",
          },
        },
        {
          output_type: "display_data",
          metadata: {},
          data: {
            [SUMMARY_MIME]: {
              data: [{
                name: `data ${PAYLOAD}`,
                source: `synthetic" onmouseover="alert(9)`,
                description: JS_LINK,
              }],
              numbers: [{ label: `eta ${JS_LINK}`, value: `<script>alert(10)</script>`, note: PAYLOAD }],
              headline: `${JS_LINK} ${PAYLOAD}`,
            },
            "text/plain": "summary",
          },
        },
      ],
    },
  ],
  metadata: {
    title: `</title><script>alert(11)</script>`,
    widgets: {
      "application/vnd.jupyter.widget-state+json": { state: {}, version_major: 2, version_minor: 0 },
    },
    kernelspec: { name: "deno", display_name: "Deno", language: "typescript" },
  },
  nbformat: 4,
  nbformat_minor: 5,
};

const { python } = await findJupyterPython();

Deno.test({
  name: "a notebook full of script payloads gives a report with no active content, math and figures intact",
  ignore: python === null,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "report-xss-" });
    try {
      const notebooksDir = join(dir, "notebooks"), htmlDir = join(dir, "report");
      await Deno.mkdir(notebooksDir);
      await Deno.mkdir(htmlDir);
      const ipynb = join(notebooksDir, "66_evil.ipynb");
      await Deno.writeTextFile(ipynb, JSON.stringify(hostile));
      const converted = await new Deno.Command(python!, {
        args: [
          "-c",
          "import sys, nbformat; from nbconvert import HTMLExporter; " +
          "sys.stdout.write(HTMLExporter().from_notebook_node(nbformat.read(sys.argv[1], as_version=4))[0])",
          ipynb,
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.ok(converted.success, new TextDecoder().decode(converted.stderr));
      const raw = new TextDecoder().decode(converted.stdout);
      assert.ok(activeContent(raw, { page: true }).length > 0, "nbconvert's page runs the payloads");
      await Deno.writeTextFile(join(htmlDir, "66_evil.html"), raw);
      const result: NotebookResult = {
        notebook: "66_evil.ipynb",
        seconds: 1,
        code_cells: 1,
        cells_with_output: 1,
        outputs: 4,
        late_outputs_rescued: 0,
        after_barrier: 0,
        failure: { cell: 2, ename: `<img src=x onerror=alert(12)>`, evalue: PAYLOAD, traceback: [] },
      };
      const index = await writeReport([result], { notebooksDir, htmlDir, executedAt: new Date(0) });
      const files = [index, join(htmlDir, "66_evil.html"), join(htmlDir, "figures", "66_evil-1.svg")];
      for (const file of files) {
        const text = await Deno.readTextFile(file);
        assert.deepEqual(activeContent(text, { page: true }), [], file);
        // A javascript: URL may remain as visible text (inert), never in an attribute.
        assert.doesNotMatch(text, /=\s*["']?\s*javascript:/i, file);
      }
      const page = await Deno.readTextFile(files[1]!);
      assert.match(page, /class="katex"/, "math still renders");
      assert.match(page, /<img src="figures\/66_evil-1.svg"/, "the figure still shows");
      assert.match(await Deno.readTextFile(files[2]!), /<rect width="5" height="5"/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
