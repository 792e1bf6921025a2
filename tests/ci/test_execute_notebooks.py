"""Unit tests of .ci/execute_notebooks.py that need no kernel: output capping, message routing, error naming,
notebook reading and the process-tree walk. Run by tests/ci/executor_python_test.ts
(`/usr/bin/python3 -m unittest discover -s tests/ci -p 'test_*.py'`)."""
import importlib.util
import json
import os
import pathlib
import tempfile
import unittest

HERE = pathlib.Path(__file__).resolve().parent
SPEC = importlib.util.spec_from_file_location("execute_notebooks", HERE.parent.parent / ".ci" / "execute_notebooks.py")
ex = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(ex)

import nbformat  # noqa: E402 - after the executor module, which needs it too


def msg(kind, content, parent="cell-1"):
    return {"msg_type": kind, "content": content, "parent_header": {"msg_id": parent}, "header": {"msg_type": kind},
            "metadata": {}}


def sink(limit_chars=1000, image_limit_chars=None):
    cell = nbformat.v4.new_code_cell("x")
    s = ex.CellSink(cell, {"cell": 1, "code_cell": 1}, {}, limit_chars, "--max-output-kb 1", image_limit_chars)
    s.msg_id = "cell-1"
    return s


class CappedTextTest(unittest.TestCase):
    def test_short_text_is_kept_whole(self):
        t = ex.CappedText(100, "--max-output-kb 1")
        for chunk in ["a\n", "b\n", "c"]:
            t.append(chunk)
        self.assertEqual(t.value(), "a\nb\nc")
        self.assertFalse(t.truncated)

    def test_long_text_keeps_head_and_tail_at_line_ends_with_a_note(self):
        t = ex.CappedText(100, "--max-output-kb 1")
        lines = [f"line {i:03d}\n" for i in range(100)]  # 9 characters each, 900 in all
        for line in lines:
            t.append(line)
        value = t.value()
        self.assertTrue(t.truncated)
        head, note, tail = value.split("\n[", 1)[0], value.split("[", 1)[1].split("]\n", 1)[0], value.split("]\n")[1]
        self.assertTrue(value.startswith("line 000\n"))
        self.assertTrue(value.endswith("line 099\n"))
        self.assertLessEqual(len(head), 50)
        self.assertLessEqual(len(tail), 50)
        # 900 characters, 100 lines; head and tail keep whole lines, the note counts the rest.
        kept = (len(head) + 1 + len(tail)) // 9
        self.assertIn(f"{100 - kept:,} lines", note)
        self.assertIn("this output has 100 lines (900 characters)", note)
        self.assertIn("--max-output-kb 1", note)

    def test_appending_is_linear(self):
        t = ex.CappedText(1000, "")
        for _ in range(200_000):  # quadratic joining would take minutes here
            t.append("0123456789\n")
        self.assertEqual(t.total_lines, 200_000)
        self.assertLess(len(t.value()), 1300)


class CapDataTest(unittest.TestCase):
    def test_an_image_over_the_image_limit_is_replaced_by_a_note(self):
        data = {"image/png": "A" * 5000, "image/svg+xml": "<svg/>", "text/plain": "[figure]"}
        self.assertTrue(ex.cap_data(data, 100_000, 4096))
        self.assertNotIn("image/png", data)
        self.assertEqual(data["image/svg+xml"], "<svg/>")
        self.assertRegex(data["text/plain"], r"^\[the notebook executor removed this output's image/png "
                                             r"\(4\.9 KiB > 4\.0 KiB, --max-image-kb 4\)\]\n\[figure\]$")

    def test_text_over_the_output_limit_is_removed_and_small_bundles_are_untouched(self):
        data = {"text/html": ["<p>", "x" * 200, "</p>"], "text/plain": "t"}
        self.assertTrue(ex.cap_data(data, 100, 10_000))
        self.assertEqual(list(data), ["text/plain"])
        small = {"image/png": "AAAA", "text/html": "<b>b</b>", "application/json": {"a": 1}}
        self.assertFalse(ex.cap_data(dict(small), 100, 100))

    def test_the_sink_counts_a_capped_display(self):
        s = sink(limit_chars=100, image_limit_chars=100)
        s.add(msg("display_data", {"data": {"image/png": "A" * 1000, "text/plain": "p"}, "metadata": {}}))
        self.assertEqual(s.truncated, 1)
        self.assertNotIn("image/png", s.cell.outputs[0]["data"])


class ThrownValueTest(unittest.TestCase):
    def test_non_error_throws_are_named(self):
        ename, evalue, tb = ex.thrown_value("Error", "null", [""])
        self.assertEqual(ename, "NonErrorThrown")
        self.assertTrue(evalue.startswith("undefined or null was thrown"))
        self.assertEqual(tb, [f"NonErrorThrown: {evalue}"])
        self.assertIn("'5'", ex.thrown_value("Error", "5", [])[1])

    def test_real_errors_are_left_alone(self):
        args = ("RangeError", "boom", ["RangeError: boom", "    at <anonymous>:1:7"])
        self.assertEqual(ex.thrown_value(*args), args)
        plain = ("Error", "boom", ["Error: boom", "    at <anonymous>:1:7"])
        self.assertEqual(ex.thrown_value(*plain), plain)


