#!/usr/bin/env python3
"""Fuzz `selfeval convert` with mutants of the sample files (issue 12).

    python benchmarks/fuzz.py [-n 150] [--seed 12] [--formats txt,html,docx,xlsx,pdf] [--keep DIR] [--json FILE]

For each format, N mutants of samples/<format>/* (tools/mutate.py) go into one
folder, converted with `convert -j 2 --timeout 20`; the worker processes' peak
memory is sampled meanwhile.  Reported per format: mutants, rows written,
internal errors, hangs (timed out), worker crashes, out of memory, the peak
worker RSS and the wall time; each internal error is listed with its mutation.
Exits 1 when a file has no row or says 'internal error'.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.mutate import mutate  # noqa: E402 - after the path is set

FORMATS = ("txt", "html", "docx", "xlsx", "pdf")
MB = 1 << 20


def make_mutants(fmt: str, n: int, seed: int, folder: Path) -> dict[str, str]:
    """N mutants of the format's samples in `folder`; file name -> what was done to it."""
    rng = random.Random(f"{seed}:{fmt}")
    samples = sorted((ROOT / "samples" / fmt).glob(f"*.{fmt}"))
    folder.mkdir(parents=True, exist_ok=True)
    done = {}
    for k in range(n):
        source = rng.choice(samples)
        how, data = mutate(source.read_bytes(), fmt, rng)
        name = f"{k:04d}.{fmt}"
        (folder / name).write_bytes(data)
        done[name] = f"{how} of {source.name}"
    return done


class PeakMemory(threading.Thread):
    """The largest RSS any child of `pid` reaches, sampled every 50 ms."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.peak = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.05):
            try:
                children = self.root.children(recursive=True)
            except psutil.Error:
                return
            for child in children:
                try:
                    self.peak = max(self.peak, child.memory_info().rss)
                except psutil.Error:
                    pass


def run_format(fmt: str, n: int, seed: int, work: Path) -> dict:
    folder, out = work / fmt, work / f"out-{fmt}"
    done = make_mutants(fmt, n, seed, folder)
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "extractor", "convert", str(folder), "--out", str(out),
                                "-j", "2", "--timeout", "20"], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    sampler = PeakMemory(process.pid)
    sampler.start()
    code = process.wait()
    sampler.stop.set()
    sampler.join()
    files = pd.read_parquet(out / "files.parquet")
    errors = files.error.fillna("")
    internal = files[errors.str.contains("internal error")]
    return {
        "format": fmt, "mutants": n, "rows": len(files), "exit_code": code,
        "ok": int((files.status == "ok").sum()),
        "internal_errors": len(internal),
        "hangs": int(errors.str.contains("timed out").sum()),
        "crashes": int(errors.str.contains("worker process crashed|worker process exited").sum()),
        "out_of_memory": int(errors.str.contains("out of memory").sum()),
        "peak_worker_mb": round(sampler.peak / MB),
        "seconds": round(time.monotonic() - started, 1),
        "internal": [f"{p} ({done.get(p)}): {e}" for p, e in zip(internal.source_path, internal.error, strict=True)],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("-n", type=int, default=150, help="mutants per format (default 150)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--keep", type=Path, help="write the mutants and outputs here (default: a temp folder)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        results = [run_format(fmt, args.n, args.seed, work) for fmt in args.formats.split(",")]
    print(f"{'format':8}{'mutants':>8}{'rows':>6}{'ok':>5}{'internal':>9}{'hangs':>6}{'crashes':>8}"
          f"{'oom':>5}{'peak MB':>8}{'s':>7}")
    for r in results:
        print(f"{r['format']:8}{r['mutants']:>8}{r['rows']:>6}{r['ok']:>5}{r['internal_errors']:>9}{r['hangs']:>6}"
              f"{r['crashes']:>8}{r['out_of_memory']:>5}{r['peak_worker_mb']:>8}{r['seconds']:>7}")
    for r in results:
        for line in r["internal"]:
            print(f"internal error: {r['format']}/{line}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    bad = any(r["internal_errors"] or r["rows"] != r["mutants"] for r in results)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
