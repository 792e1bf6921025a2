/**
 * Helpers of the notebook executor tests: find the Deno kernels a test started (by a marker in their
 * environment, which the executor passes on to the kernel) and wait for a condition with a generous deadline.
 */
import { findJupyterPython } from "../../.ci/notebooks.ts";

/** Jupyter's Python, or null with the reason; the executor tests are skipped without it (except in CI). */
export const { python, why } = await findJupyterPython();
if (!python && Deno.env.get("CI") === "true") {
  throw new Error(`CI needs Jupyter to test the notebook executor: ${why}`);
}

/** Environment variable that tags every process a test starts (walkthrough, executor, kernel). */
export const MARKER = "EXECUTOR_TEST_MARKER";

/** A fresh marker value. */
export function newMarker(): string {
  return crypto.randomUUID();
}

/**
 * Pids of live Deno kernels (`deno jupyter --kernel`) whose environment holds `MARKER=marker`. Reads /proc, so
 * it works on Linux only; zombies (killed, not yet reaped) have an empty command line and are not counted.
 */
export function kernelPids(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const cmdline = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`).split("\0");
      if (!cmdline.includes("jupyter") || !cmdline.includes("--kernel")) continue;
      const environ = Deno.readTextFileSync(`/proc/${entry.name}/environ`).split("\0");
      if (environ.includes(`${MARKER}=${marker}`)) pids.push(Number(entry.name));
    } catch {
      // exited meanwhile, or another user's process
    }
  }
  return pids;
}

/** Polls `condition` every 100 ms until it holds; throws naming `what` after `seconds`. */
export async function waitFor(condition: () => boolean, seconds: number, what: string): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Gave up after ${seconds} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Whether a file exists. */
export function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Waits for a child to exit; SIGKILLs it and throws after `seconds`. */
export async function exitWithin(child: Deno.ChildProcess, seconds: number): Promise<Deno.CommandStatus> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch {
        // exited just now
      }
      reject(new Error(`the process did not exit within ${seconds} s`));
    }, seconds * 1000);
  });
  try {
    return await Promise.race([child.status, late]);
  } finally {
    clearTimeout(timer);
  }
}
