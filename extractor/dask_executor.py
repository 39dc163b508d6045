"""Run the per-file work on a Dask cluster (`convert --executor dask --scheduler ADDRESS`).

Same contract as `executors.run_local`: `(task, result)` pairs in task order,
tasks with `done` set are not sent, a failure is a `Crashed`.  The workers
must see the input files at the same paths (a shared file system); they
return records, and this process writes the tables, so the output is the
same as a local run.  As many tasks are in flight as the cluster has threads,
so a task starts about when it is submitted and the time limit is counted
from then; a task over the limit is cancelled and reported, but Dask cannot
stop a running thread, so that worker thread stays busy until the work ends.
A worker that dies is retried by Dask on another worker, and after Dask's
allowed failures the task is reported as crashed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from extractor.executors import Crashed, InOrder, Task
from selfeval.errors import MissingDependencyError


def _client(scheduler: str):
    try:
        from distributed import Client
    except ModuleNotFoundError as exc:
        raise MissingDependencyError("--executor dask needs the package 'distributed': "
                                     "pip install 'selfeval[dask]'") from exc
    return Client(scheduler, set_as_default=False)


def _result(future: Any) -> Any:
    if future.status == "finished":
        return future.result()
    if future.status == "cancelled":
        return Crashed("the Dask task was cancelled")
    exc = future.exception()
    if type(exc).__name__ == "KilledWorker":
        return Crashed(f"the file crashed its Dask worker(s): {exc}")
    return Crashed(f"the Dask task failed: {type(exc).__name__}: {exc}")


def run_dask(fn: Callable[[Any], Any], tasks: Iterable[Task], scheduler: str | None,
             timeout: float | None) -> Iterator[tuple[Task, Any]]:
    if not scheduler:
        raise ValueError("run_dask needs a scheduler address")
    client = _client(scheduler)
    try:
        window = max(1, sum(client.nthreads().values()))
        order = InOrder(tasks)
        running: dict[Any, tuple[int, float]] = {}  # future -> (task index, submitted at)
        finished = threading.Event()  # set by any future that completes
        while True:
            while not order.exhausted and len(running) < window and order.ahead < 4 * window:
                if (item := order.take()) is not None:
                    index, task = item
                    future = client.submit(fn, task, pure=False)
                    future.add_done_callback(lambda _future: finished.set())
                    running[future] = (index, time.monotonic())
            yield from order.ready()
            if order.finished:
                return
            if not running:
                continue
            wait_for = None
            if timeout:
                wait_for = max(0.01, min(t for _, t in running.values()) + timeout - time.monotonic())
            finished.wait(wait_for)  # a result, or a time limit is up
            finished.clear()
            now = time.monotonic()
            for future, (index, submitted) in list(running.items()):
                if future.done():
                    order.record(index, _result(future))
                    del running[future]
                elif timeout and now - submitted >= timeout:
                    future.cancel()
                    order.record(index, Crashed(f"timed out after {timeout:g} s"))
                    del running[future]
    finally:
        client.close()
