/**
 * `deno task test`: format check, lint, type check, unit and doc tests, then a headless execution of
 * every notebook. Without Jupyter the notebook step is skipped with the reason, except under CI=true,
 * where it is mandatory. Ends with a `test: N passed, N failed` line.
 *
 * @module
 */
import { join } from "node:path";
import {
  describeFailure,
  executeNotebooks,
  findJupyterPython,
  listNotebooks,
  ROOT,
  stopChildOnSignals,
} from "./notebooks.ts";

// Counts for the closing line: each static check is one, each unit or doc test is one, each notebook is one.
let passed = 0, failed = 0;
const failures: string[] = [];

async function step(name: string, args: string[]): Promise<{ success: boolean; text: string }> {
  console.log(`\n== ${name}: deno ${args.join(" ")}`);
  const child = new Deno.Command(Deno.execPath(), { args, cwd: ROOT, stdout: "piped", stderr: "inherit" })
    .spawn();
  // Killing the test task stops the step too (deno test then stops the notebook executors it runs).
  const release = stopChildOnSignals(child);
  let text = "";
  for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
    text += chunk;
    await Deno.stdout.write(new TextEncoder().encode(chunk));
  }
  const { success } = await child.status;
  release();
  if (!success) failures.push(name);
  return { success, text };
}

function count(success: boolean): void {
  if (success) passed++;
  else failed++;
}

count((await step("format", ["fmt", "--check"])).success);
count((await step("lint", ["lint"])).success);
count((await step("type check", ["check", "lib/", "tests/", ".ci/"])).success);
const unit = await step("unit and doc tests", [
  "test",
  "--allow-all",
  "--doc",
  "--parallel",
  "lib/",
  "tests/",
]);
// deno-lint-ignore no-control-regex
const summary = unit.text.replace(/\x1b\[[0-9;]*m/g, "").match(/(\d+) passed.*?\| (\d+) failed/);
const unitPassed = summary ? Number(summary[1]) : 0;
const unitFailed = summary ? Number(summary[2]) : 0;
passed += unitPassed;
failed += unitFailed + (unit.success || unitFailed > 0 ? 0 : 1); // a run that failed before testing counts once

console.log("\n== notebooks: headless execution of every notebook");
const ci = Deno.env.get("CI") === "true";
const { python, why } = await findJupyterPython();
let notebooksRun = 0;
if (!python) {
  if (ci) {
    console.error(`Notebook execution is mandatory in CI, but ${why}.`);
    failed++;
    failures.push("notebooks");
  } else {
    console.warn(`SKIPPED notebook execution: ${why}. Everything else ran.`);
  }
} else {
  const results = await executeNotebooks(await listNotebooks(), {
    python,
    outDir: join(ROOT, "build", "test-notebooks"),
    onResult: (r) =>
      console.log(`  ${r.failure ? "FAIL" : "ok  "} ${r.notebook} (${r.seconds.toFixed(1)} s)`),
  });
  notebooksRun = results.length;
  for (const r of results) count(r.failure === null);
  const bad = results.find((r) => r.failure);
  if (bad) {
    console.error(describeFailure(bad));
    failures.push("notebooks");
  }
}

console.log(
  `\n${failures.length ? `Failed: ${failures.join(", ")}. ` : ""}` +
    `${unitPassed} unit/doc tests passed, ${unitFailed} failed; ${notebooksRun} notebook(s) executed.`,
);
console.log(`test: ${passed} passed, ${failed} failed`);
Deno.exit(failed === 0 && failures.length === 0 ? 0 : 1);
