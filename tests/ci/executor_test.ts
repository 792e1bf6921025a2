/**
 * The notebook executor must keep every output of the Deno kernel (which may publish `idle` before a
 * cell's last outputs) and must report a failing cell precisely.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { executeNotebooks, findJupyterPython, ROOT } from "../../.ci/notebooks.ts";

const { python, why } = await findJupyterPython();
const ci = Deno.env.get("CI") === "true";
if (!python && ci) throw new Error(`CI needs Jupyter to test the notebook executor: ${why}`);
const ignore = python === null;
if (ignore) console.warn(`Skipping the notebook executor tests: ${why}`);

Deno.test({
  name: "executor keeps all 32 outputs of a 24-cell probe notebook, three runs in a row",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const outDir = await Deno.makeTempDir();
    try {
      for (let run = 0; run < 3; run++) {
        const [result] = await executeNotebooks(
          [join(ROOT, "tests", "fixtures", "late_output_probe.ipynb")],
          {
            python: python!,
            outDir,
          },
        );
        assert.ok(result);
        assert.equal(result.failure, null);
        const nb = JSON.parse(await Deno.readTextFile(join(outDir, "late_output_probe.ipynb")));
        // Cells 3k: one stream; 3k+1: one execute_result; 3k+2: a display and a stream.
        nb.cells.forEach((cell: { outputs: { output_type: string }[] }, i: number) => {
          const kinds = cell.outputs.map((o) => o.output_type);
          const expected = i % 3 === 0
            ? ["stream"]
            : i % 3 === 1
            ? ["execute_result"]
            : ["display_data", "stream"];
          assert.deepEqual(kinds.slice().sort(), expected.slice().sort(), `run ${run}, cell ${i}: ${kinds}`);
        });
        assert.equal(result.outputs, 32);
        assert.equal(result.after_barrier, 0);
      }
    } finally {
      await Deno.remove(outDir, { recursive: true });
    }
  },
});

Deno.test({
  name: "executor reports the failing cell, its error, and does not run later cells",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const outDir = await Deno.makeTempDir();
    try {
      const [result] = await executeNotebooks([join(ROOT, "tests", "fixtures", "failing.ipynb")], {
        python: python!,
        outDir,
      });
      assert.ok(result?.failure);
      // Numbered as Jupyter shows it: the second cell, In [2].
      assert.equal(result.failure.cell, 2);
      assert.equal(result.failure.execution_count, 2);
      assert.equal(result.failure.first_line, 'throw new RangeError("boom at cell 1");');
      assert.match(`${result.failure.ename}: ${result.failure.evalue}`, /RangeError|boom at cell 1/);
      const nb = JSON.parse(await Deno.readTextFile(join(outDir, "failing.ipynb")));
      assert.equal(nb.cells[2].outputs.length, 0);
      assert.equal(nb.cells[2].execution_count, null);
    } finally {
      await Deno.remove(outDir, { recursive: true });
    }
  },
});
