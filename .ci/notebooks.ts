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
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** Project root (the folder holding deno.json). */
export const ROOT: string = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * One executed notebook, as reported by the executor. Cells are numbered as Jupyter shows them, always
 * 1-based: `cell` is the position in the notebook (markdown cells included), `code_cell` the position among
 * code cells, `execution_count` the `In [n]` (null when the cell never started).
 */
export interface NotebookResult {
  notebook: string;
  seconds: number;
  code_cells: number;
  cells_with_output: number;
  outputs: number;
  late_outputs_rescued: number;
  after_barrier: number;
  /** Outputs cut to the first and last half of `--max-output-kb`, with a note in the output. */
  truncated_outputs?: number;
  /** Outputs kept although the kernel signed them wrongly (they answer the executor's own requests). */
  unverified_outputs?: number;
  /** Unreadable messages from the kernel, dropped (the notebook then fails with OutputLost). */
  dropped_messages?: number;
  failure: null | {
    /** 1-based position of the cell in the notebook; null only when the kernel failed to start. */
    cell: number | null;
    code_cell?: number | null;
    execution_count?: number | null;
    first_line?: string;
    source?: string;
    /** The error's name; TimeoutError and KernelDied for cells that did not finish. */
    ename: string;
    evalue: string;
    traceback: string[];
  };
}

/** Default seconds allowed per cell, including the draining of its output. */
export const DEFAULT_TIMEOUT_SECONDS = 900;
/** Default KiB of text kept per stream output (its first and last half). */
export const DEFAULT_MAX_OUTPUT_KB = 512;
/** Default KiB kept per image in an output (base64 PNG, SVG); a larger image is replaced by a note. */
export const DEFAULT_MAX_IMAGE_KB = 4096;

/**
 * Parses `--timeout`: a finite number of seconds > 0, written as a decimal number.
 * @throws {RangeError} naming the option and the value otherwise (`abc`, `0`, `-5`, `NaN`, `Infinity`, `1e999`).
 */
export function parseTimeoutSeconds(text: string): number {
  const value = /^\s*\d+(\.\d*)?([eE][+-]?\d+)?\s*$|^\s*\.\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(
      `--timeout must be a finite number of seconds > 0 (e.g. ${DEFAULT_TIMEOUT_SECONDS}): current value is ${
        JSON.stringify(text)
      }`,
    );
  }
  return value;
}

/**
 * Parses `--max-output-kb` (or, with `option` and `example`, `--max-image-kb`): a whole number of KiB >= 2.
 * @throws {RangeError} naming the option and the value otherwise.
 */
export function parseMaxOutputKb(
  text: string,
  option = "--max-output-kb",
  example = DEFAULT_MAX_OUTPUT_KB,
): number {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < 2) {
    throw new RangeError(
      `${option} must be a whole number of KiB >= 2 (e.g. ${example}): current value is ${
        JSON.stringify(text)
      }`,
    );
  }
  return value;
}

const STOP_SIGNALS: [Deno.Signal, number][] = Deno.build.os === "windows"
  ? [["SIGINT", 2]]
  : [["SIGINT", 2], ["SIGTERM", 15], ["SIGHUP", 1]];

/**
 * While a child process runs, turns SIGINT, SIGTERM and SIGHUP of this process into a clean stop: the child
 * gets SIGTERM (the notebook executor then kills its kernel), SIGKILL if it has not exited after
 * `graceSeconds`, and this process exits with 128 + the signal's number once the child is gone.
 * @returns a function that removes the handlers (call it when the child has exited).
 */
