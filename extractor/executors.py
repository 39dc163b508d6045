"""Run the per-file work: in this process, or in N worker processes that may hang or die.

`run_local(fn, tasks, jobs, timeout)` yields `(task, result)` in the order of
`tasks`.  A task whose `done` is set is yielded as is, without a worker.  With
jobs > 1 (or a timeout) each task goes to a worker process; a worker that
runs past the time limit is killed, a worker that dies (segfault, out of
memory, os._exit) is reported, and either way it is replaced and the batch goes
on: the task's result is then a `Crashed` saying why (a task queued behind it
goes to another worker).  Each worker holds its task and the next one
(`PREFETCH`), so it never waits for this process between files.  At most
`jobs * WINDOW` tasks are in flight or waiting to be yielded, so memory does not
grow with the number of tasks.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Protocol

try:
    import resource
except ImportError:  # not on Windows: workers run without a memory cap there
    resource = None

WINDOW = 32  # tasks in flight or waiting per worker: enough that one slow file never idles the others
# the garbage collector's thresholds in a worker: a PDF page makes ~10^5 short-lived objects, and
# the default (700, 10, 10) runs a collection every 700 of them (about a tenth of the CPU time)
WORKER_GC_THRESHOLDS = (20_000, 10, 10)
PREFETCH = 2  # tasks sent to a worker at once: the one it works on and the next
READY = "ready"  # what a new worker says once it can take a task
START_METHOD = "spawn"  # workers never inherit threads or locks of the parent (Dask, pyarrow)
# address space a worker may add to what it holds once started: a file that needs more fails alone
# with MemoryError instead of driving the machine into the OOM killer
WORKER_MEMORY = 640 << 20
# ... counted from at least this much held: a worker starts small (~30 MB: no pyarrow, pandas or
# numpy, which it loaded at start until 2026-12 and which hold ~0.35 GB), and a file that loads
# them (a scan: numpy, onnxruntime and the OCR models) keeps the room it had then
WORKER_START = 384 << 20


class Task(Protocol):
    done: Any  # a result known without doing the work, or None


@dataclass(frozen=True)
class Crashed:
    """A task whose worker timed out or died: the reason, readable."""

    reason: str


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(code).name
    except ValueError:
        return f"signal {code}"


def _exit_reason(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        hint = {signal.SIGSEGV: " (segmentation fault)", signal.SIGKILL: " (killed, often for using too "
                "much memory)", signal.SIGABRT: " (aborted)"}.get(-exitcode, "")
        return f"the worker process crashed: {_signal_name(-exitcode)}{hint}"
    return f"the worker process exited unexpectedly (exit code {exitcode})"


def _address_space() -> int | None:
    """The bytes of address space this process holds now (Linux), else None."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return None


