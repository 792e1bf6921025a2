/**
 * The notebook executor's limits: a cell that never finishes or never stops printing fails with a
 * TimeoutError naming it (no hang); a kernel that dies is reported with its cell; huge outputs are cut to
 * the cap with a note; --timeout and --max-output-kb are validated. Cells are named as Jupyter shows them:
 * 1-based position, In [n] and first source line.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  describeFailure,
  executeNotebooks,
  parseMaxOutputKb,
  parseTimeoutSeconds,
  registerDenoKernel,
  ROOT,
} from "../../.ci/notebooks.ts";
import { kernelPids, MARKER, newMarker, python, why } from "./_processes.ts";

const ignore = python === null;
if (ignore) console.warn(`Skipping the notebook executor limit tests: ${why}`);
const fixture = (name: string) => join(ROOT, "tests", "fixtures", name);
const EXECUTOR = join(ROOT, ".ci", "execute_notebooks.py");

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
}
interface Cell {
  cell_type: string;
  execution_count?: number | null;
  outputs?: Output[];
}
const text = (o: Output | undefined) => Array.isArray(o?.text) ? o.text.join("") : o?.text ?? "";

async function run(
  name: string,
  options: { timeoutSeconds?: number; maxOutputKb?: number; marker?: string },
) {
  const outDir = await Deno.makeTempDir();
  try {
    const [result] = await executeNotebooks([fixture(name)], {
      python: python!,
      outDir,
      ...(options.timeoutSeconds ? { timeoutSeconds: options.timeoutSeconds } : {}),
      ...(options.maxOutputKb ? { maxOutputKb: options.maxOutputKb } : {}),
      ...(options.marker ? { env: { [MARKER]: options.marker } } : {}),
      // A generous outer deadline, so that a regression fails instead of hanging the test run.
      signal: AbortSignal.timeout(180_000),
    });
    assert.ok(result, "the executor reported no result");
    const nb = JSON.parse(await Deno.readTextFile(join(outDir, name))) as { cells: Cell[] };
    return { result, cells: nb.cells };
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

const test = (name: string, fn: () => void | Promise<void>) =>
  Deno.test({ name, ignore, sanitizeResources: false, sanitizeOps: false, fn });

test("a timer that never stops printing fails with a TimeoutError naming the last cell, instead of hanging", async () => {
  const { result, cells } = await run("endless_output.ipynb", { timeoutSeconds: 6 });
  const f = result.failure;
  assert.ok(f, "expected a failure");
  assert.equal(f.ename, "TimeoutError");
  // Cell 4 of the notebook (a markdown cell comes first) is the third code cell, In [3].
  assert.equal(f.cell, 4);
  assert.equal(f.code_cell, 3);
  assert.equal(f.execution_count, 3);
  assert.equal(f.first_line, 'console.log("after");');
  assert.match(f.evalue, /timer or interval/);
  assert.match(f.evalue, /tick/);
  assert.match(
    describeFailure(result),
    /^FAILED endless_output\.ipynb, cell 4 \(In \[3\]\): console\.log\("after"\);\nTimeoutError: /,
  );
  assert.equal(text(cells[1]?.outputs?.[0]), "start\n");
});

test("a cell that never finishes fails with a TimeoutError naming it, and its kernel is killed", async () => {
  const marker = newMarker();
  const { result, cells } = await run("long_running.ipynb", { timeoutSeconds: 6, marker });
  const f = result.failure;
  assert.ok(f, "expected a failure");
  assert.equal(f.ename, "TimeoutError");
  assert.equal(f.cell, 3);
  assert.equal(f.execution_count, 2);
  assert.equal(
    f.first_line,
    "// Busy for good, after telling the test (if it asked) that the cell is running.",
  );
  assert.match(f.evalue, /did not finish within the 6 s timeout/);
  assert.deepEqual(cells[3]?.outputs, []);
  assert.equal(cells[3]?.execution_count, null);
  assert.deepEqual(kernelPids(marker), []);
});

test("a kernel that dies is reported with its cell and exit status, not 'at (kernel)'", async () => {
  const { result } = await run("kernel_death.ipynb", { timeoutSeconds: 60 });
  const f = result.failure;
  assert.ok(f, "expected a failure");
  assert.equal(f.ename, "KernelDied");
  assert.equal(f.cell, 2);
  assert.equal(f.execution_count, 2);
  assert.equal(f.first_line, "Deno.exit(3);");
  assert.match(f.evalue, /exited with status 3/);
  assert.doesNotMatch(describeFailure(result), /\(kernel\)/);
});

test("200,000 lines and 30 MiB of output are kept to the cap with a note, and later cells still run", async () => {
  const { result, cells } = await run("large_output.ipynb", { timeoutSeconds: 120, maxOutputKb: 64 });
  assert.equal(result.failure, null, JSON.stringify(result.failure));
  assert.equal(result.truncated_outputs, 2);
  assert.equal(result.after_barrier, 0);
  const note =
    /\[\.\.\. ([\d,]+) lines \(([^)]+)\) omitted by the notebook executor: this output has ([\d,]+) lines/;
  const count = (s: string) => Number(s.replaceAll(",", ""));

  // Cell 2: "line 0" ... "line 199999". Cuts fall on line ends, so kept + omitted lines add up exactly.
  const lines = cells[1]?.outputs ?? [];
  assert.equal(lines.length, 1);
  const linesText = text(lines[0]);
  const match = linesText.match(note);
  assert.ok(match, linesText.slice(0, 300));
  const [head, tail] = linesText.split(/\[\.\.\. .*\.\.\.\]\n/);
  assert.ok(head!.startsWith("line 0\nline 1\n") && head!.endsWith("\n"));
  assert.ok(tail!.endsWith("line 199998\nline 199999\n"));
  assert.ok(/^line \d+\n/.test(tail!), tail!.slice(0, 40));
  const kept = (head!.match(/\n/g)?.length ?? 0) + (tail!.match(/\n/g)?.length ?? 0);
  assert.equal(count(match[3]!), 200_000);
  assert.equal(kept + count(match[1]!), 200_000);
  assert.ok(linesText.length < 64 * 1024 + 400, `${linesText.length} characters kept`);

  // Cell 3: 30 chunks of 1 MiB; the first and last chunk's starts are kept.
  const big = text(cells[2]?.outputs?.[0]);
  assert.ok(big.startsWith("chunk 0\n"));
  assert.match(big, note);
  assert.ok(big.length < 64 * 1024 + 400, `${big.length} characters kept`);
  assert.ok(big.endsWith("y".repeat(1023) + "\n"));
  assert.equal(text(cells[3]?.outputs?.[0]), "after\n");
});

test("--timeout and --max-output-kb are validated with a message naming the value", () => {
  for (const bad of ["abc", "0", "-5", "NaN", "Infinity", "1e999", ""]) {
    assert.throws(() => parseTimeoutSeconds(bad), (e: Error) => {
      assert.ok(e instanceof RangeError);
      assert.match(
        e.message,
        /^--timeout must be a finite number of seconds > 0 \(e\.g\. 900\): current value is /,
      );
      assert.ok(e.message.endsWith(JSON.stringify(bad)));
      return true;
    });
  }
  assert.equal(parseTimeoutSeconds("900"), 900);
  assert.equal(parseTimeoutSeconds("0.5"), 0.5);
  for (const bad of ["1", "0", "-3", "2.5", "x"]) {
    assert.throws(() => parseMaxOutputKb(bad), RangeError);
  }
  assert.equal(parseMaxOutputKb("64"), 64);
});

test("executeNotebooks refuses a bad timeout before starting anything", async () => {
  for (const timeoutSeconds of [0, -5, NaN, Infinity]) {
    await assert.rejects(
      executeNotebooks([fixture("failing.ipynb")], {
        python: python ?? "python3",
        outDir: "/nonexistent",
        timeoutSeconds,
      }),
      (e: Error) => e instanceof RangeError && /--timeout must be/.test(e.message),
    );
  }
});

Deno.test({
  name: "the walkthrough explains a bad --timeout and exits 2, without a stack trace",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    for (const bad of ["abc", "0", "-5", "NaN", "Infinity"]) {
      const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-all", join(ROOT, ".ci", "walkthrough.ts"), "--timeout", bad],
        cwd: ROOT,
      }).output();
      const message = new TextDecoder().decode(stderr);
      assert.equal(code, 2, message);
      assert.equal(new TextDecoder().decode(stdout), "");
      assert.equal(
        message.trim(),
        `Cannot run the walkthrough: --timeout must be a finite number of seconds > 0 (e.g. 900): current value is ` +
          `${JSON.stringify(bad)}. See deno task walkthrough --help.`,
      );
    }
    const unknown = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", join(ROOT, ".ci", "walkthrough.ts"), "--timout", "5"],
      cwd: ROOT,
    }).output();
    assert.equal(unknown.code, 2);
    assert.doesNotMatch(new TextDecoder().decode(unknown.stderr), /\bat .*:\d+:\d+/);
  },
});

test("the Python executor explains a bad --timeout and exits 2, without a traceback", async () => {
  const dataDir = await registerDenoKernel();
  for (const bad of ["abc", "0", "-5", "nan", "inf"]) {
    const { code, stderr } = await new Deno.Command(python!, {
      args: [
        EXECUTOR,
        fixture("failing.ipynb"),
        "--out-dir",
        "/nonexistent",
        "--root",
        ROOT,
        `--timeout=${bad}`,
      ],
      env: { JUPYTER_PATH: dataDir, JUPYTER_DATA_DIR: dataDir },
    }).output();
    const message = new TextDecoder().decode(stderr);
    assert.equal(code, 2, message);
    assert.match(
      message,
      new RegExp(`argument --timeout: must be a finite number of seconds > 0 .*'${bad}'`),
    );
    assert.doesNotMatch(message, /Traceback/);
  }
});

// The executor's pieces, in-process: stream merging is linear and capped, and a wrongly signed message is kept
// only when it answers one of the executor's own requests.
const UNITS = `
import importlib.util, json, sys, time, uuid
import nbformat, zmq
from jupyter_client.session import Session
spec = importlib.util.spec_from_file_location("executor", sys.argv[1])
ex = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ex)
out = {}

# 200,000 stream messages of one line each into one cell: linear merging (the old += took minutes).
cell = nbformat.v4.new_code_cell("for (...) console.log(...)")
sink = ex.CellSink(cell, {"cell": 1, "code_cell": 1}, {}, 64 * 1024, "--max-output-kb 64")
for i in range(200_000):
    sink.add({"msg_type": "stream", "content": {"name": "stdout", "text": f"line {i}\\n"}, "parent_header": {}})
sink.add({"msg_type": "stream", "content": {"name": "stderr", "text": "warning\\n"}, "parent_header": {}})
sink.finish()
out["outputs"] = [(o["name"], len(o["text"])) for o in cell.outputs]
out["stdout"] = cell.outputs[0]["text"]
out["truncated"] = sink.truncated

# One 30 MiB message.
cell = nbformat.v4.new_code_cell("console.log(big)")
sink = ex.CellSink(cell, {"cell": 1, "code_cell": 1}, {}, 64 * 1024, "--max-output-kb 64")
sink.add({"msg_type": "stream", "content": {"name": "stdout", "text": "A" + "x" * (30 * 1024 * 1024) + "Z\\n"},
          "parent_header": {}})
sink.finish()
out["big"] = [cell.outputs[0]["text"][:1], cell.outputs[0]["text"][-2:], len(cell.outputs[0]["text"])]

# Signatures: a pair of sockets stands for the kernel's IOPub.
context = zmq.Context.instance()
kernel, iopub = context.socket(zmq.PAIR), context.socket(zmq.PAIR)
kernel.bind("inproc://iopub"); iopub.connect("inproc://iopub")
signer = Session(key=b"secret"); liar = Session(key=b"wrong")
executor = ex.Executor.__new__(ex.Executor)
executor.session, executor.unsigned, executor.iopub = Session(key=b"secret"), Session(key=b""), iopub
executor.own, executor.dropped, executor.unverified, executor.drop_cell, executor.last_cell = set(), 0, 0, None, "c"
ours = signer.msg("execute_request", {}); executor.own.add(ours["header"]["msg_id"])
theirs = signer.msg("execute_request", {})
def received(session, parent):
    session.send(kernel, "stream", {"name": "stdout", "text": "hello\\n"}, parent=parent)
    msg = executor._recv(iopub)
    return None if msg is None else msg["content"]["text"]
out["signed"] = received(signer, ours)
out["wrongly_signed_ours"] = received(liar, ours)
out["wrongly_signed_theirs"] = received(liar, theirs)
kernel.send_multipart([b"garbled", b"frames"])
out["garbled"] = executor._recv(iopub)
out["counts"] = [executor.unverified, executor.dropped, executor.drop_cell]
print(json.dumps(out))
`;

test("stream merging is linear and capped; wrongly signed messages are kept only for our own requests", async () => {
  const { code, stdout, stderr } = await new Deno.Command(python!, {
    args: ["-c", UNITS, EXECUTOR],
    signal: AbortSignal.timeout(120_000),
  }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  const out = JSON.parse(new TextDecoder().decode(stdout));
  assert.equal(out.truncated, 1);
  assert.equal(out.outputs.length, 2);
  assert.deepEqual(out.outputs[1], ["stderr", "warning\n".length]);
  assert.ok(out.outputs[0][1] < 64 * 1024 + 400);
  assert.ok(out.stdout.startsWith("line 0\n"));
  assert.ok(out.stdout.endsWith("line 199999\n"));
  assert.match(
    out.stdout,
    /lines \([\d.]+ [KM]iB\) omitted by the notebook executor: this output has 200,000 lines/,
  );
  assert.deepEqual(out.big.slice(0, 2), ["A", "Z\n"]);
  assert.ok(out.big[2] < 64 * 1024 + 400);
  assert.equal(out.signed, "hello\n");
  assert.equal(out.wrongly_signed_ours, "hello\n");
  assert.equal(out.wrongly_signed_theirs, null);
  assert.equal(out.garbled, null);
  assert.deepEqual(out.counts, [1, 2, "c"]);
});

test("a kernel that cannot start is a reported failure before the first cell, not a Python traceback", async () => {
  const dataDir = await registerDenoKernel();
  const outDir = await Deno.makeTempDir();
  try {
    const { code, stdout, stderr } = await new Deno.Command(python!, {
      args: [
        EXECUTOR,
        fixture("failing.ipynb"),
        "--out-dir",
        outDir,
        "--root",
        ROOT,
        "--kernel",
        "no-such-kernel",
      ],
      env: { JUPYTER_PATH: dataDir, JUPYTER_DATA_DIR: dataDir },
    }).output();
    assert.equal(code, 1);
    assert.doesNotMatch(new TextDecoder().decode(stderr), /Traceback/);
    const result = JSON.parse(new TextDecoder().decode(stdout));
    assert.equal(result.failure.cell, null);
    assert.equal(result.failure.ename, "NoSuchKernel");
    assert.match(result.failure.evalue, /no-such-kernel \(while starting the kernel\)/);
    assert.match(
      describeFailure(result),
      /^FAILED failing\.ipynb, before the first cell \(starting the kernel\)\n/,
    );
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
