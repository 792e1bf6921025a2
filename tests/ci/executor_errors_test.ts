/**
 * Errors the Deno kernel hides or mangles, and what the executor and the walkthrough make of them: an
 * unhandled promise rejection and an exception thrown in a timer fail the notebook (the kernel reports the
 * first as ok and stops answering after the second), `throw undefined` is named, a huge image is replaced by
 * a note, an unreadable notebook gives one line naming it, processes a notebook starts (detached ones too)
 * die with the kernel, `--only` matching nothing is a usage error (exit 2), and an executor stopped by a
 * signal still leaves the report of what ran.
 *
 * The notebooks are written by each test (`writeNotebook`), so each case is visible here.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { executeNotebooks, ROOT } from "../../.ci/notebooks.ts";
import { exists, exitWithin, MARKER, newMarker, python, waitFor, why } from "./_processes.ts";

const linux = Deno.build.os === "linux";
const ignore = python === null;
if (ignore) console.warn(`Skipping the executor error tests: ${why}`);
const test = (name: string, fn: () => void | Promise<void>, only = ignore) =>
  Deno.test({ name, ignore: only, sanitizeResources: false, sanitizeOps: false, fn });

/** Writes a notebook of Deno code cells (after one Markdown cell) and returns its path. */
async function writeNotebook(dir: string, name: string, sources: string[]): Promise<string> {
  const path = join(dir, name);
  const cells = [
    { cell_type: "markdown", id: "m0", metadata: {}, source: `# ${name}` },
    ...sources.map((source, i) => ({
      cell_type: "code",
      id: `c${i}`,
      metadata: {},
      execution_count: null,
      outputs: [],
      source,
    })),
  ];
  const notebook = {
    cells,
    metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  await Deno.writeTextFile(path, JSON.stringify(notebook));
  return path;
}

interface Cell {
  outputs?: { output_type: string; data?: Record<string, unknown>; ename?: string }[];
}

async function run(
  sources: string[],
  options: { timeoutSeconds?: number; env?: Record<string, string> } = {},
) {
  const dir = await Deno.makeTempDir({ prefix: "executor-errors-" });
  try {
    const path = await writeNotebook(dir, "probe.ipynb", sources);
    const [result] = await executeNotebooks([path], {
      python: python!,
      outDir: join(dir, "out"),
      timeoutSeconds: options.timeoutSeconds ?? 120,
      ...(options.env ? { env: options.env } : {}),
      signal: AbortSignal.timeout(300_000),
    });
    assert.ok(result, "the executor reported no result");
    const text = await Deno.readTextFile(join(dir, "out", "probe.ipynb"));
    return { result, cells: (JSON.parse(text) as { cells: Cell[] }).cells, size: text.length };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

test("an unhandled promise rejection fails its cell instead of passing unnoticed", async () => {
  const { result, cells } = await run([
    'Promise.reject(new Error("nobody caught me")); 1',
    'console.log("after")',
  ]);
  const f = result.failure;
  assert.ok(f, "the kernel reports the cell ok: the executor must fail it");
  assert.equal(f.ename, "UncaughtError");
  assert.equal(f.cell, 2); // the first code cell, after the Markdown cell
  assert.match(f.evalue, /Unhandled promise rejection: Error: nobody caught me/);
  assert.equal(cells[2]?.outputs?.length ?? 0, 0, "the next cell does not run");
});

test("an exception thrown in a timer fails the notebook at once, with its message, instead of a 900 s hang", async () => {
  const { result } = await run([
    'setTimeout(() => { throw new Error("thrown in a timer"); }, 10); 1',
    "await new Promise((resolve) => setTimeout(resolve, 300)); 2",
    'console.log("never")',
  ], { timeoutSeconds: 100 });
  const f = result.failure;
  assert.ok(f);
  assert.notEqual(f.ename, "TimeoutError", f.evalue); // what the kernel does without the executor's handler
  assert.equal(f.ename, "UncaughtError");
  assert.match(f.evalue, /Uncaught exception in a callback: Error: thrown in a timer/);
  assert.match(f.evalue, /this cell or an earlier one/);
  assert.ok(f.cell === 2 || f.cell === 3, `cell ${f.cell}`); // the timer's cell or the one running when it fired
});

test("an uncaught error after the last cell still fails the notebook", async () => {
  const { result } = await run(['setTimeout(() => Promise.reject(new RangeError("late")), 0); 1']);
  assert.equal(result.failure?.ename, "UncaughtError");
  assert.match(result.failure?.evalue ?? "", /RangeError: late/);
});

test("throw undefined is reported as a non-Error throw, not as 'Error: null'", async () => {
  const { result, cells } = await run(["throw undefined;"]);
  const f = result.failure;
  assert.ok(f);
  assert.equal(f.ename, "NonErrorThrown");
  assert.match(f.evalue, /^undefined or null was thrown/);
  assert.notEqual(`${f.ename}: ${f.evalue}`, "Error: null");
  assert.equal(cells[1]?.outputs?.[0]?.ename, "NonErrorThrown", "the notebook's error output says so too");
  const other = (await run(['throw "a string";'])).result.failure;
  assert.match(other?.evalue ?? "", /^the non-Error value 'a string' was thrown/);
});

test("a 40 MB image output is replaced by a note (--max-image-kb), the notebook stays small", async () => {
  const { result, cells, size } = await run([
    `({ [Symbol.for("Jupyter.display")]: () => ({ "image/png": "A".repeat(40 * 1024 * 1024), "text/plain": "big" }) })`,
    `({ [Symbol.for("Jupyter.display")]: () => ({ "image/png": "iVBORw0KGgo=", "text/plain": "small" }) })`,
  ]);
  assert.equal(result.failure, null, JSON.stringify(result.failure));
  const big = cells[1]?.outputs?.[0]?.data ?? {};
  assert.equal(big["image/png"], undefined);
  const note = [big["text/plain"]].flat().join("");
  assert.match(note, /removed this output's image\/png \(40\.0 MiB > 4\.0 MiB, --max-image-kb 4096\)/);
  assert.match(note, /big$/);
  assert.equal(cells[2]?.outputs?.[0]?.data?.["image/png"], "iVBORw0KGgo=", "a small image is kept");
  assert.ok(size < 100_000, `executed notebook is ${size} characters`);
  assert.equal(result.truncated_outputs, 1);
});

/** Live processes (zombies excluded) whose environment holds `MARKER=marker`. */
function markedPids(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      if (Deno.readTextFileSync(`/proc/${entry.name}/cmdline`) === "") continue; // a zombie
      const environ = Deno.readTextFileSync(`/proc/${entry.name}/environ`).split("\0");
      if (environ.includes(`${MARKER}=${marker}`)) pids.push(Number(entry.name));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

test(
  "processes a notebook starts, in its group, with setsid or double-forked, die with the kernel",
  async () => {
    const marker = newMarker();
    try {
      const { result } = await run([
        'new Deno.Command("sleep", { args: ["301"] }).spawn();\n' +
        'new Deno.Command("setsid", { args: ["sleep", "302"] }).spawn();\n' +
        'new Deno.Command("sh", { args: ["-c", "setsid sleep 303 & (sleep 304 &) ; exit 0"] }).spawn();\n' +
        "await new Promise((resolve) => setTimeout(resolve, 500));\n" +
        'const out = new Deno.Command("sh", { args: ["-c", "ps -o args= -u $(id -u) | grep -c \'^sleep 30[1-4]\'"] }).outputSync();\n' +
        "new TextDecoder().decode(out.stdout).trim()",
      ], { env: { [MARKER]: marker } });
      assert.equal(result.failure, null, JSON.stringify(result.failure));
      // The executor has returned: the kernel and everything it started are gone.
      await waitFor(() => markedPids(marker).length === 0, 20, `the processes tagged ${marker} to be gone`);
    } finally {
      for (const pid of markedPids(marker)) Deno.kill(pid, "SIGKILL"); // only after a failed assertion
    }
  },
  ignore || !linux,
);

test("an empty or non-JSON notebook fails with one line naming the file, through the executor", async () => {
  const dir = await Deno.makeTempDir({ prefix: "executor-errors-" });
  try {
    const empty = join(dir, "empty.ipynb"), broken = join(dir, "broken.ipynb");
    await Deno.writeTextFile(empty, "");
    await Deno.writeTextFile(broken, '{"cells": [');
    for (const [path, reason] of [[empty, /is empty \(0 bytes\)/], [broken, /is not valid JSON/]] as const) {
      const [result] = await executeNotebooks([path], { python: python!, outDir: join(dir, "out") });
      assert.equal(result?.failure?.ename, "NotebookUnreadable");
      assert.match(result.failure.evalue, reason);
      assert.ok(result.failure.evalue.includes(path), "names the file");
      assert.equal(result.failure.evalue.split("\n").length, 1, "one line");
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const WALKTHROUGH = join(ROOT, ".ci", "walkthrough.ts");

async function walkthrough(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", WALKTHROUGH, ...args],
    cwd: ROOT,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

test("the walkthrough rejects an empty or non-JSON notebook with one line naming it, exit 1", async () => {
  const dir = await Deno.makeTempDir({ prefix: "walkthrough-bad-" });
  try {
    for (const [name, content] of [["empty.ipynb", ""], ["broken.ipynb", "not json"]]) {
      const path = join(dir, name!);
      await Deno.writeTextFile(path, content!);
      const { code, stderr } = await walkthrough([path, "--build-dir", join(dir, "build")]);
      assert.equal(code, 1, stderr);
      const lines = stderr.trim().split("\n").filter((l) => !/^Warning/.test(l));
      assert.equal(lines.length, 1, stderr);
      assert.match(
        lines[0]!,
        new RegExp(
          `^Cannot run the walkthrough: .*${name!.replace(".", "\\.")} (is empty|is not valid JSON)`,
        ),
      );
      assert.doesNotMatch(stderr, /Traceback|^\s+at /m);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

test("--only matching no notebook is a usage error: exit 2", async () => {
  const { code, stderr } = await walkthrough(["--only", "09"]);
  assert.equal(code, 2, stderr);
  assert.match(stderr, /no notebook in notebooks\/ matches --only 09/);
});

/** Pids of the Python executor tagged with `marker`. */
function executorPids(marker: string): number[] {
  return markedPids(marker).filter((pid) =>
    Deno.readTextFileSync(`/proc/${pid}/cmdline`).split("\0").some((a) => a.endsWith("execute_notebooks.py"))
  );
}

test(
  "SIGTERM to the executor: the walkthrough writes the report of what ran and exits 1, no stack trace",
  async () => {
    const marker = newMarker();
    const dir = await Deno.makeTempDir({ prefix: "walkthrough-sigterm-" });
    try {
      const first = await writeNotebook(dir, "01_quick.ipynb", ["1 + 1"]);
      const started = join(dir, "started");
      const second = await writeNotebook(dir, "02_spin.ipynb", [
        `Deno.writeTextFileSync(${JSON.stringify(started)}, "x"); while (true) {}`,
      ]);
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-all", WALKTHROUGH, "--build-dir", join(dir, "build"), first, second],
        cwd: ROOT,
        env: { [MARKER]: marker },
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const stderr = new Response(child.stderr).text();
      const stdout = new Response(child.stdout).text();
      await waitFor(() => exists(started), 120, "the spinning cell to start");
      const executors = executorPids(marker);
      assert.equal(executors.length, 1, `executor pids ${executors}`);
      Deno.kill(executors[0]!, "SIGTERM");
      const status = await exitWithin(child, 60);
      const err = await stderr;
      assert.equal(status.code, 1, err);
      assert.doesNotMatch(err, /^\s+at /m, "no stack trace");
      assert.match(
        err,
        /FAILED 02_spin\.ipynb.*\nExecutorStopped: the notebook executor was stopped by SIGTERM/,
      );
      assert.match(await stdout, /ok +01_quick\.ipynb/);
      const index = await Deno.readTextFile(join(dir, "build", "report", "index.html"));
      assert.match(index, /01_quick/);
      assert.match(index, /02_spin[\s\S]*ExecutorStopped/);
    } finally {
      for (const pid of markedPids(marker)) Deno.kill(pid, "SIGKILL"); // only after a failed assertion
      await Deno.remove(dir, { recursive: true });
    }
  },
  ignore || !linux,
);
