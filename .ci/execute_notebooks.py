#!/usr/bin/env python3
"""Execute Jupyter notebooks with the Deno kernel without losing outputs, and export them to HTML.

Why not plain `jupyter nbconvert --execute`: the Deno kernel sometimes publishes `status: idle` on IOPub
before the cell's last outputs (stream, display_data, even execute_result). nbclient stops reading a
cell's messages at that idle, so those outputs are dropped at random (measured: about one cell in
twenty on a 30-cell probe notebook). This executor talks to the kernel over its ZeroMQ sockets and:

1. routes every IOPub message to its cell by `parent_header.msg_id`, whenever it arrives, instead of
   assuming a cell's outputs end at its idle;
2. after each cell, sends a silent execute request (a barrier) that prints a unique sentinel line on
   stdout and stderr, and waits for the barrier's reply, its idle and both sentinels before the next cell
   starts. The kernel handles requests in order and publishes prints in order, so by then it has finished
   the previous cell and published all its prints; messages tagged with the barrier belong to the previous
   cell too (the kernel tags a lagging print with the request it is answering when it publishes it: without
   the sentinels, 1,800 of 200,000 printed lines once landed in the next cell). Sentinels are removed;
3. after the last cell, sends a final barrier, then drains IOPub until it is quiet, counting anything
   that arrived only then (reported as `after_barrier`, which the walkthrough checks is zero).

Limits, so that one cell can neither hang the walkthrough nor exhaust memory:

- `--timeout` seconds per cell cover the cell, its barrier and the draining of its outputs: a cell that
  keeps printing (a `setInterval` never cleared) fails with a TimeoutError naming that cell;
- each stream output (and each text/plain result) keeps its first and last `--max-output-kb / 2` KiB of
  text, counted in characters, with a note saying how many lines and characters were omitted; stream
  chunks are collected in lists and joined once, so merging is linear in the output size;
- the Deno kernel signs a very large message (tens of MB) with a wrong HMAC when a request reaches it
  while it is still sending that message. An IOPub output whose signature fails is kept only if it
  answers one of this executor's own requests (its parent msg_id is a random UUID only this process
  and the kernel know), and is counted in `unverified_outputs`; anything else is dropped.

The kernel never outlives this process: it runs in its own process group, which is killed on every
exit path (normal end, error, timeout, SIGTERM, SIGHUP, SIGINT, this process's parent dying); on Linux
the kernel also gets SIGKILL from the kernel (`PR_SET_PDEATHSIG`) if this process is killed outright.

Cells are numbered as Jupyter shows them: `cell` is the 1-based position in the notebook (markdown
cells included), `code_cell` the 1-based position among code cells, `execution_count` the `In [n]`.

It prints one JSON object per notebook on stdout; the Deno walkthrough (`.ci/walkthrough.ts`) reads them.
Exit status: 0 when every notebook ran without error, 1 otherwise, 2 for invalid arguments, 128+N when
stopped by signal N.
"""
import argparse
import collections
import ctypes
import json
import math
import os
import signal
import sys
import time
import uuid

import nbformat
import zmq
from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

DEFAULT_TIMEOUT_SECONDS = 900.0
DEFAULT_MAX_OUTPUT_KB = 512
DEFAULT_MAX_IMAGE_KB = 4096
FINAL_QUIET_SECONDS = 0.5
OUTPUT_TYPES = ("stream", "display_data", "execute_result", "error", "update_display_data")
EXECUTOR_KEY = 'globalThis[Symbol.for("notebook-executor")]'

# Runs once in each kernel, before the first cell. The Deno kernel ignores an unhandled promise rejection
# (the cell reports ok) and, after an exception thrown in a timer or event callback, stops answering
# requests: listeners on the global `error` and `unhandledrejection` events record them (preventDefault
# keeps the kernel alive) and every barrier rethrows what was recorded, so it fails the cell it follows.
SETUP_CODE = EXECUTOR_KEY + """ = (() => {
  const describe = (value) => value instanceof Error ? (value.stack ?? `${value.name}: ${value.message}`)
    : `${typeof value === "string" ? JSON.stringify(value) : String(value)} (thrown value is not an Error)`;
  const store = { log: console.log.bind(console), error: console.error.bind(console), errors: [] };
  globalThis.addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    store.errors.push(`Unhandled promise rejection: ${describe(event.reason)}`);
  });
  globalThis.addEventListener("error", (event) => {
    event.preventDefault();
    store.errors.push(`Uncaught exception in a callback: ${describe(event.error ?? event.message)}`);
  });
  store.check = () => {
    if (store.errors.length === 0) return;
    const error = new Error(store.errors.splice(0).join("\\n") + "\\n(raised outside the cell's own code: " +
      "a promise nobody awaited or caught, a timer or an event handler, started by this cell or an earlier one)");
    error.name = "UncaughtError";
    throw error;
  };
  return store;
})();"""


