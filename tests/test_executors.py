"""Worker processes: results in input order, and a hung or crashed worker fails its task alone."""

from __future__ import annotations

import pytest

from extractor.executors import Crashed, run_local
from tests.workers import Job, misbehave


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_come_in_input_order(jobs: int) -> None:
    names = [f"f{i}" for i in range(12)]
    got = [(task.name, result) for task, result in run_local(misbehave, [Job(n) for n in names], jobs, 30)]
    assert got == [(n, n.upper()) for n in names]


def test_done_tasks_are_not_sent_to_workers() -> None:
    tasks = [Job("a"), Job("hang", done="SKIPPED"), Job("b")]
    assert [r for _t, r in run_local(misbehave, tasks, 2, 30)] == ["A", "SKIPPED", "B"]


def test_hangs_and_crashes_fail_alone_and_the_batch_goes_on() -> None:
    names = ["a", "hang", "b", "segfault", "c", "exit", "d", "memory", "e"]
    results = dict((t.name, r) for t, r in run_local(misbehave, [Job(n) for n in names], 2, 6))
    assert results["hang"] == Crashed("timed out after 6 s")
    assert results["segfault"] == Crashed("the worker process crashed: SIGSEGV (segmentation fault)")
    assert results["exit"] == Crashed("the worker process exited unexpectedly (exit code 3)")
    assert results["memory"] == Crashed("out of memory: the file needs more than a worker's memory limit")
    assert [results[n] for n in "abcde"] == list("ABCDE")


def test_tasks_queued_behind_a_bad_one_are_not_blamed_for_it() -> None:
    """One worker holds a task and the next: when the first hangs or kills the worker, the next one
    is run by the new worker, and gets its own full time limit."""
    names = ["hang", "a", "segfault", "b", "exit", "c"]
    results = [(t.name, r) for t, r in run_local(misbehave, [Job(n) for n in names], 1, 3)]
    assert results == [("hang", Crashed("timed out after 3 s")), ("a", "A"),
                       ("segfault", Crashed("the worker process crashed: SIGSEGV (segmentation fault)")),
                       ("b", "B"), ("exit", Crashed("the worker process exited unexpectedly (exit code 3)")),
                       ("c", "C")]


def test_a_worker_loads_neither_pyarrow_nor_pandas() -> None:
    """A spawned worker imports the main module again (the `selfeval` script: extractor.cli) and the
    pipeline; loading pyarrow and pandas there cost each worker ~0.3 s of CPU and ~0.3 GB at start."""
    import subprocess
    import sys

    code = ("import sys, extractor.cli, extractor.pipeline, parsers.pdf_pdfium\n"
            "print(sorted(m for m in ('pyarrow', 'pandas', 'numpy') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