class RoutingTest(unittest.TestCase):
    def setUp(self):
        self.ex = ex.Executor("deno", ".", {}, 10.0, os.getppid())
        self.sink = sink()
        self.ex.sinks["cell-1"] = self.sink
        self.ex.sinks["barrier-1"] = self.sink  # a barrier's messages belong to the cell before it

    def test_streams_merge_and_go_to_their_cell_by_parent_id(self):
        self.ex._route(msg("stream", {"name": "stdout", "text": "a\n"}))
        self.ex._route(msg("stream", {"name": "stdout", "text": "b\n"}, parent="barrier-1"))
        self.ex._route(msg("stream", {"name": "stderr", "text": "e\n"}))
        self.ex._route(msg("stream", {"name": "stdout", "text": "lost\n"}, parent="someone-else"))
        self.sink.finish()
        self.assertEqual([(o["name"], o["text"]) for o in self.sink.cell.outputs],
                         [("stdout", "a\nb\n"), ("stderr", "e\n")])

    def test_output_after_idle_is_kept_and_counted_late(self):
        self.ex._route(msg("status", {"execution_state": "idle"}))
        self.ex._route(msg("execute_result", {"data": {"text/plain": "1"}, "metadata": {}, "execution_count": 1}))
        self.assertEqual(self.ex.late, 1)
        self.assertEqual(len(self.sink.cell.outputs), 1)

    def test_sentinels_are_stripped_and_noted(self):
        token = "[notebook-executor barrier 0]"
        self.ex.sentinels[token] = {"stdout", "stderr"}
        self.ex._route(msg("stream", {"name": "stdout", "text": f"x\n{token}\n"}, parent="barrier-1"))
        self.ex._route(msg("stream", {"name": "stderr", "text": f"{token}\n"}, parent="barrier-1"))
        self.assertEqual(self.ex.sentinels[token], set())
        self.sink.finish()
        self.assertEqual([o["text"] for o in self.sink.cell.outputs], ["x\n"])

    def test_clear_output_wait_and_display_updates(self):
        self.ex._route(msg("stream", {"name": "stdout", "text": "old\n"}))
        self.ex._route(msg("clear_output", {"wait": True}))
        self.ex._route(msg("display_data", {"data": {"text/plain": "v1"}, "metadata": {},
                                            "transient": {"display_id": "d"}}))
        self.ex._route(msg("update_display_data", {"data": {"text/plain": "v2"}, "metadata": {},
                                                   "transient": {"display_id": "d"}}))
        self.assertEqual([o["data"]["text/plain"] for o in self.sink.cell.outputs], ["v2"])

    def test_an_error_output_names_a_non_error_throw(self):
        self.ex._route(msg("error", {"ename": "Error", "evalue": "null", "traceback": [""]}))
        self.assertEqual(self.sink.error["ename"], "NonErrorThrown")
        self.assertEqual(self.sink.cell.outputs[0]["ename"], "NonErrorThrown")


class ReadNotebookTest(unittest.TestCase):
    def read(self, content):
        with tempfile.NamedTemporaryFile("w", suffix=".ipynb", delete=False) as f:
            f.write(content)
        try:
            return ex.read_notebook(f.name), f.name
        except ex.NotebookUnreadable as error:
            return str(error), f.name
        finally:
            os.unlink(f.name)

    def test_unreadable_notebooks_give_one_line_naming_the_file(self):
        for content, reason in [("", "is empty (0 bytes)"), ("{", "is not valid JSON"),
                                ("[1]", "the JSON is not a notebook"),
                                ('{"cells": [{"cell_type": "nonsense"}]}', "is not a valid notebook")]:
            message, path = self.read(content)
            self.assertIsInstance(message, str, content)
            self.assertIn(path, message)
            self.assertIn(reason, message)
            self.assertNotIn("\n", message)

    def test_a_notebook_reads(self):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
        value, _ = self.read(json.dumps(nb))
        self.assertEqual(value.cells[0].source, "1")


class ProcessTreeTest(unittest.TestCase):
    def test_descendants_walks_a_fake_proc(self):
        with tempfile.TemporaryDirectory() as proc:
            # pid: (ppid, state, comm); comm with spaces and parentheses is split after its last ")".
            for pid, (ppid, state, comm) in {10: (1, "S", "python3"), 11: (10, "S", "deno"),
                                             12: (11, "S", "sleep (x) y"), 13: (10, "Z", "zombie"),
                                             14: (1, "S", "other"), 15: (12, "R", "sh")}.items():
                os.mkdir(os.path.join(proc, str(pid)))
                with open(os.path.join(proc, str(pid), "stat"), "w") as f:
                    f.write(f"{pid} ({comm}) {state} {ppid} 1 1 0 -1\n")
            os.mkdir(os.path.join(proc, "self"))
            table = ex.process_table(proc)
            self.assertEqual(table[12], (11, "S"))
            self.assertEqual(ex.descendants(10, table), [11, 13, 12, 15])
            self.assertEqual(ex.descendants(14, table), [])

    def test_the_real_table_holds_this_process(self):
        if not os.path.isdir("/proc/self"):
            self.skipTest("no /proc")
        table = ex.process_table()
        self.assertEqual(table[os.getpid()][0], os.getppid())


if __name__ == "__main__":
    unittest.main()
