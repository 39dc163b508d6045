"""Per-task functions for the executor tests: module-level, so spawned worker processes can import them."""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass

from extractor.pipeline import FileOutcome, Task, convert_file


@dataclass(frozen=True)
class Job:
    name: str
    done: object = None


def misbehave(job: Job) -> str:
    """Hang, crash or fail the way a parser on a malformed file can; else return the job's name."""
    if job.name == "hang":
        time.sleep(600)
    elif job.name == "segfault":
        os.kill(os.getpid(), signal.SIGSEGV)
    elif job.name == "exit":
        os._exit(3)
    elif job.name == "memory":
        raise MemoryError
    elif job.name == "hog":  # past the worker's memory cap: fails alone, the worker lives on
        return str(len(bytearray(3 << 30)))
    return job.name.upper()


def convert_or_hang(task: Task) -> FileOutcome:
    """pipeline.work, except that a file whose name starts with 'hang' loops forever and 'crash' segfaults."""
    if task.source.path.name.startswith("hang"):
        while True:
            time.sleep(1)
    if task.source.path.name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGSEGV)
    return convert_file(task.source, task.limits)
