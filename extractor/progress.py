"""A one-line progress bar on stderr (files done/total, rate, ETA), shown only on a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 30  # characters of the bar itself
EVERY = 0.2  # seconds between redraws


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.done = 0
        self.start = time.monotonic()
        self._drawn = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and (now - self._drawn >= EVERY or self.done == self.total):
            self._drawn = now
            self.stream.write("\r" + self.line(now - self.start))
            self.stream.flush()

    def line(self, elapsed: float) -> str:
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        filled = WIDTH * self.done // self.total if self.total else WIDTH
        return (f"[{'#' * filled}{'.' * (WIDTH - filled)}] {self.done}/{self.total} files "
                f"{rate:.1f} files/s ETA {_clock(left)} ")

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
