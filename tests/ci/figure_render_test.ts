/**
 * A figure shows in every notebook viewer: its display bundle puts a PNG first and keeps the SVG under a
 * vendor type, so Debian's nbconvert 6.5 (whose lxml cleaner strips an `image/svg+xml` output to nothing)
 * shows the PNG; the report shows the vector SVG in its place.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import * as Plot from "@observablehq/plot";
import { renderFigure } from "@lib/mod.ts";
import { FIGURE_SVG_MIME } from "@lib/plot/mod.ts";
import { writeReport } from "../../.ci/report.ts";
import { findJupyterPython, type NotebookResult } from "../../.ci/notebooks.ts";

const { python, why } = await findJupyterPython();
if (!python) console.warn(`Skipping the nbconvert figure test: ${why}`);

/** nbconvert's display priority for HTML (nbconvert/exporters/html.py): the first type present is shown. */
const NBCONVERT_PRIORITY = [
  "application/vnd.jupyter.widget-view+json",
  "application/javascript",
  "text/html",
  "text/markdown",
  "image/svg+xml",
  "text/latex",
  "image/png",
  "image/jpeg",
  "text/plain",
];

Deno.test({
  name: "a figure shows as an image in nbconvert's HTML, and as its SVG in the report",
  ignore: python === null,
  fn: async () => {
    const fig = renderFigure({ marks: [Plot.dot([{ x: 1, y: 2 }, { x: 3, y: 4 }], { x: "x", y: "y" })] });
    const bundle = await (fig as unknown as Record<symbol, () => Promise<Record<string, string>>>)[
      Symbol.for("Jupyter.display")
    ]!();
    assert.equal(NBCONVERT_PRIORITY.find((m) => m in bundle), "image/png", "nbconvert picks the PNG");
    const dir = await Deno.makeTempDir({ prefix: "figure-render-" });
    try {
      const notebooksDir = join(dir, "notebooks"), htmlDir = join(dir, "report");
      await Deno.mkdir(notebooksDir);
      await Deno.mkdir(htmlDir);
      const ipynb = join(notebooksDir, "07_fig.ipynb");
      await Deno.writeTextFile(
        ipynb,
        JSON.stringify({
          cells: [
            { cell_type: "markdown", id: "a", metadata: {}, source: "# 7. Figures" },
            {
              cell_type: "code",
              id: "b",
              metadata: {},
              execution_count: 1,
              source: "renderFigure(...)",
              outputs: [{ output_type: "execute_result", execution_count: 1, metadata: {}, data: bundle }],
            },
          ],
          metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
          nbformat: 4,
          nbformat_minor: 5,
        }),
      );
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
      const html = new TextDecoder().decode(converted.stdout);
      // The figure is an <img> of the PNG, not an SVG that the cleaner emptied.
      assert.ok(
        html.includes(`<img src="data:image/png;base64,${bundle["image/png"]}"`),
        "nbconvert shows the PNG",
      );
      assert.doesNotMatch(html, /<div class="jp-RenderedSVG/);
      await Deno.writeTextFile(join(htmlDir, "07_fig.html"), html);
      const result: NotebookResult = {
        notebook: "07_fig.ipynb",
        seconds: 1,
        code_cells: 1,
        cells_with_output: 1,
        outputs: 1,
        late_outputs_rescued: 0,
        after_barrier: 0,
        failure: null,
      };
      await writeReport([result], { notebooksDir, htmlDir, commit: "x", denoVersion: "y" });
      const page = await Deno.readTextFile(join(htmlDir, "07_fig.html"));
      assert.match(page, /<img src="figures\/07_fig-1.svg"/, "the report shows the vector figure");
      assert.doesNotMatch(page, /<img src="data:image\/png/);
      const svg = await Deno.readTextFile(join(htmlDir, "figures", "07_fig-1.svg"));
      assert.equal((svg.match(/<circle/g) ?? []).length, 2);
      assert.equal(bundle[FIGURE_SVG_MIME], fig.svg);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
