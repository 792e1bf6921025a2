#!/usr/bin/env python3
"""Execute Jupyter notebooks with the Deno kernel without losing outputs, and export them to HTML.

Why not plain `jupyter nbconvert --execute`: the Deno kernel sometimes publishes `status: idle` on IOPub
before the cell's last outputs (stream, display_data, even execute_result). nbclient stops reading a
cell's messages at that idle, so those outputs are dropped at random (measured: about one cell in
twenty on a 30-cell probe notebook). This executor talks to the kernel with jupyter_client directly and:

1. routes every IOPub message to its cell by `parent_header.msg_id`, whenever it arrives, instead of
   assuming a cell's outputs end at its idle;
2. after each cell, sends a silent empty execute request (a barrier) and waits for the barrier's own
   reply and idle before the next cell starts. The kernel handles requests in order, so by then it has
   finished the previous cell; messages tagged with the barrier belong to the previous cell too;
3. after the last cell, sends a final barrier, then drains IOPub until it is quiet, counting anything
   that arrived only then (reported as `after_barrier`, which the walkthrough checks is zero).

It prints one JSON object per notebook on stdout; the Deno walkthrough (`.ci/walkthrough.ts`) reads them.
Exit status: 0 when every notebook ran without error, 1 otherwise.
"""
import argparse
import json
import os
import queue
import sys
import time

import nbformat
from jupyter_client.manager import KernelManager


class CellSink:
    """Collects one cell's outputs, handling streams, clear_output and display updates like nbclient."""

    def __init__(self, cell, displays):
        self.cell = cell
        self.displays = displays  # display_id -> list of output dicts (shared across the notebook)
        self.clear_pending = False
        self.error = None

    def add(self, msg):
        kind = msg["msg_type"]
        content = msg["content"]
        if kind == "clear_output":
            if content.get("wait"):
                self.clear_pending = True
            else:
                self.cell.outputs = []
            return
        if kind == "update_display_data":
            display_id = content.get("transient", {}).get("display_id")
            for out in self.displays.get(display_id, []):
                out["data"] = content["data"]
                out["metadata"] = content.get("metadata", {})
            return
        if kind not in ("stream", "display_data", "execute_result", "error"):
            return
        if self.clear_pending:
            self.cell.outputs = []
            self.clear_pending = False
        out = nbformat.v4.output_from_msg(msg)
        if kind == "error":
            self.error = {"ename": content.get("ename"), "evalue": content.get("evalue"),
                          "traceback": content.get("traceback", [])}
        if kind == "stream" and self.cell.outputs:
            last = self.cell.outputs[-1]
            if last.get("output_type") == "stream" and last.get("name") == out["name"]:
                last["text"] += out["text"]
                return
        if kind == "display_data":
            display_id = content.get("transient", {}).get("display_id")
            if display_id:
                self.displays.setdefault(display_id, []).append(out)
        self.cell.outputs.append(out)


class Executor:
    def __init__(self, kernel_name, cwd, env, timeout):
        self.km = KernelManager(kernel_name=kernel_name)
        self.km.start_kernel(cwd=cwd, env=env)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)
        self.timeout = timeout
        self.sinks = {}  # msg_id -> CellSink
        self.idle = set()  # msg_ids whose idle status has been seen
        self.late = 0  # outputs that arrived after their cell's idle
        self.after_barrier = 0  # outputs that arrived only after the final barrier

    def _route(self, msg, counting_after_barrier=False):
        parent = msg.get("parent_header", {}).get("msg_id")
        if msg["msg_type"] == "status":
            if msg["content"].get("execution_state") == "idle":
                self.idle.add(parent)
            return
        sink = self.sinks.get(parent)
        if sink is None:
            return
        if msg["msg_type"] in ("stream", "display_data", "execute_result", "error", "update_display_data"):
            if parent in self.idle:
                self.late += 1
            if counting_after_barrier:
                self.after_barrier += 1
        sink.add(msg)

    def _drain(self, timeout=0.0, counting_after_barrier=False):
        """Reads IOPub until empty (waiting up to `timeout` seconds for each message)."""
        got = 0
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=timeout)
            except queue.Empty:
                return got
            self._route(msg, counting_after_barrier)
            got += 1

    def _wait(self, msg_id):
        """Waits for the shell reply and the IOPub idle of `msg_id`, routing IOPub meanwhile."""
        deadline = time.monotonic() + self.timeout
        reply = None
        while reply is None or msg_id not in self.idle:
            if time.monotonic() > deadline:
                raise TimeoutError(f"cell did not finish within {self.timeout} s")
            if not self.km.is_alive():
                raise RuntimeError("the kernel died")
            if reply is None:
                try:
                    msg = self.kc.get_shell_msg(timeout=0.05)
                    if msg.get("parent_header", {}).get("msg_id") == msg_id:
                        reply = msg
                except queue.Empty:
                    pass
            self._drain(timeout=0.05 if reply is not None else 0.0)
        return reply

    def barrier(self, owner):
        msg_id = self.kc.execute("", silent=True, store_history=False, allow_stdin=False)
        if owner is not None:
            self.sinks[msg_id] = owner
        self._wait(msg_id)

    def run_cell(self, cell, displays):
        sink = CellSink(cell, displays)
        cell.outputs = []
        msg_id = self.kc.execute(cell.source, store_history=True, allow_stdin=False, stop_on_error=True)
        self.sinks[msg_id] = sink
        reply = self._wait(msg_id)
        self.barrier(sink)
        cell.execution_count = reply["content"].get("execution_count")
        status = reply["content"].get("status")
        if status != "ok" and sink.error is None:
            c = reply["content"]
            sink.error = {"ename": c.get("ename", status), "evalue": c.get("evalue", ""),
                          "traceback": c.get("traceback", [])}
        return sink

    def finish(self):
        self.barrier(None)
        self._drain(timeout=0.5, counting_after_barrier=True)

    def shutdown(self):
        try:
            self.kc.stop_channels()
        finally:
            self.km.shutdown_kernel(now=True)


