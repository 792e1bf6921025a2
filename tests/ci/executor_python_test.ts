/**
 * The Python notebook executor (.ci/execute_notebooks.py) gets the checks the TypeScript gets: it must
 * byte-compile, pass pyflakes (Debian: python3-pyflakes, installed by .ci/run) and pass its unit tests
 * (tests/ci/test_*.py, Python's unittest: output capping, message routing, error naming, notebook reading,
 * the process-tree walk). Without Jupyter's Python these are skipped, except in CI.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../../.ci/notebooks.ts";
import { python, why } from "./_processes.ts";

const ci = Deno.env.get("CI") === "true";
const ignore = python === null;
if (ignore) console.warn(`Skipping the Python executor checks: ${why}`);
const FILES = [
  join(ROOT, ".ci", "execute_notebooks.py"),
  join(ROOT, "tests", "ci", "test_execute_notebooks.py"),
];

async function py(args: string[]): Promise<{ success: boolean; text: string }> {
  const out = await new Deno.Command(python!, { args, cwd: ROOT, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { success: out.success, text };
}

Deno.test({
  name: "the Python executor and its tests byte-compile",
  ignore,
  fn: async () => {
    // py_compile into a temporary folder, so that no __pycache__ is left in the repository.
    const { success, text } = await py([
      "-c",
      "import os, py_compile, sys, tempfile\nwith tempfile.TemporaryDirectory() as tmp:\n" +
      "    for path in sys.argv[1:]:\n" +
      "        py_compile.compile(path, cfile=os.path.join(tmp, os.path.basename(path) + 'c'), doraise=True)",
      ...FILES,
    ]);
    assert.ok(success, text);
  },
});

const pyflakes = python === null ? false : (await py(["-c", "import pyflakes"])).success;
if (!ignore && !pyflakes && ci) throw new Error("CI needs pyflakes (apt-get install -y python3-pyflakes)");
if (!ignore && !pyflakes) console.warn("Skipping pyflakes: apt-get install -y python3-pyflakes");

Deno.test({
  name: "the Python executor and its tests pass pyflakes",
  ignore: ignore || !pyflakes,
  fn: async () => {
    const { success, text } = await py(["-m", "pyflakes", ...FILES]);
    assert.ok(success, text);
  },
});

Deno.test({
  name: "the Python executor's unit tests pass (unittest)",
  ignore,
  fn: async () => {
    const { success, text } = await py([
      "-B", // no __pycache__ in the repository
      "-m",
      "unittest",
      "discover",
      "-s",
      join(ROOT, "tests", "ci"),
      "-p",
      "test_*.py",
    ]);
    assert.ok(success, text);
    const ran = /Ran (\d+) tests?/.exec(text);
    assert.ok(ran && Number(ran[1]) >= 17, `expected at least 17 Python tests to run:\n${text}`);
  },
});