class Interrupted(BaseException):
    """Raised by the signal handlers (and when the parent process is gone) to unwind and kill the kernel."""

    def __init__(self, reason, signum):
        super().__init__(reason)
        self.signum = signum


class CellTimeout(Exception):
    pass


class KernelDied(Exception):
    pass


def positive_seconds(text):
    """argparse type of --timeout: a finite number of seconds > 0."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(
            f"must be a finite number of seconds > 0 (e.g. 900): current value is {text!r}")
    return value


def positive_kb(text):
    """argparse type of --max-output-kb: a whole number of KiB >= 2."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 2:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of KiB >= 2 (e.g. {DEFAULT_MAX_OUTPUT_KB}): current value is {text!r}")
    return value


def human_size(chars):
    if chars >= 1024 * 1024:
        return f"{chars / (1024 * 1024):.1f} MiB"
    if chars >= 1024:
        return f"{chars / 1024:.1f} KiB"
    return f"{chars} characters"


class CappedText:
    """Text appended in chunks; keeps the first and last `limit / 2` characters, cut at line ends.

    Appending is amortised O(chunk): chunks go into lists (never `str +=` on a growing string), the
    tail is a deque trimmed from the left, and `value()` joins once.
    """

    def __init__(self, limit_chars, option_hint):
        self.head_limit = limit_chars // 2
        self.tail_limit = limit_chars - self.head_limit
        self.option_hint = option_hint
        self.head = []
        self.head_len = 0
        self.head_full = False
        self.tail = collections.deque()
        self.tail_len = 0
        self.omitted_chars = 0
        self.omitted_lines = 0
        self.total_chars = 0
        self.total_lines = 0

    def append(self, text):
        if not text:
            return
        self.total_chars += len(text)
        self.total_lines += text.count("\n")
        if not self.head_full:
            room = self.head_limit - self.head_len
            if len(text) <= room:
                self.head.append(text)
                self.head_len += len(text)
                return
            cut = text.rfind("\n", 0, room) + 1  # end the head at a line end, unless that wastes half of it
            if cut == 0 or room - cut > self.head_limit // 2:
                cut = room
            self.head.append(text[:cut])
            self.head_len += cut
            self.head_full = True
            text = text[cut:]
        self.tail.append(text)
        self.tail_len += len(text)
        while self.tail and self.tail_len - len(self.tail[0]) >= self.tail_limit:
            self._omit(self.tail.popleft())

    def _omit(self, text):
        self.tail_len -= len(text)
        self.omitted_chars += len(text)
        self.omitted_lines += text.count("\n")

    @property
    def truncated(self):
        return self.omitted_chars > 0 or self.tail_len > self.tail_limit

    def value(self):
        head = "".join(self.head)
        if not self.truncated:
            return head + "".join(self.tail)
        tail = "".join(self.tail)
        excess = len(tail) - self.tail_limit
        start = excess
        if excess > 0:
            newline = tail.find("\n", excess, excess + self.tail_limit // 2)
            if newline >= 0:
                start = newline + 1  # start the tail at a line start, unless that wastes half of it
        omitted = tail[:start]
        chars = self.omitted_chars + len(omitted)
        lines = self.omitted_lines + omitted.count("\n")
        note = (
            f"[... {lines:,} lines ({human_size(chars)}) omitted by the notebook executor: this output has "
            f"{self.total_lines:,} lines ({human_size(self.total_chars)}); the first and last "
            f"{human_size(self.head_limit)} are kept ({self.option_hint}) ...]\n"
        )
        return head + ("" if head.endswith("\n") or not head else "\n") + note + tail[start:]


def data_size(value):
    """Characters of one MIME value as stored in the notebook (a string, a list of lines, or JSON)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return sum(len(v) for v in value)
    return len(json.dumps(value))


def cap_data(data, limit_chars, image_limit_chars):
    """Caps the MIME bundle of one display output in place; returns whether anything was cut.

    A text value (text/html, text/markdown, JSON...) over `limit_chars`, or an image (image/*: base64 PNG,
    SVG; also audio/* and video/*) over `image_limit_chars`, is removed and a note
    saying what was removed is put in text/plain, so that one output cannot bloat the notebook.
    """
    removed = []
    for mime in list(data):
        if mime == "text/plain":
            continue
        binary = mime.startswith(("image/", "audio/", "video/"))
        limit = image_limit_chars if binary else limit_chars
        size = data_size(data[mime])
        if size > limit:
            del data[mime]
            option = "--max-image-kb" if binary else "--max-output-kb"  # noqa: the option names
            removed.append(f"{mime} ({human_size(size)} > {human_size(limit)}, {option} {limit // 1024})")
    if not removed:
        return False
    note = "[the notebook executor removed this output's " + ", ".join(removed) + "]"
    plain = data.get("text/plain", "")
    plain = "".join(plain) if isinstance(plain, list) else plain
    data["text/plain"] = note + ("\n" + plain if plain else "")
    return True


def thrown_value(ename, evalue, traceback):
    """The Deno kernel reports `throw undefined` and `throw null` as `Error: null`, and any other value that
    is not an Error as `Error: <String(value)>`, with an empty traceback; says so instead."""
    if ename == "Error" and all(not line.strip() for line in traceback or []):
        what = "undefined or null" if evalue in (None, "null") else f"the non-Error value {evalue!r}"
        evalue = (f"{what} was thrown (the kernel reports it as 'Error: {evalue}'); it carries no message and no "
                  "stack: throw an Error instead")
        return "NonErrorThrown", evalue, [f"NonErrorThrown: {evalue}"]
    return ename, evalue, traceback


class CellSink:
    """Collects one cell's outputs, handling streams, clear_output and display updates like nbclient."""

    def __init__(self, cell, position, displays, limit_chars, option_hint, image_limit_chars=None):
        self.cell = cell
        self.image_limit_chars = image_limit_chars or DEFAULT_MAX_IMAGE_KB * 1024
        self.position = position  # {"cell": 1-based index, "code_cell": 1-based index among code cells}
        self.displays = displays  # display_id -> list of output dicts (shared across the notebook)
        self.limit_chars = limit_chars
        self.option_hint = option_hint
        self.clear_pending = False
        self.error = None
        self.execution_count = None
        self.streams = []  # (output, CappedText) pairs, materialised by finish()
        self.truncated = 0
        self.msg_id = None

    def add(self, msg):
        kind = msg["msg_type"]
        content = msg["content"]
        if kind == "execute_input":
            if msg.get("parent_header", {}).get("msg_id") != self.msg_id:
                return  # a barrier's
            self.execution_count = content.get("execution_count", self.execution_count)
            return
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
        if kind == "stream":
            text = content.get("text", "")
            if self.cell.outputs:
                last = self.cell.outputs[-1]
                if last.get("output_type") == "stream" and last.get("name") == content.get("name"):
                    for out, buffer in reversed(self.streams):
                        if out is last:
                            buffer.append(text)
                            return
            out = nbformat.v4.new_output("stream", name=content.get("name", "stdout"), text="")
            buffer = CappedText(self.limit_chars, self.option_hint)
            buffer.append(text)
            self.streams.append((out, buffer))
            self.cell.outputs.append(out)
            return
        out = nbformat.v4.output_from_msg(msg)
        if kind == "error":
            out["ename"], out["evalue"], out["traceback"] = thrown_value(
                out.get("ename"), out.get("evalue"), out.get("traceback", []))
            self.error = {"ename": out["ename"], "evalue": out["evalue"], "traceback": out["traceback"][:200]}
        data = out.get("data") if kind in ("display_data", "execute_result") else None
        plain = data.get("text/plain") if data else None
        if isinstance(plain, str) and len(plain) > self.limit_chars:
            buffer = CappedText(self.limit_chars, self.option_hint)
            buffer.append(plain)
            data["text/plain"] = buffer.value()
            self.truncated += 1
        if data and cap_data(data, self.limit_chars, self.image_limit_chars):
            self.truncated += 1
        if kind == "display_data":
            display_id = content.get("transient", {}).get("display_id")
            if display_id:
                self.displays.setdefault(display_id, []).append(out)
        self.cell.outputs.append(out)

    def finish(self):
        for out, buffer in self.streams:
            out["text"] = buffer.value()
            if buffer.truncated:
                self.truncated += 1
        self.streams = []


# Loaded here, not in the forked child (loading a library between fork and exec is unsafe).
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


def _die_with_parent():
    """Runs in the kernel's process before exec: SIGKILL it when this executor dies (Linux only)."""
    _LIBC.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG; survives exec


def _become_subreaper():
    """Makes this process the Linux "child subreaper" of its descendants: a process the notebook starts and
    detaches (setsid, a double fork) is re-parented to this executor when its parent exits, instead of to
    init, so that `kill_descendants` still finds it."""
    if _LIBC is not None:
        _LIBC.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def process_table(proc="/proc"):
    """{pid: (parent pid, state letter)} of every process, read from /proc/<pid>/stat; {} without /proc."""
    table = {}
    try:
        names = os.listdir(proc)
    except OSError:
        return table
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(os.path.join(proc, name, "stat"), encoding="utf-8", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue  # exited meanwhile
        # pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after its last ")".
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) >= 2 and fields[1].lstrip("-").isdigit():
            table[int(name)] = (int(fields[1]), fields[0])
    return table


def descendants(root, table):
    """Pids of every descendant of `root` in `table` (from `process_table`), parents before children."""
    children = collections.defaultdict(list)
    for pid, (ppid, _) in table.items():
        children[ppid].append(pid)
    found, queue = [], collections.deque(children.get(root, []))
    while queue:
        pid = queue.popleft()
        found.append(pid)
        queue.extend(children.get(pid, []))
    return found


def kill_descendants(keep=(), rounds=50):
    """SIGKILLs every live descendant of this process (the kernel and whatever it started, detached ones
    included: see `_become_subreaper`) except the pids in `keep`, and reaps those re-parented to this
    process. Repeats until none is left, since a dying process may have forked meanwhile. Returns how many
    processes were killed. Linux only (reads /proc); elsewhere returns 0."""
    me = os.getpid()
    killed = set()
    for _ in range(rounds):
        table = process_table()
        live = [p for p in descendants(me, table) if table[p][1] not in "ZX" and p not in keep]
        for pid in live:
            try:
                os.kill(pid, signal.SIGKILL)
                killed.add(pid)
            except OSError:
                pass
        for pid in descendants(me, table):
            if table.get(pid, (0, ""))[0] == me and pid not in keep:
                try:
                    os.waitpid(pid, os.WNOHANG)  # a zombie re-parented to this process
                except ChildProcessError:
                    pass
        if not live:
            break
        time.sleep(0.02)
    return len(killed)


class Executor:
    def __init__(self, kernel_name, cwd, env, timeout, parent_pid):
        self.kernel_name = kernel_name
        self.cwd = cwd
        self.env = env
        self.timeout = timeout
        self.parent_pid = parent_pid
        self.km = None
        self.shell = None
        self.iopub = None
        self.sinks = {}  # msg_id -> CellSink
        self.own = set()  # msg_ids of this executor's requests
        self.idle = set()  # msg_ids whose idle status has been seen
        self.late = 0  # outputs that arrived after their cell's idle
        self.after_barrier = 0  # outputs that arrived only after the final barrier
        self.unverified = 0  # outputs kept although the kernel signed them wrongly
        self.dropped = 0  # messages dropped: wrong signature and not answering our requests
        self.last_sink = None  # sink of the most recent output, to name a cell that keeps printing
        self.last_cell = None  # sink of the cell run last
        self.last_text = ""  # the latest stream text, to show what keeps printing
        self.drop_cell = None  # sink of the cell running when the first message was dropped
        self.language_info = None
        self.sentinels = {}  # barrier token -> names of the streams ("stdout", "stderr") it has not come back on
        self.next_check = 0.0

    def start(self):
        self.km = KernelManager(kernel_name=self.kernel_name)
        kw = {"preexec_fn": _die_with_parent} if _LIBC is not None else {}
        self.km.start_kernel(cwd=self.cwd, env=self.env, **kw)
        self.session = self.km.session
        self.unsigned = Session(key=b"", session=self.session.session, username=self.session.username)
        self.shell = self.km.connect_shell()
        self.iopub = self.km.connect_iopub()
        self.poller = zmq.Poller()
        self.poller.register(self.shell, zmq.POLLIN)
        self.poller.register(self.iopub, zmq.POLLIN)
        deadline = time.monotonic() + max(120.0, self.timeout)
        self._wait_ready(deadline)
        # The barriers print with the original console functions, even if a notebook replaces them.
        setup = self._execute(SETUP_CODE, silent=True)
        self._wait(setup, deadline, "the kernel did not run the executor's setup within the timeout")

    def _wait_ready(self, deadline):
        """Sends kernel_info until both its reply and its IOPub status arrive (IOPub is subscribed)."""
        while True:
            msg_id = self._send("kernel_info_request", {})
            retry = time.monotonic() + 1.0
            reply = None
            subscribed = False
            while time.monotonic() < retry:
                self._check(deadline, "the kernel did not answer within the timeout")
                for sock, msg in self._poll(0.1):
                    if msg["parent_header"].get("msg_id") == msg_id:
                        if sock is self.shell:
                            reply = msg
                        else:
                            subscribed = True
                if reply is not None and subscribed:
                    self.language_info = reply["content"].get("language_info")
                    self._drain_quiet(0.2, deadline)
                    return

    def _send(self, msg_type, content):
        msg = self.session.msg(msg_type, content)
        self.session.send(self.shell, msg)
        msg_id = msg["header"]["msg_id"]
        self.own.add(msg_id)
        return msg_id

    def _recv(self, sock):
        """One message from `sock` (which has one ready), or None when it is dropped (see the docstring)."""
        frames = sock.recv_multipart(zmq.NOBLOCK)
        try:
            _, frames = self.session.feed_identities(frames)
            return self.session.deserialize(frames)
        except ValueError as error:
            signed_wrongly = "Invalid Signature" in str(error)
        except Exception:  # noqa: BLE001 - garbled frames: handled below
            signed_wrongly = False
        msg = None
        if signed_wrongly and sock is self.iopub:
            try:
                msg = self.unsigned.deserialize(frames)
            except Exception:  # noqa: BLE001 - unreadable as well
                msg = None
        if msg is None or msg.get("parent_header", {}).get("msg_id") not in self.own:
            self.dropped += 1
            if self.drop_cell is None:
                self.drop_cell = self.last_cell
            return None
        if msg["msg_type"] in OUTPUT_TYPES:
            self.unverified += 1
        return msg

    def dropped_note(self):
        if not self.dropped:
            return ""
        return (f"; {self.dropped} unreadable message(s) from the kernel were dropped: the Deno kernel garbles "
                "its IOPub stream when it sends a very large output (tens of MB in one print) while it "
                "publishes another message, so print less at once")

    def _poll(self, seconds):
        """Waits up to `seconds` for messages; returns up to a few hundred (socket, message) pairs."""
        got = []
        for sock, _ in self.poller.poll(max(0, int(seconds * 1000))):
            for _ in range(256):
                try:
                    msg = self._recv(sock)
                except zmq.Again:
                    break
                if msg is not None:
                    got.append((sock, msg))
        return got

    def _check(self, deadline, timeout_message):
        now = time.monotonic()
        if now > deadline:
            raise CellTimeout(timeout_message + self.dropped_note())
        if now >= self.next_check:
            self.next_check = now + 0.25
            if os.getppid() != self.parent_pid:
                raise Interrupted("the process that started the executor exited", signal.SIGTERM)
            code = self.km.provisioner.process.poll() if self.km.provisioner else None
            if code is not None:
                raise KernelDied(f"the kernel exited with status {code}")

    def _route(self, msg, counting_after_barrier=False):
        parent = msg.get("parent_header", {}).get("msg_id")
        if msg["msg_type"] == "status":
            if msg["content"].get("execution_state") == "idle":
                self.idle.add(parent)
            return
        if msg["msg_type"] == "stream" and self.sentinels:
            msg = self._strip_sentinels(msg)
            if msg is None:
                return
        sink = self.sinks.get(parent)
        if sink is None:
            return
        if msg["msg_type"] in OUTPUT_TYPES:
            if parent in self.idle:
                self.late += 1
            if counting_after_barrier:
                self.after_barrier += 1
            self.last_sink = sink
            if msg["msg_type"] == "stream":
                self.last_text = msg["content"].get("text", "")[-120:]
        sink.add(msg)

    def _strip_sentinels(self, msg):
        """Removes barrier sentinels from a stream message, noting them seen; None when nothing is left."""
        content = msg["content"]
        text, name = content.get("text", ""), content.get("name")
        for token, waiting in self.sentinels.items():
            line = token + "\n"
            if name in waiting and line in text:
                text = text.replace(line, "", 1)
                waiting.discard(name)
        if text == content.get("text", ""):
            return msg
        if not text:
            return None
        return {**msg, "content": {**content, "text": text}}

    def _wait(self, msg_id, deadline, timeout_message, token=None):
        """Waits for the shell reply and the IOPub idle of `msg_id` (and the sentinels of barrier `token`),
        routing IOPub meanwhile."""
        reply = None
        while reply is None or msg_id not in self.idle or (token and self.sentinels[token]):
            self._check(deadline, timeout_message)
            for sock, msg in self._poll(min(0.1, max(0.0, deadline - time.monotonic()))):
                if sock is self.iopub:
                    self._route(msg)
                elif msg["parent_header"].get("msg_id") == msg_id:
                    reply = msg
        return reply

    def _drain_quiet(self, quiet, deadline, counting_after_barrier=False):
        """Routes IOPub until nothing arrives for `quiet` seconds; fails at `deadline`."""
        last = time.monotonic()
        while time.monotonic() - last < quiet:
            self._check(deadline, f"output kept arriving for the {self.timeout:g} s timeout (--timeout) after "
                                  "this last cell had finished (the kernel tags late output with the request "
                                  "it is answering): a timer or interval that this or an earlier cell started "
                                  f"is still printing? Latest output: {self.last_text!r}")
            for sock, msg in self._poll(quiet):
                last = time.monotonic()
                if sock is self.iopub:
                    self._route(msg, counting_after_barrier)

    def _execute(self, code, silent):
        return self._send("execute_request", {
            "code": code, "silent": silent, "store_history": not silent, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True,
        })

    def _barrier(self, owner, deadline, timeout_message):
        """Runs a silent request that prints a unique sentinel line to stdout and to stderr, and waits for its
        reply, its idle and both sentinels. The kernel publishes a cell's prints in order, but may lag behind
        and tag them with whichever request it is answering at the time: once both sentinels are back, every
        print of the cell has been published, tagged with the cell or with this barrier, both routed to the
        cell. The sentinels are removed from the outputs."""
        token = f"[notebook-executor barrier {uuid.uuid4().hex}]"
        self.sentinels[token] = {"stdout", "stderr"}
        msg_id = self._execute(f'{{ const c = {EXECUTOR_KEY} ?? console; '
                               f'c.log("{token}"); c.error("{token}"); c.check?.(); }}', silent=True)
        if owner is not None:
            self.sinks[msg_id] = owner
        try:
            reply = self._wait(msg_id, deadline, timeout_message, token)
        finally:
            del self.sentinels[token]
        content = reply["content"] if reply else {}
        if owner is not None and content.get("status") == "error" and owner.error is None:
            owner.error = {"ename": content.get("ename") or "UncaughtError", "evalue": content.get("evalue", ""),
                           "traceback": content.get("traceback", [])[:200]}

    def run_cell(self, sink, deadline):
        """Runs one cell, then its barrier, all before `deadline`."""
        sink.cell.outputs = []
        self.last_cell = sink
        msg_id = self._execute(sink.cell.source, silent=False)
        sink.msg_id = msg_id
        self.sinks[msg_id] = sink
        limit = f"did not finish within the {self.timeout:g} s timeout (--timeout)"
        reply = self._wait(msg_id, deadline, limit)
        self._barrier(sink, deadline, f"finished, but its output did not end within the {self.timeout:g} s timeout "
                                      "(--timeout)")
        content = reply["content"]
        sink.execution_count = content.get("execution_count", sink.execution_count)
        if content.get("status") != "ok" and sink.error is None:
            ename, evalue, traceback = thrown_value(content.get("ename", content.get("status")),
                                                    content.get("evalue", ""), content.get("traceback", []))
            sink.error = {"ename": ename, "evalue": evalue, "traceback": traceback}

    def finish(self):
        deadline = time.monotonic() + self.timeout
        self._barrier(self.last_cell, deadline, f"finished, but the final barrier did not complete within the "
                                                f"{self.timeout:g} s timeout (--timeout)")
        self._drain_quiet(FINAL_QUIET_SECONDS, deadline, counting_after_barrier=True)

    def shutdown(self):
        """Kills the kernel's process group and removes its connection file. Never raises."""
        for sock in (self.shell, self.iopub):
            if sock is not None:
                sock.close(linger=0)
        self.shell = self.iopub = None
        km, self.km = self.km, None
        if km is None:
            return
        provisioner = km.provisioner
        process = provisioner.process if provisioner else None
        if process is not None and process.poll() is None:
            try:
                os.killpg(provisioner.pgid or process.pid, signal.SIGKILL)
            except OSError:
                try:
                    process.kill()
                except OSError:
                    pass
        if process is not None:
            try:
                process.wait(timeout=10)
            except Exception:  # noqa: BLE001 - nothing more can be done here
                pass
        # Processes the notebook started in another process group or session (setsid, a daemon) are not
        # in the kernel's group: kill every remaining descendant of this executor.
        kill_descendants()
        try:
            km.cleanup_resources()
        except Exception:  # noqa: BLE001 - a leftover connection file is harmless
            pass
        km.context.destroy(linger=0)


def literal_dollars(markdown):
    """Markdown with each escaped dollar `\\$` written as the character reference `&#36;`.

    nbconvert 6's Markdown renderer does not honour `\\$`: it pairs the dollar with the next one as a math
    span, so "(\\$/share/day$^{1/2}$); moves it *permanently* by $\\gamma$" loses its emphasis and shows TeX.
    `&#36;` is a dollar sign to every renderer and a math delimiter to none.
    """
    return markdown.replace("\\$", "&#36;")


def export_html(nb, name):
    """nbconvert's HTML of a notebook (its lab template), with escaped dollars made literal first (see
    `literal_dollars`) in Markdown cells and Markdown outputs; `name` is the page's default title."""
    from nbconvert import HTMLExporter

    copy = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in copy.cells:
        if cell.cell_type == "markdown":
            cell.source = literal_dollars(cell.source)
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = out.get("data", {})
            if "text/markdown" in data:
                text = data["text/markdown"]
                data["text/markdown"] = literal_dollars("".join(text) if isinstance(text, list) else text)
    body, _ = HTMLExporter().from_notebook_node(copy, resources={"metadata": {"name": name}})
    return body


def scrub(value, root):
    """Replaces the project's absolute path in outputs so committed notebooks carry no machine paths."""
    if isinstance(value, str):
        return value.replace("file://" + root, "file://<project>").replace(root, "<project>")
    if isinstance(value, list):
        return [scrub(v, root) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v, root) for k, v in value.items()}
    return value


def first_line(source):
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:160]
    return ""


def describe_cell(cell, position, execution_count):
    return {
        "cell": position["cell"],
        "code_cell": position["code_cell"],
        "execution_count": execution_count,
        "first_line": first_line(cell.source),
        "source": cell.source[:400],
    }


class NotebookUnreadable(Exception):
    pass


def read_notebook(path):
    """Reads a notebook; raises NotebookUnreadable with one line naming the file when it is not one."""
    try:
        size = os.path.getsize(path)
    except OSError as error:
        raise NotebookUnreadable(f"Cannot read notebook {path}: {error.strerror}") from None
    if size == 0:
        raise NotebookUnreadable(f"Cannot read notebook {path}: the file is empty (0 bytes), not a notebook")
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (ValueError, UnicodeDecodeError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise NotebookUnreadable(f"Cannot read notebook {path}: it is not valid JSON ({reason})") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise NotebookUnreadable(f"Cannot read notebook {path}: the JSON is not a notebook (no list of cells)")
    try:
        nb = nbformat.reads(json.dumps(data), as_version=4)
        nbformat.validate(nb)
    except Exception as error:  # noqa: BLE001 - any schema error: one line naming the file
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise NotebookUnreadable(f"Cannot read notebook {path}: it is not a valid notebook ({reason})") from None
    return nb


def unreadable_result(path, message):
    """The result of a notebook that could not be read: a failure before the first cell, nothing executed."""
    return {
        "notebook": os.path.basename(path), "seconds": 0, "code_cells": 0, "cells_with_output": 0, "outputs": 0,
        "late_outputs_rescued": 0, "after_barrier": 0, "truncated_outputs": 0, "unverified_outputs": 0,
        "dropped_messages": 0,
        "failure": {"cell": None, "code_cell": None, "execution_count": None, "first_line": "", "source": "",
                    "ename": "NotebookUnreadable", "evalue": message, "traceback": []},
    }


def execute(path, out_path, html_path, options, env, parent_pid):
    try:
        nb = read_notebook(path)
    except NotebookUnreadable as error:
        return unreadable_result(path, str(error))
    started = time.monotonic()
    ex = Executor(options.kernel, os.path.dirname(os.path.abspath(path)), env, options.timeout, parent_pid)
    limit_chars = options.max_output_kb * 1024
    image_limit_chars = getattr(options, "max_image_kb", DEFAULT_MAX_IMAGE_KB) * 1024
    hint = f"--max-output-kb {options.max_output_kb}"
    failure = None
    displays = {}
    sinks = []
    sink = None
    for cell in nb.cells:
        if cell.cell_type == "code":  # cells that do not run (after a failure) keep nothing stale
            cell.outputs = []
            cell.execution_count = None
    try:
        ex.start()
        if getattr(ex, "language_info", None):
            nb.metadata["language_info"] = ex.language_info
        code_index = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            code_index += 1
            if failure is not None:
                continue
            sink = CellSink(cell, {"cell": index + 1, "code_cell": code_index}, displays, limit_chars, hint,
                            image_limit_chars)
            sinks.append(sink)
            ex.run_cell(sink, time.monotonic() + options.timeout)
            if sink.error is not None:
                failure = {**describe_cell(cell, sink.position, sink.execution_count), **sink.error}
        sink = None
        if failure is None:
            ex.finish()
            last = ex.last_cell
            if last is not None and last.error is not None:  # an uncaught error the final barrier found
                failure = {**describe_cell(last.cell, last.position, last.execution_count), **last.error}
        if failure is None and ex.dropped:
            culprit = ex.drop_cell or ex.last_cell
            failure = {**describe_cell(culprit.cell, culprit.position, culprit.execution_count),
                       "ename": "OutputLost", "evalue": "outputs may be missing" + ex.dropped_note(),
                       "traceback": []}
    except Exception as error:  # noqa: BLE001 - timeouts, kernel deaths, start failures: a result, never a traceback
        # Name the running cell; after the last cell (final barrier and drain), the last cell.
        culprit = sink or ex.last_cell
        where = describe_cell(culprit.cell, culprit.position, culprit.execution_count) if culprit else {
            "cell": None, "code_cell": None, "execution_count": None, "first_line": "", "source": ""}
        what = str(error) if culprit else f"{error} (while starting the kernel)"
        ename = {CellTimeout: "TimeoutError", KernelDied: "KernelDied"}.get(type(error), type(error).__name__)
        failure = failure or {**where, "ename": ename, "evalue": what, "traceback": []}
    finally:
        # Signals must not interrupt the kernel's shutdown; one arriving meanwhile is handled just after.
        blocked = {signal.SIGTERM, signal.SIGHUP, signal.SIGINT}
        signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
        try:
            ex.shutdown()
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, blocked)
    truncated = 0
    for s in sinks:
        s.finish()
        truncated += s.truncated
        s.cell.execution_count = s.execution_count
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [nbformat.from_dict(scrub(dict(o), options.root)) for o in cell.outputs]
            cell.metadata.pop("execution", None)
    nbformat.validate(nb)
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    tmp = out_path + ".tmp"
    nbformat.write(nb, tmp)
    os.replace(tmp, out_path)
    if html_path:
        body = export_html(nb, os.path.splitext(os.path.basename(path))[0])
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
        "truncated_outputs": truncated,
        "unverified_outputs": ex.unverified,
        "dropped_messages": ex.dropped,
        "failure": failure,
    }


def _on_signal(signum, _frame):
    raise Interrupted(f"stopped by {signal.Signals(signum).name}", signum)


def main():
    parent_pid = os.getppid()
    _become_subreaper()
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(signum, _on_signal)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--out-dir", required=True, help="executed copies go to OUT/<name>.ipynb")
    parser.add_argument("--html-dir", help="HTML goes to HTML/<name>.html")
    parser.add_argument("--kernel", default="deno")
    parser.add_argument("--timeout", type=positive_seconds, default=DEFAULT_TIMEOUT_SECONDS,
                        help="seconds allowed per cell, including the draining of its output (default 900)")
    parser.add_argument("--max-output-kb", type=positive_kb, default=DEFAULT_MAX_OUTPUT_KB,
                        help="KiB of text kept per stream output: the first and last half (default 512)")
    parser.add_argument("--max-image-kb", type=positive_kb, default=DEFAULT_MAX_IMAGE_KB,
                        help="KiB kept per image in an output (base64 PNG, SVG); a larger one is replaced by a "
                             "note (default 4096)")
    parser.add_argument("--root", required=True, help="project root, scrubbed from outputs")
    args = parser.parse_args()
    args.root = os.path.abspath(args.root)
    env = dict(os.environ)
    env.setdefault("NO_COLOR", "1")
    ok = True
    try:
        for path in args.notebooks:
            stem = os.path.splitext(os.path.basename(path))[0]
            result = execute(
                path,
                os.path.join(args.out_dir, stem + ".ipynb"),
                os.path.join(args.html_dir, stem + ".html") if args.html_dir else None,
                args,
                env,
                parent_pid,
            )
            print(json.dumps(result), flush=True)
            if result["failure"] is not None and result["failure"]["ename"] == "NotebookUnreadable":
                print(result["failure"]["evalue"], file=sys.stderr, flush=True)
            if result["failure"] is not None:
                ok = False
                break
    except Interrupted as stop:
        print(f"Notebook execution {stop}; the kernel was shut down.", file=sys.stderr, flush=True)
        sys.exit(128 + int(stop.signum))
    except BrokenPipeError:
        sys.exit(128 + int(signal.SIGPIPE))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