def scrub(value, root):
    """Replaces the project's absolute path in outputs so committed notebooks carry no machine paths."""
    if isinstance(value, str):
        return value.replace("file://" + root, "file://<project>").replace(root, "<project>")
    if isinstance(value, list):
        return [scrub(v, root) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v, root) for k, v in value.items()}
    return value


def execute(path, out_path, html_path, kernel, timeout, root, env):
    nb = nbformat.read(path, as_version=4)
    started = time.monotonic()
    ex = Executor(kernel, os.path.dirname(os.path.abspath(path)), env, timeout)
    failure = None
    displays = {}
    try:
        info = ex.kc.kernel_info(reply=True, timeout=60)["content"].get("language_info")
        if info:
            nb.metadata["language_info"] = info
        code_index = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            code_index += 1
            if failure is not None:
                cell.outputs = []
                cell.execution_count = None
                continue
            sink = ex.run_cell(cell, displays)
            if sink.error is not None:
                failure = {"cell": index, "code_cell": code_index, "source": cell.source[:400], **sink.error}
        ex.finish()
    except Exception as error:  # noqa: BLE001 - report kernel death or timeouts as a failed notebook
        failure = failure or {"cell": None, "ename": type(error).__name__, "evalue": str(error), "traceback": []}
    finally:
        ex.shutdown()
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [nbformat.from_dict(scrub(dict(o), root)) for o in cell.outputs]
            cell.metadata.pop("execution", None)
    nbformat.validate(nb)
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    tmp = out_path + ".tmp"
    nbformat.write(nb, tmp)
    os.replace(tmp, out_path)
    if html_path:
        from nbconvert import HTMLExporter

        body, _ = HTMLExporter().from_notebook_node(nb)
        os.makedirs(os.path.dirname(html_path), exist_ok=True)
        with open(html_path, "w", encoding="utf-8") as f:
            f.write(body)
    code = [c for c in nb.cells if c.cell_type == "code"]
    return {
        "notebook": os.path.basename(path),
        "seconds": round(time.monotonic() - started, 2),
        "code_cells": len(code),
        "cells_with_output": sum(1 for c in code if c.outputs),
        "outputs": sum(len(c.outputs) for c in code),
        "late_outputs_rescued": ex.late,
        "after_barrier": ex.after_barrier,
        "failure": failure,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--out-dir", required=True, help="executed copies go to OUT/<name>.ipynb")
    parser.add_argument("--html-dir", help="HTML goes to HTML/<name>.html")
    parser.add_argument("--kernel", default="deno")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds allowed per cell")
    parser.add_argument("--root", required=True, help="project root, scrubbed from outputs")
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("NO_COLOR", "1")
    ok = True
    for path in args.notebooks:
        stem = os.path.splitext(os.path.basename(path))[0]
        result = execute(
            path,
            os.path.join(args.out_dir, stem + ".ipynb"),
            os.path.join(args.html_dir, stem + ".html") if args.html_dir else None,
            args.kernel,
            args.timeout,
            os.path.abspath(args.root),
            env,
        )
        print(json.dumps(result), flush=True)
        if result["failure"] is not None:
            ok = False
            break
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
