/**
 * `deno task walkthrough`: runs the whole chapter headless with the Deno kernel, in order, and writes
 * executed notebooks to build/notebooks/ and an HTML report to build/report/ (index.html links them).
 *
 * Flags: --only 01,03 (prefixes), --commit-outputs (also write the executed outputs back into notebooks/,
 * for committing), --timeout SECONDS (per cell, default 900), --online (let notebooks fetch from Bybit), --help.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import {
  describeFailure,
  executeNotebooks,
  findJupyterPython,
  listNotebooks,
  rel,
  ROOT,
} from "./notebooks.ts";
import { writeReport } from "./report.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    only: { type: "string", default: "" },
    "commit-outputs": { type: "boolean", default: false },
    timeout: { type: "string", default: "900" },
    online: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(`deno task walkthrough [--only 01,02] [--commit-outputs] [--timeout SECONDS] [--online]

Executes every notebook in notebooks/ in order with the Deno kernel (headless) and writes
  build/notebooks/<name>.ipynb   executed copies
  build/report/<name>.html       HTML of each
  build/report/index.html        the chapter's front page (title, purpose, data, key numbers, main figure)
--commit-outputs also copies the executed notebooks back into notebooks/ (to commit their outputs).
By default the notebooks run offline on the embedded default data (the cache in data/, else the seeded
synthetic market); --online lets them fetch missing candles from Bybit (BYBIT_BASE_URL, else mainnet).`);
  Deno.exit(0);
}

const { python, why } = await findJupyterPython();
if (!python) {
  console.error(`Cannot run the walkthrough: ${why}.`);
  Deno.exit(1);
}
const only = values.only.split(",").map((s) => s.trim()).filter(Boolean);
const notebooks = await listNotebooks(only);
if (notebooks.length === 0) {
  console.error(`Cannot run the walkthrough: no notebook in notebooks/ matches --only ${values.only}`);
  Deno.exit(1);
}
const outDir = join(ROOT, "build", "notebooks");
const htmlDir = join(ROOT, "build", "report");
console.log(`Running ${notebooks.length} notebook(s) with the Deno kernel (${python})`);
const started = performance.now();
const results = await executeNotebooks(notebooks, {
  python,
  outDir,
  htmlDir,
  timeoutSeconds: Number(values.timeout),
  env: { BYBIT_OFFLINE: values.online ? "0" : (Deno.env.get("BYBIT_OFFLINE") ?? "1") },
  onResult: (r) => {
    const mark = r.failure ? "FAIL" : "ok  ";
    console.log(
      `  ${mark} ${r.notebook.padEnd(28)} ${r.seconds.toFixed(1).padStart(6)} s  ` +
        `${r.code_cells} code cells, ${r.outputs} outputs` +
        (r.late_outputs_rescued ? ` (${r.late_outputs_rescued} late outputs kept)` : ""),
    );
  },
});

const failed = results.find((r) => r.failure !== null);
await writeReport(results, { notebooksDir: outDir, htmlDir });
if (failed) {
  console.error("\n" + describeFailure(failed));
  console.error(`\nPartial report: ${rel(join(htmlDir, "index.html"))}`);
  Deno.exit(1);
}
const lost = results.reduce((s, r) => s + r.after_barrier, 0);
if (lost > 0) {
  console.error(`${lost} output(s) arrived after the final barrier: they were kept, but check the executor.`);
}
if (values["commit-outputs"]) {
  for (const r of results) {
    await Deno.copyFile(join(outDir, r.notebook), join(ROOT, "notebooks", r.notebook));
  }
  console.log(`Outputs written back into notebooks/ for ${results.length} notebook(s).`);
}
console.log(
  `\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s. Report: ${
    rel(join(htmlDir, "index.html"))
  }`,
);
