/**
 * Hygiene of the committed notebooks: they read well on a forge only if they carry their outputs,
 * contain no errors and no machine paths, and follow the chapter's structure.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { listNotebooks } from "../.ci/notebooks.ts";

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
}
interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: Output[];
  execution_count?: number | null;
}
const text = (s: string | string[] | undefined) => (Array.isArray(s) ? s.join("") : s ?? "");

const paths = await listNotebooks();

Deno.test("the chapter has its notebooks, numbered in order", () => {
  assert.ok(paths.length >= 2, `found ${paths.length} notebooks`);
  const numbers = paths.map((p) => Number(p.split("/").at(-1)!.slice(0, 2)));
  assert.deepEqual(numbers, numbers.map((_, i) => i + 1));
});

for (const path of paths) {
  const name = path.split("/").at(-1)!;
  const nb = JSON.parse(await Deno.readTextFile(path)) as {
    cells: Cell[];
    metadata: { kernelspec?: { name?: string } };
    nbformat: number;
  };

  Deno.test(`${name}: Deno kernel, structure (purpose, objectives, prerequisites, references; parameters cell)`, () => {
    assert.equal(nb.nbformat, 4);
    assert.equal(nb.metadata.kernelspec?.name, "deno");
    const [first, second] = nb.cells;
    assert.equal(first?.cell_type, "markdown");
    const intro = text(first?.source);
    for (const heading of ["What you will learn", "Prerequisites", "References"]) {
      assert.ok(intro.includes(heading), `${name}: the first cell lacks "${heading}"`);
    }
    assert.equal(second?.cell_type, "code", `${name}: the second cell must be the parameters cell`);
    assert.match(
      text(second?.source),
      /^\/\/ Parameters/,
      `${name}: the parameters cell starts with // Parameters`,
    );
  });

  Deno.test(`${name}: executed, with outputs, no errors, every figure present`, () => {
    const code = nb.cells.filter((c) => c.cell_type === "code");
    code.forEach((cell, i) => {
      assert.equal(typeof cell.execution_count, "number", `${name}: code cell ${i} was not executed`);
      for (const out of cell.outputs ?? []) {
        assert.notEqual(out.output_type, "error", `${name}: code cell ${i} has an error output`);
      }
      const source = text(cell.source);
      if (/^renderFigure\(/m.test(source)) {
        assert.ok(
          (cell.outputs ?? []).some((o) => o.data && ("image/png" in o.data || "image/svg+xml" in o.data)),
          `${name}: code cell ${i} draws a figure but has no image output`,
        );
      }
      // A call at the start of a line that builds a table (table, tcaStatsTable, ...) or Markdown displays.
      if (/^(\w*[tT]able|markdown)\(/m.test(source)) {
        assert.ok(
          (cell.outputs ?? []).length > 0,
          `${name}: code cell ${i} shows a table or text but has no output`,
        );
      }
    });
  });

  Deno.test(`${name}: no absolute machine paths in sources or outputs`, async () => {
    const raw = await Deno.readTextFile(join(path));
    const hit = raw.match(/(file:\/\/)?\/(work|tmp|root|home|Users)\/[\w.-]+/);
    assert.equal(hit, null, `${name}: contains the machine path ${hit?.[0]}`);
  });
}