export function stopChildOnSignals(child: Deno.ChildProcess, graceSeconds = 15): () => void {
  let stopping = false;
  const handlers = STOP_SIGNALS.map(([name, number]) => {
    const handler = () => {
      if (stopping) return;
      stopping = true;
      try {
        child.kill("SIGTERM");
      } catch {
        // already exited
      }
      const force = setTimeout(() => {
        try {
          child.kill("SIGKILL");
        } catch {
          // already exited
        }
      }, graceSeconds * 1000);
      child.status.finally(() => {
        clearTimeout(force);
        console.error(`Stopped by ${name}.`);
        Deno.exit(128 + number);
      });
    };
    Deno.addSignalListener(name, handler);
    return [name, handler] as const;
  });
  return () => {
    for (const [name, handler] of handlers) Deno.removeSignalListener(name, handler);
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

/**
 * Why a file cannot be a notebook, as the end of a sentence naming it (`is empty (0 bytes)`, `is not valid
 * JSON (...)`, `has no list of cells`), or null when it reads as a notebook's JSON.
 */
export function notebookProblem(path: string): string | null {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (error) {
    return `cannot be read (${error instanceof Error ? error.message : String(error)})`;
  }
  if (text.length === 0) return "is empty (0 bytes), not a notebook";
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return `is not valid JSON (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`;
  }
  const cells = (json as { cells?: unknown } | null)?.cells;
  return Array.isArray(cells) ? null : "is JSON but not a notebook (no list of cells)";
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
  /** Seconds allowed per cell, including the draining of its output (default 900). */
  timeoutSeconds?: number;
  /** KiB of text kept per stream output, its first and last half (default 512). */
  maxOutputKb?: number;
  /** KiB kept per image in an output (default 4096); a larger image is replaced by a note. */
  maxImageKb?: number;
  /** Aborting it stops the executor (SIGTERM), which shuts the kernel down. */
  signal?: AbortSignal;
  /** Called as each notebook finishes. */
  onResult?: (result: NotebookResult) => void | Promise<void>;
  /** Extra environment for the kernel. */
  env?: Record<string, string>;
}

/**
 * Executes notebooks in order with the Deno kernel; stops at the first failing notebook.
 * @returns one result per executed notebook.
 */
export async function executeNotebooks(paths: string[], options: ExecuteOptions): Promise<NotebookResult[]> {
  const timeout = parseTimeoutSeconds(String(options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS));
  const maxOutputKb = parseMaxOutputKb(String(options.maxOutputKb ?? DEFAULT_MAX_OUTPUT_KB));
  const maxImageKb = parseMaxOutputKb(
    String(options.maxImageKb ?? DEFAULT_MAX_IMAGE_KB),
    "--max-image-kb",
    DEFAULT_MAX_IMAGE_KB,
  );
  const dataDir = await registerDenoKernel();
  const args = [
    join(ROOT, ".ci", "execute_notebooks.py"),
    ...paths,
    "--out-dir",
    options.outDir,
    "--root",
    ROOT,
    "--timeout",
    String(timeout),
    "--max-output-kb",
    String(maxOutputKb),
    "--max-image-kb",
    String(maxImageKb),
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
    ...(options.signal ? { signal: options.signal } : {}),
  }).spawn();
  const release = stopChildOnSignals(child);
  try {
    return await collectResults(child, paths, options);
  } finally {
    release();
  }
}

/** Names of the signals the executor reports as exit status 128 + N. */
const SIGNAL_NAMES: Record<number, string> = {
  1: "SIGHUP",
  2: "SIGINT",
  9: "SIGKILL",
  13: "SIGPIPE",
  15: "SIGTERM",
};

async function collectResults(
  child: Deno.ChildProcess,
  paths: string[],
  options: ExecuteOptions,
): Promise<NotebookResult[]> {
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
      await options.onResult?.(result);
    }
  }
  const status = await child.status;
  const stderr = await stderrText;
  if (!status.success && results.every((r) => r.failure === null)) {
    // Stopped (a signal, a crash) while a notebook ran: that notebook fails with what the executor said,
    // so callers still report the notebooks that ran.
    const how = status.signal
      ? `was stopped by ${status.signal}`
      : status.code > 128
      ? `was stopped by ${SIGNAL_NAMES[status.code - 128] ?? `signal ${status.code - 128}`}`
      : `exited with status ${status.code}`;
    const said = stripAnsi(stderr).split("\n").map((l) => l.trim()).filter((l) =>
      l && !/^Warning "deno jupyter"/.test(l)
    )
      .slice(-3).join(" ");
    const running = paths[results.length] ?? paths.at(-1) ?? "";
    const result: NotebookResult = {
      notebook: basename(running),
      seconds: 0,
      code_cells: 0,
      cells_with_output: 0,
      outputs: 0,
      late_outputs_rescued: 0,
      after_barrier: 0,
      failure: {
        cell: null,
        ename: "ExecutorStopped",
        evalue: `the notebook executor ${how} before it finished this notebook${said ? `: ${said}` : ""}`,
        traceback: [],
      },
    };
    results.push(result);
    await options.onResult?.(result);
  }
  return results;
}

/**
 * Where a failure happened, as Jupyter shows it: `cell 5 (In [3]): <first source line>`; for a kernel that
 * did not start, `before the first cell (starting the kernel)`.
 */
export function describeCell(failure: NonNullable<NotebookResult["failure"]>): string {
  if (failure.ename === "NotebookUnreadable") return "before the first cell (reading the notebook)";
  if (failure.ename === "ExecutorStopped") return "while it ran (the executor stopped)";
  if (failure.cell === null) return "before the first cell (starting the kernel)";
  const count = failure.execution_count == null ? "" : ` (In [${failure.execution_count}])`;
  const line = failure.first_line ?? failure.source?.split("\n").find((l) => l.trim())?.trim() ?? "";
  return `cell ${failure.cell}${count}${line ? `: ${line}` : ""}`;
}

/** Human-readable description of a failed notebook: notebook, cell, source and error. */
export function describeFailure(result: NotebookResult): string {
  const f = result.failure;
  if (!f) return "";
  const trace = stripAnsi(f.traceback.join("\n")).split("\n").slice(0, 30).join("\n");
  return [
    `FAILED ${result.notebook}, ${describeCell(f)}\n${f.ename}: ${stripAnsi(f.evalue)}`,
    f.source ? `--- cell source ---\n${f.source}` : "",
    trace ? `--- traceback ---\n${trace}` : "",
  ].filter(Boolean).join("\n");
}

/** Project-relative path for messages. */
export function rel(path: string): string {
  return relative(ROOT, path) || ".";
}
