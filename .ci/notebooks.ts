/**
 * Headless notebook execution shared by `deno task walkthrough` and `deno task test`.
 *
 * Jupyter's Python side (jupyter_client, nbformat, nbconvert) does the talking to the kernel through
 * `.ci/execute_notebooks.py`, which fixes the Deno kernel's early-idle race (see its docstring). This
 * module finds a Python that has those packages, registers the Deno kernel in a project-local Jupyter
 * folder (`.jupyter/`, ignored by git) so nothing in the user's home is touched, and reports progress.
 *
 * @module
 */
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** Project root (the folder holding deno.json). */
export const ROOT: string = dirname(dirname(fileURLToPath(import.meta.url)));

/** One executed notebook, as reported by the executor. */
export interface NotebookResult {
  notebook: string;
  seconds: number;
  code_cells: number;
  cells_with_output: number;
  outputs: number;
  late_outputs_rescued: number;
  after_barrier: number;
  failure: null | {
    cell: number | null;
    code_cell?: number;
    source?: string;
    ename: string;
    evalue: string;
    traceback: string[];
  };
}

const PYTHON_CANDIDATES = ["/usr/bin/python3", "python3", "python"];
const REQUIRED = "import jupyter_client, nbformat, nbconvert";

/**
 * Finds a Python interpreter that can import jupyter_client, nbformat and nbconvert.
 * @returns the command, or `null` with the reason in `why`.
 */
export async function findJupyterPython(): Promise<{ python: string | null; why: string }> {
  for (const python of PYTHON_CANDIDATES) {
    try {
      const { success } = await new Deno.Command(python, {
        args: ["-c", REQUIRED],
        stdout: "null",
        stderr: "null",
      })
        .output();
      if (success) return { python, why: "" };
    } catch {
      // not installed: try the next candidate
    }
  }
  return {
    python: null,
    why: "no Python with jupyter_client, nbformat and nbconvert was found " +
      "(Debian/Ubuntu: apt-get install -y jupyter-nbconvert jupyter-client python3-nbclient; " +
      "elsewhere: pip install nbconvert jupyter_client)",
  };
}

/** Writes the Deno kernelspec into `<root>/.jupyter/kernels/deno` (what `deno jupyter --install` writes). */
export async function registerDenoKernel(root = ROOT): Promise<string> {
  const dataDir = join(root, ".jupyter");
  const kernelDir = join(dataDir, "kernels", "deno");
  await Deno.mkdir(kernelDir, { recursive: true });
  const spec = {
    argv: [Deno.execPath(), "jupyter", "--kernel", "--conn", "{connection_file}"],
    display_name: "Deno",
    language: "typescript",
  };
  await Deno.writeTextFile(join(kernelDir, "kernel.json"), JSON.stringify(spec, null, 2) + "\n");
  return dataDir;
}

/** The notebooks of the chapter, in order (`notebooks/NN_*.ipynb`), optionally filtered by prefixes. */
export async function listNotebooks(only: string[] = [], root = ROOT): Promise<string[]> {
  const dir = join(root, "notebooks");
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && /^\d\d_.*\.ipynb$/.test(entry.name)) names.push(entry.name);
  }
  names.sort();
  const chosen = only.length === 0 ? names : names.filter((n) => only.some((p) => n.startsWith(p)));
  return chosen.map((n) => join(dir, n));
}

/** Strips ANSI colour codes from kernel tracebacks. */
export function stripAnsi(s: string): string {
  // deno-lint-ignore no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, "");
}

/** Options of {@linkcode executeNotebooks}. */
export interface ExecuteOptions {
  python: string;
  outDir: string;
  htmlDir?: string;
  timeoutSeconds?: number;
  /** Called as each notebook finishes. */
  onResult?: (result: NotebookResult) => void;
  /** Extra environment for the kernel. */
  env?: Record<string, string>;
}

/**
 * Executes notebooks in order with the Deno kernel; stops at the first failing notebook.
 * @returns one result per executed notebook.
 */
export async function executeNotebooks(paths: string[], options: ExecuteOptions): Promise<NotebookResult[]> {
  const dataDir = await registerDenoKernel();
  const args = [
    join(ROOT, ".ci", "execute_notebooks.py"),
    ...paths,
    "--out-dir",
    options.outDir,
    "--root",
    ROOT,
    "--timeout",
    String(options.timeoutSeconds ?? 900),
  ];
  if (options.htmlDir) args.push("--html-dir", options.htmlDir);
  const child = new Deno.Command(options.python, {
    args,
    cwd: ROOT,
    env: {
      JUPYTER_PATH: dataDir,
      JUPYTER_DATA_DIR: dataDir,
      NO_COLOR: "1",
      DENO_NO_UPDATE_CHECK: "1",
      // The chapter runs on the embedded default data unless the caller opts in to the network.
      BYBIT_OFFLINE: Deno.env.get("BYBIT_OFFLINE") ?? "1",
      ...options.env,
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const results: NotebookResult[] = [];
  const stderrText = new Response(child.stderr).text();
  let buffered = "";
  for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (!line.startsWith("{")) continue;
      const result = JSON.parse(line) as NotebookResult;
      results.push(result);
      options.onResult?.(result);
    }
  }
  const status = await child.status;
  const stderr = await stderrText;
  if (!status.success && results.every((r) => r.failure === null)) {
    throw new Error(`The notebook executor failed before reporting a result:\n${stderr.slice(-4000)}`);
  }
  return results;
}

/** Human-readable description of a failed notebook: notebook, cell, source and error. */
export function describeFailure(result: NotebookResult): string {
  const f = result.failure;
  if (!f) return "";
  const where = f.cell === null ? "(kernel)" : `cell ${f.cell} (code cell ${f.code_cell})`;
  const trace = stripAnsi(f.traceback.join("\n")).split("\n").slice(0, 30).join("\n");
  return [
    `FAILED ${result.notebook} at ${where}: ${f.ename}: ${stripAnsi(f.evalue)}`,
    f.source ? `--- cell source ---\n${f.source}` : "",
    trace ? `--- traceback ---\n${trace}` : "",
  ].filter(Boolean).join("\n");
}

/** Project-relative path for messages. */
export function rel(path: string): string {
  return relative(ROOT, path) || ".";
}
