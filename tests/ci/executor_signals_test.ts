/**
 * Killing the walkthrough or the notebook executor never leaves the Deno kernel running: each test starts a
 * notebook whose cell spins forever, waits until that cell runs, kills one process in the chain
 * (walkthrough -> executor -> kernel) and checks that no kernel tagged with the test's marker remains.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { registerDenoKernel, ROOT } from "../../.ci/notebooks.ts";
import { exists, exitWithin, kernelPids, MARKER, newMarker, python, waitFor, why } from "./_processes.ts";

const linux = Deno.build.os === "linux";
const ignore = python === null || !linux;
if (ignore) {
  console.warn(`Skipping the executor signal tests: ${linux ? why : "they read /proc (Linux only)"}`);
}
const FIXTURE = join(ROOT, "tests", "fixtures", "long_running.ipynb");

/** Starts `args` tagged with a fresh marker; resolves once the fixture's endless cell runs in a kernel. */
async function startSpinning(command: string, args: string[], env: Record<string, string> = {}) {
  const marker = newMarker();
  const dir = await Deno.makeTempDir();
  const started = join(dir, "started");
  const child = new Deno.Command(command, {
    args,
    cwd: ROOT,
    env: { ...env, [MARKER]: marker, EXECUTOR_FIXTURE_STARTED: started },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  await waitFor(() => exists(started), 120, "the fixture's endless cell to start");
  const kernels = kernelPids(marker);
  assert.equal(kernels.length, 1, `expected one kernel tagged ${marker}, found ${kernels}`);
  return { child, marker, dir, stderr };
}

async function assertNoKernelLeft(marker: string): Promise<void> {
  // The kill is immediate; the deadline only absorbs a loaded machine.
  await waitFor(() => kernelPids(marker).length === 0, 30, `the kernel tagged ${marker} to be gone`);
}

async function cleanUp(marker: string, dir: string): Promise<void> {
  for (const pid of kernelPids(marker)) Deno.kill(pid, "SIGKILL"); // only after a failed assertion
  await Deno.remove(dir, { recursive: true });
}

const walkthrough = ["run", "--allow-all", join(ROOT, ".ci", "walkthrough.ts"), "--timeout", "600", FIXTURE];

for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130], ["SIGHUP", 129]] as const) {
  Deno.test({
    name: `${signal} to the walkthrough shuts the kernel down and exits ${code}`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    fn: async () => {
      const { child, marker, dir, stderr } = await startSpinning(Deno.execPath(), walkthrough);
      try {
        child.kill(signal);
        const status = await exitWithin(child, 60);
        assert.equal(status.code, code, await stderr);
        assert.match(await stderr, new RegExp(`Stopped by ${signal}`));
        await assertNoKernelLeft(marker);
      } finally {
        await cleanUp(marker, dir);
      }
    },
  });
}

Deno.test({
  name: "SIGKILL to the walkthrough: the executor sees its parent gone and shuts the kernel down",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const { child, marker, dir } = await startSpinning(Deno.execPath(), walkthrough);
    try {
      child.kill("SIGKILL");
      await exitWithin(child, 60);
      await assertNoKernelLeft(marker);
    } finally {
      await cleanUp(marker, dir);
    }
  },
});

for (const signal of ["SIGTERM", "SIGHUP", "SIGKILL"] as const) {
  Deno.test({
    name: `${signal} to the Python executor itself leaves no kernel running`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    fn: async () => {
      const dataDir = await registerDenoKernel();
      const out = await Deno.makeTempDir();
      const { child, marker, dir } = await startSpinning(python!, [
        join(ROOT, ".ci", "execute_notebooks.py"),
        FIXTURE,
        "--out-dir",
        out,
        "--root",
        ROOT,
        "--timeout",
        "600",
      ], { JUPYTER_PATH: dataDir, JUPYTER_DATA_DIR: dataDir });
      try {
        child.kill(signal);
        const status = await exitWithin(child, 60);
        if (signal !== "SIGKILL") assert.equal(status.code, signal === "SIGTERM" ? 143 : 129);
        await assertNoKernelLeft(marker);
      } finally {
        await cleanUp(marker, dir);
        await Deno.remove(out, { recursive: true });
      }
    },
  });
}
