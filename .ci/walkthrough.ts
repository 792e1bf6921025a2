/**
 * `deno task walkthrough`: runs the whole chapter headless with the Deno kernel, in order, and writes
 * executed notebooks to build/notebooks/ and an HTML report to build/report/ (index.html links them).
 *
 * Flags: --only 01,03 (prefixes), --commit-outputs (also write the executed outputs back into notebooks/,
 * for committing), --timeout SECONDS (per cell, including its output, default 900), --max-output-kb KIB
 * (text kept per output, default 512), --max-image-kb KIB (per image, default 4096), --build-dir DIR
 * (default build/), --online (let notebooks fetch from Bybit), --help. Notebook files given as arguments
 * run instead of notebooks/. SIGINT, SIGTERM and SIGHUP stop it and shut the kernel down. Exit status: 0
 * when every notebook ran, 1 when one failed (the report of what ran is written), 2 for invalid arguments
 * (an unknown option, a bad value, `--only` matching no notebook), 128+N when stopped by signal N.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join, resolve } from "node:path";
import {
  DEFAULT_MAX_IMAGE_KB,
  describeFailure,
  executeNotebooks,
  findJupyterPython,
  listNotebooks,
  notebookProblem,
  parseMaxOutputKb,
  parseTimeoutSeconds,
  rel,
  ROOT,
} from "./notebooks.ts";
import { readNotebookCard, writeReport } from "./report.ts";

function usageError(message: string): never {
  console.error(
    `Cannot run the walkthrough: ${message.replace(/\.$/, "")}. See deno task walkthrough --help.`,
  );
  Deno.exit(2);
}

// `--timeout -5` is a value to validate, not a missing value followed by an option.
const args = Deno.args.flatMap((arg, i, all) =>
  /^-\d|^-\./.test(arg) && /^--(timeout|max-output-kb|max-image-kb)$/.test(all[i - 1] ?? "") ? [] : (
    /^--(timeout|max-output-kb|max-image-kb)$/.test(arg) && /^-\d|^-\./.test(all[i + 1] ?? "")
      ? [`${arg}=${all[i + 1]}`]
      : [arg]
  )
);
let parsed;
try {
  parsed = parseArgs({
    args,
    allowPositionals: true,
    options: {
      only: { type: "string", default: "" },
      "commit-outputs": { type: "boolean", default: false },
      timeout: { type: "string", default: "900" },
      "max-output-kb": { type: "string", default: "512" },
      "max-image-kb": { type: "string", default: String(DEFAULT_MAX_IMAGE_KB) },
      "build-dir": { type: "string", default: "" },
      online: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
} catch (error) {
  usageError(error instanceof Error ? error.message : String(error));
}
const { values, positionals } = parsed;
let timeoutSeconds = 0, maxOutputKb = 0, maxImageKb = 0;
try {
  timeoutSeconds = parseTimeoutSeconds(values.timeout);
  maxOutputKb = parseMaxOutputKb(values["max-output-kb"]);
  maxImageKb = parseMaxOutputKb(values["max-image-kb"], "--max-image-kb", DEFAULT_MAX_IMAGE_KB);
} catch (error) {
  usageError(error instanceof Error ? error.message : String(error));
}

if (values.help) {
  console.log(
    `deno task walkthrough [--only 01,02] [--commit-outputs] [--timeout SECONDS] [--max-output-kb KIB]
                       [--max-image-kb KIB] [--build-dir DIR] [--online] [NOTEBOOK.ipynb ...]

Executes every notebook in notebooks/ in order with the Deno kernel (headless) and writes
  build/notebooks/<name>.ipynb   executed copies
  build/report/<name>.html       HTML of each
  build/report/index.html        the chapter's front page (title, purpose, data, key numbers, main figure)
--commit-outputs also copies the executed notebooks back into notebooks/ (to commit their outputs).
--timeout: seconds per cell (default 900), including the draining of its output; a cell that is still
running or printing then fails with a TimeoutError naming it. --max-output-kb: text kept per output
(default 512 KiB: its first and last half, with a note saying what was omitted); other text
outputs over it, and images over --max-image-kb (default 4096 KiB), are replaced by a note.
--build-dir: where notebooks/ and report/ go (default build/).
Notebook files given as arguments run instead of those in notebooks/.
Exit status: 0 all ran; 1 a notebook failed (the report of what ran is still written);
2 invalid arguments (unknown option, bad value, --only matching no notebook); 128+N stopped by signal N.
By default the notebooks run offline on the embedded default data (the cache in data/, else the seeded
synthetic market); --online lets them fetch missing candles from Bybit (BYBIT_BASE_URL, else mainnet).`,
  );
  Deno.exit(0);
}

const { python, why } = await findJupyterPython();
if (!python) {
  console.error(`Cannot run the walkthrough: ${why}.`);
  Deno.exit(1);
}
const only = values.only.split(",").map((s) => s.trim()).filter(Boolean);
if (positionals.length > 0 && only.length > 0) usageError("give either --only or notebook files, not both");
const notebooks = positionals.length > 0 ? positionals.map((p) => resolve(p)) : await listNotebooks(only);
for (const path of positionals) {
  if (!path.endsWith(".ipynb")) usageError(`${path} is not a notebook (.ipynb)`);
  try {
    Deno.statSync(path);
  } catch {
    usageError(`${path} does not exist`);
  }
}
if (notebooks.length === 0) usageError(`no notebook in notebooks/ matches --only ${values.only}`);
for (const path of notebooks) {
  const problem = notebookProblem(path);
  if (problem) {
    console.error(`Cannot run the walkthrough: ${rel(path)} ${problem}.`);
    Deno.exit(1);
  }
}
const buildDir = values["build-dir"] ? resolve(values["build-dir"]) : join(ROOT, "build");
const outDir = join(buildDir, "notebooks");
const htmlDir = join(buildDir, "report");
console.log(`Running ${notebooks.length} notebook(s) with the Deno kernel (${python})`);
const started = performance.now();
const results = await executeNotebooks(notebooks, {
  python,
  outDir,
  htmlDir,
  timeoutSeconds,
  maxOutputKb,
  maxImageKb,
  env: { BYBIT_OFFLINE: values.online ? "0" : (Deno.env.get("BYBIT_OFFLINE") ?? "1") },
  onResult: async (r) => {
    const mark = r.failure ? "FAIL" : "ok  ";
    console.log(
      `  ${mark} ${r.notebook.padEnd(28)} ${r.seconds.toFixed(1).padStart(6)} s  ` +
        `${r.code_cells} code cells, ${r.outputs} outputs` +
        (r.late_outputs_rescued ? ` (${r.late_outputs_rescued} late outputs kept)` : "") +
        await dataSources(r.notebook),
    );
  },
});

/** "; data: synthetic" from the executed notebook's summary (its data labels), so a synthetic run is never silent. */
async function dataSources(notebook: string): Promise<string> {
  try {
    const card = readNotebookCard(notebook, JSON.parse(await Deno.readTextFile(join(outDir, notebook))));
    const sources = [...new Set((card.summary?.data ?? []).map((d) => d.source))];
    return sources.length ? `; data: ${sources.join(", ")}` : "";
  } catch {
    return ""; // a notebook that failed before writing its copy: its failure is reported below
  }
}

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
