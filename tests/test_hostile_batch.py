"""Batch killers (issue 12): odd names, FIFOs and devices, memory bombs, a kill before the first
commit, and command lines that cannot run.  Each fails alone, with its row or a usage error."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from extractor.executors import Crashed, run_local
from extractor.pipeline import Options, discover
from extractor.schema import TABLES
from extractor.store import Store
from selfeval.errors import UsageError
from tests.conftest import EXPECTED, SAMPLES, run_cli
from tests.workers import Job, misbehave

SEED = SAMPLES / "txt" / "000_fbae7522b0b69a6d.txt"
NOT_REGULAR = "not a regular file: {}; only regular files are read"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_device_and_undecodable_name_beside_a_good_form(tmp_path: Path, score) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    os.mkfifo(folder / "pipe.docx")  # opening it for reading would wait for a writer forever
    (folder / "zero.txt").symlink_to("/dev/zero")  # reading it would never end
    name = os.fsdecode(b"gbk_\xb1\xa8\xb8\xe6.txt")  # 报告 in GBK: not UTF-8
    (folder / name).write_bytes(SEED.read_bytes() + b"\n")
    fifo_argument = tmp_path / "argument.fifo"
    os.mkfifo(fifo_argument)
    code, text = run_cli("convert", str(folder), str(fifo_argument), "--out", str(tmp_path / "out"),
                         "-j", "2", "--timeout", "20")
    assert (code, text.splitlines()[-1]) == (1, "5 files: 2 ok, 3 failed; 8 forms, 162 indicator rows")
    files = pd.read_parquet(tmp_path / "out" / "files.parquet").set_index("source_path")
    assert files.error.dropna().to_dict() == {
        "pipe.docx": NOT_REGULAR.format("a FIFO (named pipe)"),
        "zero.txt": NOT_REGULAR.format("a character device"),
        str(fifo_argument): NOT_REGULAR.format("a FIFO (named pipe)"),
    }
    assert files.loc["gbk_\\xb1\\xa8\\xb8\\xe6.txt", "status"] == "ok"  # kept, its bytes written as escapes
    summary, report = score(tmp_path / "out", EXPECTED, folder, only=r"^000_fbae7522b0b69a6d\.txt$")
    assert report["misses"] == [] and summary["ok"] == summary["total"]


def test_paths_are_absolute_before_they_travel(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "in").mkdir()
    shutil.copy(SEED, tmp_path / "in" / "a.txt")
    monkeypatch.chdir(tmp_path)
    found = discover(["in", "in/a.txt"])
    assert [f.display for f in found] == ["a.txt", "in/a.txt"]
    assert all(f.path.is_absolute() and f.path == tmp_path / "in" / "a.txt" for f in found)


@pytest.mark.parametrize(("args", "words"), [
    (["-j", "0"], "--jobs must be a whole number of at least 1, got 0"),
    (["-j", "-3"], "--jobs must be a whole number of at least 1, got -3"),
    (["--scheduler", "tcp://localhost:8786"], "--scheduler is only for --executor dask"),
    (["--executor", "dask"], "--executor dask needs --scheduler ADDRESS"),
])
def test_options_that_cannot_run_are_usage_errors(tmp_path: Path, args: list[str], words: str, capsys) -> None:
    code, _ = run_cli("convert", str(SEED), "--out", str(tmp_path / "out"), *args)
    assert code == 2
    assert words in capsys.readouterr().err
    assert not (tmp_path / "out").exists()  # refused before anything is written


def test_unknown_executor_is_refused_by_the_options_too() -> None:
    with pytest.raises(UsageError, match="unknown executor 'ray'"):
        Options(executor="ray")
    with pytest.raises(UsageError, match="--timeout must be more than 0"):
        Options(timeout=0)


def test_a_worker_past_its_memory_cap_fails_alone() -> None:
    got = dict((job.name, result) for job, result in run_local(misbehave, [Job("hog"), Job("ok")], 2, 60))
    assert got == {"hog": Crashed("out of memory: the file needs more than a worker's memory limit"), "ok": "OK"}


def test_a_store_killed_before_its_first_commit_still_reads_with_columns(tmp_path: Path) -> None:
    Store(tmp_path / "out")  # created, then killed before any chunk is committed
    for name, schema in TABLES.items():
        frame = pd.read_parquet(tmp_path / "out" / f"{name}.parquet")
        assert (len(frame), list(frame.columns)) == (0, schema.names)
    code, _ = run_cli("convert", str(SEED), "--out", str(tmp_path / "out"))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "out" / "files.parquet").iterdir()) == ["part-000001.parquet"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_every_hostile_sample_in_one_batch_beside_a_good_form(tmp_path: Path, score) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    samples = sorted((SAMPLES.parent / "tests" / "data" / "hostile").iterdir())
    for path in samples:
        shutil.copy(path, folder / path.name)
    shutil.copy(SEED, folder / SEED.name)
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.xlsx").symlink_to("/dev/zero")
    (folder / os.fsdecode(b"\xff\xfe.docx")).write_bytes(samples[0].read_bytes())
    code, _ = run_cli("convert", str(folder), "--out", str(tmp_path / "out"), "-j", "2", "--timeout", "20")
    assert code == 1
    files = pd.read_parquet(tmp_path / "out" / "files.parquet")
    assert len(files) == len(samples) + 4 and files.source_path.is_unique
    assert not files.error.fillna("").str.contains("internal error|worker").any()
    summary, report = score(tmp_path / "out", EXPECTED, folder, only=r"^000_fbae7522b0b69a6d\.txt$")
    assert report["misses"] == [] and summary["ok"] == summary["total"]
