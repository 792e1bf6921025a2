/**
 * The walkthrough's HTML report: math rendered offline by KaTeX in nbconvert's real HTML, no network
 * scripts, and a front page built from what the executed notebooks emitted.
 *
 * "No TeX source left" is checked on the written HTML's visible text (scripts, styles and MathML
 * `<annotation>`s, which hold the TeX for screen readers, removed): no `$...$` span contains TeX syntax
 * (a backslash, `^`, `_`, `{` or `}`). Plain dollar amounts ("0.60 M$") stay allowed.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseHTML } from "linkedom";
import {
  inlineMarkdown,
  readNotebookCard,
  renderNotebookPage,
  splitMath,
  writeReport,
} from "../../.ci/report.ts";
import { findJupyterPython, type NotebookResult, ROOT } from "../../.ci/notebooks.ts";
import { SUMMARY_MIME } from "@lib/report/mod.ts";

const TEX_IN_DOLLARS = /\$[^$]*[\\^_{}][^$]*\$/;

function visibleText(html: string): string {
  const { document } = parseHTML(html);
  for (const el of Array.from(document.querySelectorAll("script, style, annotation"))) el.remove();
  return document.querySelector("body")?.textContent ?? "";
}

const notebook = {
  cells: [
    {
      cell_type: "markdown",
      id: "a",
      metadata: {},
      source:
        "# 9. A test chapter\n\n**Purpose.** Show that $I(Q) = \\sigma\\,\\eta\\,(|Q|/V)^{\\delta}$ renders,\n" +
        "and *emphasis* too.\n\n$$E[x] + \\lambda V[x]$$\n\nA price of 5 \\$ and more.",
    },
    {
      cell_type: "code",
      id: "b",
      metadata: {},
      execution_count: 1,
      source: "notebookSummary(...)",
      outputs: [
        {
          output_type: "display_data",
          metadata: {},
          data: {
            "image/svg+xml":
              '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="5"/></svg>',
            "text/plain": "[figure]",
          },
        },
        {
          output_type: "display_data",
          metadata: {},
          data: {
            [SUMMARY_MIME]: {
              data: [{
                name: "BTCUSDT linear candles",
                source: "synthetic",
                from: "2025-06-01T00:00:00.000Z",
                to: "2025-06-30T23:59:00.000Z",
                description: "SYNTHETIC data (seeded market, seed 1)",
              }],
              numbers: [{
                label: "eta",
                value: 0.75512,
                interval: [0.4521, 1.4271],
                confidence: 0.95,
                digits: 3,
              }],
              headline: "The fit $\\delta$ covers the truth.",
            },
            "text/markdown": "**Summary** with $\\eta = 0.755$",
            "text/plain": "summary",
          },
        },
      ],
    },
  ],
  metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
  nbformat: 4,
  nbformat_minor: 5,
};

Deno.test("splitMath finds inline and display math, keeps escaped and money dollars as text", () => {
  assert.deepEqual(splitMath("a $x^2$ b $$y$$ c"), [
    { math: false, text: "a " },
    { math: true, tex: "x^2", display: false },
    { math: false, text: " b " },
    { math: true, tex: "y", display: true },
    { math: false, text: " c" },
  ]);
  assert.deepEqual(splitMath("0.60 M\\$ to 0.91 M\\$"), [{ math: false, text: "0.60 M$ to 0.91 M$" }]);
  assert.deepEqual(splitMath("costs 5 $ and 6 $ each"), [{ math: false, text: "costs 5 $ and 6 $ each" }]);
  assert.deepEqual(splitMath("$a$5"), [{ math: false, text: "$a$5" }]);
});

Deno.test("renderNotebookPage renders Markdown math but leaves code and other outputs alone", () => {
  const page = renderNotebookPage(
    `<html><head><script src="https://cdn.example/MathJax.js"></script></head><body>` +
      `<div class="jp-RenderedMarkdown"><p>$x_1$ and <code>$y_1$</code>, $\\lambda &lt; 0$</p></div>` +
      `<div class="jp-RenderedText"><pre>$z_1$</pre></div></body></html>`,
  );
  assert.equal((page.match(/<span class="katex">/g) ?? []).length, 2, "text split at &lt; is merged first");
  assert.match(page, /<code>\$y_1\$<\/code>/);
  assert.match(page, /<pre>\$z_1\$<\/pre>/);
  assert.doesNotMatch(page, /MathJax/);
});

Deno.test("inlineMarkdown renders math, bold, italic and code, and escapes HTML", () => {
  const html = inlineMarkdown("**bold** *it* `c` <b> $\\lambda$");
  assert.match(html, /<strong>bold<\/strong> <em>it<\/em> <code>c<\/code> &lt;b&gt; <span class="katex">/);
});

Deno.test("readNotebookCard takes title, purpose, summary and main figure from the notebook", () => {
  const card = readNotebookCard("09_test", notebook);
  assert.equal(card.title, "9. A test chapter");
  assert.match(card.purpose, /^Show that \$I\(Q\)/);
  assert.equal(card.summary?.numbers[0]?.label, "eta");
  assert.match(card.figure ?? "", /^<svg/);
});

const { python } = await findJupyterPython();

Deno.test({
  name: "the written report renders math with KaTeX offline and builds the front page from the notebooks",
  // nbconvert makes the pages; CI installs it (.ci/run), so this runs there.
  ignore: python === null,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "report-test-" });
    try {
      const notebooksDir = join(dir, "notebooks"), htmlDir = join(dir, "report");
      await Deno.mkdir(notebooksDir);
      await Deno.mkdir(htmlDir);
      const ipynb = join(notebooksDir, "09_test.ipynb");
      await Deno.writeTextFile(ipynb, JSON.stringify(notebook));
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
      assert.ok(
        TEX_IN_DOLLARS.test(visibleText(raw)),
        "nbconvert's page holds raw TeX before the report renders it",
      );
      await Deno.writeTextFile(join(htmlDir, "09_test.html"), raw);
      const result: NotebookResult = {
        notebook: "09_test.ipynb",
        seconds: 1.5,
        code_cells: 1,
        cells_with_output: 1,
        outputs: 2,
        late_outputs_rescued: 0,
        after_barrier: 0,
        failure: null,
      };
      const index = await writeReport([result], { notebooksDir, htmlDir, executedAt: new Date(0) });

      const page = await Deno.readTextFile(join(htmlDir, "09_test.html"));
      const text = visibleText(page);
      assert.ok(!TEX_IN_DOLLARS.test(text), `TeX left in the page: ${TEX_IN_DOLLARS.exec(text)?.[0]}`);
      assert.ok((page.match(/class="katex"/g) ?? []).length >= 3, "inline math, Markdown output math");
      assert.match(page, /class="katex-display"/);
      assert.match(text, /5 \$ and/, "an escaped dollar shows as a dollar");
      assert.doesNotMatch(page, /<script[^>]+src="(https?:|file:)?\/\//);
      // The figure is the notebook's own SVG, not nbconvert's sanitised copy (which loses its shapes).
      assert.match(page, /<img src="figures\/09_test-1.svg"/);
      assert.match(
        await Deno.readTextFile(join(htmlDir, "figures", "09_test-1.svg")),
        /<rect width="5" height="5"(\/>|><\/rect>)/,
      );
      assert.match(page, /<link[^>]+href="katex\/katex.min.css"/);

      const front = await Deno.readTextFile(index);
      const frontText = visibleText(front);
      assert.ok(
        !TEX_IN_DOLLARS.test(frontText),
        `TeX left in the front page: ${TEX_IN_DOLLARS.exec(frontText)?.[0]}`,
      );
      assert.match(frontText, /9\. A test chapter/);
      assert.match(frontText, /Show that .* renders, and emphasis too\./);
      assert.match(frontText, /synthetic \(seeded\) BTCUSDT linear candles, 2025-06-01 to 2025-06-30/);
      assert.match(frontText, /eta\s*0\.755 \[0\.452, 1\.43\] \(95 % CI\)/);
      // Every local reference of the front page and the notebook page exists: nothing comes from the network.
      for (const html of [front, page]) {
        for (const [, ref] of html.matchAll(/(?:src|href)="([^"#]+)"/g)) {
          assert.ok(!/^(https?:|file:)?\/\//.test(ref!), `network reference ${ref}`);
          await Deno.stat(join(htmlDir, ref!));
        }
      }
      const css = await Deno.readTextFile(join(htmlDir, "katex", "katex.min.css"));
      for (const [, font] of css.matchAll(/url\((fonts\/[^)]+\.woff2)\)/g)) {
        await Deno.stat(join(htmlDir, "katex", font!));
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("the front page shows a failed notebook's error, and a notebook without a summary by its title", async () => {
  const dir = await Deno.makeTempDir({ prefix: "report-test-" });
  try {
    const notebooksDir = join(dir, "notebooks"), htmlDir = join(dir, "report");
    await Deno.mkdir(notebooksDir);
    const bare = {
      ...notebook,
      cells: [notebook.cells[0], { ...notebook.cells[1], outputs: [notebook.cells[1]!.outputs![0]] }],
    };
    await Deno.writeTextFile(join(notebooksDir, "10_bare.ipynb"), JSON.stringify(bare));
    const result: NotebookResult = {
      notebook: "10_bare.ipynb",
      seconds: 2,
      code_cells: 1,
      cells_with_output: 1,
      outputs: 1,
      late_outputs_rescued: 0,
      after_barrier: 0,
      failure: { cell: 3, ename: "RangeError", evalue: "Cannot fit <law>", traceback: [] },
    };
    const text = visibleText(await Deno.readTextFile(await writeReport([result], { notebooksDir, htmlDir })));
    assert.match(text, /9\. A test chapter/);
    assert.match(text, /Failed at cell 3: RangeError: Cannot fit <law>/);
    assert.match(text, /emits no summary/);
    await Deno.stat(join(htmlDir, "figures", "10_bare-1.svg"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the front page names the commit and the Deno version the notebooks ran with", async () => {
  const dir = await Deno.makeTempDir({ prefix: "report-test-" });
  try {
    const htmlDir = join(dir, "report");
    const given = visibleText(
      await Deno.readTextFile(
        await writeReport([], { notebooksDir: dir, htmlDir, commit: "0123456789ab", denoVersion: "9.8.7" }),
      ),
    );
    assert.match(given, /at commit 0123456789ab with Deno 9\.8\.7\./);
    // Defaults: this checkout's commit (git describe: 12 hex digits, -dirty with local changes) and this Deno.
    const text = visibleText(await Deno.readTextFile(await writeReport([], { notebooksDir: dir, htmlDir })));
    const commit = /at commit (\S+) with Deno (\S+)\./.exec(text);
    assert.ok(commit, text);
    assert.match(commit[1]!, /^([0-9a-f]{12}(-dirty)?|unknown)$/);
    assert.equal(commit[2], Deno.version.deno);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name:
    "escaped dollars, emphasis next to them and math with a space before its closing $ render in the report",
  ignore: python === null,
  fn: async () => {
    // The Markdown of notebook 03's cells 3 and 22, and a markdown() output with escaped dollars.
    const part1 =
      "The price diffuses with volatility $\\sigma$ (\\$/share/day$^{1/2}$); each share sold moves it " +
      "down *permanently* by\n$\\gamma$ (\\$/share per share); a cost of 125,000 \\$ too low.";
    const part2 =
      "$\\epsilon = $ half spread $+$ fee; the iso-utility lines $E + \\lambda V = $ const become " +
      "parabolas. Literal: 5 &#36; and 6 &#36; each.";
    const nb = {
      cells: [
        { cell_type: "markdown", id: "a", metadata: {}, source: `# 3. Dollars\n\n${part1}` },
        { cell_type: "markdown", id: "b", metadata: {}, source: part2 },
        {
          cell_type: "code",
          id: "c",
          metadata: {},
          execution_count: 1,
          source: "markdown(...)",
          outputs: [{
            output_type: "execute_result",
            execution_count: 1,
            metadata: {},
            data: {
              "text/markdown": "from 1.04 M\\$ to 0.60 M\\$ *at* $\\lambda = 10^{-6}$",
              "text/plain": "x",
            },
          }],
        },
      ],
      metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    const dir = await Deno.makeTempDir({ prefix: "report-test-" });
    try {
      const notebooksDir = join(dir, "notebooks"), htmlDir = join(dir, "report");
      await Deno.mkdir(notebooksDir);
      await Deno.mkdir(htmlDir);
      const ipynb = join(notebooksDir, "03_dollars.ipynb");
      await Deno.writeTextFile(ipynb, JSON.stringify(nb));
      // The executor's own HTML export (what the walkthrough writes).
      const converted = await new Deno.Command(python!, {
        args: [
          "-c",
          "import importlib.util, sys, nbformat\n" +
          "spec = importlib.util.spec_from_file_location('x', sys.argv[1]); x = importlib.util.module_from_spec(spec)\n" +
          "spec.loader.exec_module(x)\n" +
          "sys.stdout.write(x.export_html(nbformat.read(sys.argv[2], as_version=4), '03_dollars'))",
          join(ROOT, ".ci", "execute_notebooks.py"),
          ipynb,
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.ok(converted.success, new TextDecoder().decode(converted.stderr));
      await Deno.writeTextFile(join(htmlDir, "03_dollars.html"), new TextDecoder().decode(converted.stdout));
      const result: NotebookResult = {
        notebook: "03_dollars.ipynb",
        seconds: 1,
        code_cells: 1,
        cells_with_output: 1,
        outputs: 1,
        late_outputs_rescued: 0,
        after_barrier: 0,
        failure: null,
      };
      await writeReport([result], { notebooksDir, htmlDir, commit: "x", denoVersion: "y" });
      const page = await Deno.readTextFile(join(htmlDir, "03_dollars.html"));
      const text = visibleText(page);
      assert.doesNotMatch(text, /\*permanently\*|\*at\*/, "emphasis renders");
      assert.match(page, /<em>permanently<\/em>/);
      assert.ok(!TEX_IN_DOLLARS.test(text), `TeX left in the page: ${TEX_IN_DOLLARS.exec(text)?.[0]}`);
      assert.doesNotMatch(text, /\\\$|\\epsilon|\\lambda|\\sigma|&#36;/, "no TeX or escape shows");
      for (
        const literal of ["($/share/day", "($/share per share)", "125,000 $ too low", "5 $ and 6 $ each"]
      ) {
        assert.ok(text.includes(literal), `"${literal}" shows as written`);
      }
      assert.match(text, /from 1\.04 M\$ to 0\.60 M\$ at/);
      // Math: sigma, 1/2, gamma, epsilon, +, E + lambda V, lambda = 10^-6.
      assert.ok((page.match(/class="katex"/g) ?? []).length >= 7, "every formula is rendered");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