def cap_memory(extra: int = WORKER_MEMORY) -> None:
    """Let this process grow by at most `extra` bytes of address space (RLIMIT_AS) past what it holds
    (or WORKER_START, if more), where the platform allows it: past that, allocations fail with
    MemoryError."""
    if resource is None or (now := _address_space()) is None:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    now = max(now, WORKER_START)
    limit = now + extra if hard == resource.RLIM_INFINITY else min(now + extra, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass  # not allowed here: the worker runs without a cap, as before


def _worker_main(conn: Connection, fn: Callable[[Any], Any]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    cap_memory()
    gc.freeze()  # the imported modules: never collected, so no collection walks them again
    gc.set_threshold(*WORKER_GC_THRESHOLDS)
    conn.send(READY)  # started and imported: a task's time limit counts from here on
    while True:
        message = conn.recv()
        if message is None:
            return
        index, task = message
        try:
            result = fn(task)
        except MemoryError:
            result = Crashed("out of memory: the file needs more than a worker's memory limit")
        except BaseException as exc:  # noqa: BLE001 - reported to the parent as this task's failure
            result = Crashed(f"the worker failed: {type(exc).__name__}: {exc}")
        try:
            conn.send((index, result))
        except (TypeError, ValueError, AttributeError) as exc:  # a result that cannot be pickled
            conn.send((index, Crashed(f"the worker could not return its result: {exc}")))


@dataclass
class _Worker:
    process: mp.process.BaseProcess
    conn: Connection
    queue: deque[tuple[int, Any]] = field(default_factory=deque)  # tasks sent; the first is being worked on
    started: float = 0.0  # when the first of `queue` began
    ready: bool = False


class _Pool:
    def __init__(self, fn: Callable[[Any], Any], jobs: int) -> None:
        self.fn = fn
        self.ctx = mp.get_context(START_METHOD)
        self.workers = [self._start() for _ in range(jobs)]

    def _start(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        process = self.ctx.Process(target=_worker_main, args=(child, self.fn), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def replace(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()
        at = next(i for i, w in enumerate(self.workers) if w is worker)
        self.workers[at] = self._start()

    def close(self) -> None:
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except (BrokenPipeError, OSError):
                pass  # already gone
        deadline = time.monotonic() + 5
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()


class InOrder:
    """Tasks read ahead from an iterable, and their results handed back in task order.

    `take()` reads one task: one whose `done` is set is its own result; any other is returned
    with its index, for the caller to run and `record`.  `ready()` yields the results that can go
    out in order.  `ahead` counts the tasks read and not yet yielded, which bounds memory.
    """

    def __init__(self, tasks: Iterable[Task]) -> None:
        self._source = iter(tasks)
        self._held: dict[int, Task] = {}
        self._results: dict[int, Any] = {}
        self._next_in = self._next_out = 0
        self.exhausted = False

    @property
    def ahead(self) -> int:
        return self._next_in - self._next_out

    @property
    def finished(self) -> bool:
        return self.exhausted and self._next_out == self._next_in

    def take(self) -> tuple[int, Task] | None:
        task = next(self._source, None)
        if task is None:
            self.exhausted = True
            return None
        index = self._next_in
        self._next_in += 1
        self._held[index] = task
        if task.done is not None:
            self._results[index] = task.done
            return None
        return index, task

    def record(self, index: int, result: Any) -> None:
        self._results[index] = result

    def ready(self) -> Iterator[tuple[Task, Any]]:
        while self._next_out in self._results:
            yield self._held.pop(self._next_out), self._results.pop(self._next_out)
            self._next_out += 1


def _in_this_process(fn: Callable[[Any], Any], tasks: Iterable[Task]) -> Iterator[tuple[Task, Any]]:
    for task in tasks:
        yield task, task.done if task.done is not None else fn(task)


def run_local(fn: Callable[[Any], Any], tasks: Iterable[Task], jobs: int,
              timeout: float | None) -> Iterator[tuple[Task, Any]]:
    """Yield (task, fn(task) or Crashed) in task order; see the module docstring."""
    if jobs <= 1 and not timeout:
        yield from _in_this_process(fn, tasks)
        return
    order = InOrder(tasks)
    pending: deque[tuple[int, Task]] = deque()  # read, not yet sent to a worker
    pool: _Pool | None = None
    try:
        while True:
            while not order.exhausted and order.ahead < max(jobs, 1) * WINDOW:
                if (item := order.take()) is not None:
                    pending.append(item)
            yield from order.ready()
            if order.finished:
                return
            if pending and pool is None:
                pool = _Pool(fn, jobs)
            if pool is None:
                continue
            for worker in list(pool.workers):
                while worker.ready and len(worker.queue) < PREFETCH and pending:
                    item = pending.popleft()
                    try:
                        worker.conn.send(item)
                    except (BrokenPipeError, ConnectionResetError):  # it died: its tasks go to a new one
                        pending.appendleft(item)
                        _lost(pool, worker, order, pending, _exit_reason(_exit_code(worker)))
                        break
                    if not worker.queue:
                        worker.started = time.monotonic()
                    worker.queue.append(item)
            _collect(pool, order, pending, timeout)
    finally:
        if pool is not None:
            pool.close()


def _collect(pool: _Pool, order: InOrder, pending: deque, timeout: float | None) -> None:
    """Wait for a result, a ready or dead worker, or a time limit, and record what happened."""
    watched = [w for w in pool.workers if w.queue or not w.ready]
    if not watched:
        return
    busy = [w for w in watched if w.queue]
    wait_for = None
    if timeout and busy:
        wait_for = max(0.0, min(w.started for w in busy) + timeout - time.monotonic())
    wait([w.conn for w in watched] + [w.process.sentinel for w in watched], wait_for)
    now = time.monotonic()
    for worker in watched:
        if worker.conn.poll():
            try:
                message = worker.conn.recv()
            except (EOFError, OSError):
                _lost(pool, worker, order, pending, _exit_reason(_exit_code(worker)))
                continue
            if message == READY:
                worker.ready = True
            else:
                got, result = message
                worker.queue.popleft()  # the worker answers its tasks in the order they were sent
                order.record(got, result)
                worker.started = now  # it goes straight on to the next one it holds
        elif not worker.process.is_alive():
            _lost(pool, worker, order, pending, _exit_reason(worker.process.exitcode))
        elif timeout and worker.queue and now - worker.started >= timeout:
            _lost(pool, worker, order, pending, f"timed out after {timeout:g} s")


def _lost(pool: _Pool, worker: _Worker, order: InOrder, pending: deque, reason: str) -> None:
    """A worker timed out or died: its task fails with `reason`, the tasks queued behind it go back to
    `pending`, and a new worker takes its place."""
    if not worker.queue and not worker.ready:
        raise RuntimeError(f"worker processes cannot start: {reason}")
    if worker.queue:
        index, _task = worker.queue.popleft()
        order.record(index, Crashed(reason))
        pending.extendleft(reversed(worker.queue))
        worker.queue.clear()
    pool.replace(worker)


def _exit_code(worker: _Worker) -> int | None:
    worker.process.join(1)
    return worker.process.exitcode
