"""Archive scale: parallel runs equal serial ones, incremental runs, kills, time limits, Dask, SQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from extractor import pipeline
from tests.conftest import ROOT, SAMPLES, run_cli

SEED = SAMPLES / "txt" / "000_fbae7522b0b69a6d.txt"
TABLES = ("forms", "indicators", "funds", "findings", "files", "fields")


def make_corpus(folder: Path, n: int, start: int = 0) -> list[Path]:
    """n copies of the seed, each with a different sha256 (k trailing newlines)."""
    folder.mkdir(parents=True, exist_ok=True)
    data = SEED.read_bytes()
    paths = []
    for k in range(start, start + n):
        path = folder / f"form_{k:04d}.txt"
        path.write_bytes(data + b"\n" * (k + 1))
        paths.append(path)
    return paths


def table_bytes(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.glob("*.parquet/*.parquet"))}


def table(out: Path, name: str) -> pd.DataFrame:
    """A table's rows in a canonical order (incremental runs may put rows in other parts)."""
    frame = pd.read_parquet(out / f"{name}.parquet")
    keys = [c for c in ("source_path", "form_id", "row_index", "line", "rule") if c in frame.columns]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    make_corpus(tmp_path / "in", 7)
    return tmp_path / "in"


def test_parallel_run_writes_the_same_bytes_as_serial(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "CHUNK_FILES", 3)  # several parts per table
    for jobs in ("1", "2"):
        code, out = run_cli("convert", str(corpus), "--out", str(tmp_path / f"j{jobs}"), "-j", jobs)
        assert code == 0
        assert out.splitlines()[-1] == "7 files: 7 ok, 0 failed; 28 forms, 567 indicator rows"
    serial = table_bytes(tmp_path / "j1")
    assert len(serial) == len(TABLES) * 3
    assert serial == table_bytes(tmp_path / "j2")
    for name in TABLES:
        frame = pd.read_parquet(tmp_path / "j2" / f"{name}.parquet")
        assert len(frame) == {"forms": 28, "indicators": 567, "files": 7}.get(name, len(frame))


def test_incremental_runs_skip_replace_and_add(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("convert", str(corpus), "--out", str(out))[0] == 0
    first = {name: table(out, name) for name in TABLES}
    parts_before = table_bytes(out)

    code, text = run_cli("convert", str(corpus), "--out", str(out))
    assert (code, text.splitlines()[-1]) == (0, "7 files: 0 ok, 0 failed, 7 skipped; 28 forms, 567 indicator rows")
    assert table_bytes(out) == parts_before  # nothing rewritten

    changed = corpus / "form_0002.txt"
    old_sha = first["files"].set_index("source_path").loc["form_0002.txt", "source_sha256"]
    changed.write_bytes(changed.read_bytes() + b"\n\n\n\n\n\n\n\n\n\n\n\n")  # new bytes, same forms
    make_corpus(corpus, 1, start=20)  # a new file
    code, text = run_cli("convert", str(corpus), "--out", str(out))
    assert text.splitlines()[-1] == "8 files: 2 ok, 0 failed, 6 skipped; 32 forms, 648 indicator rows"
    files = table(out, "files")
    assert files.source_path.is_unique and len(files) == 8
    forms = table(out, "forms")
    assert forms.form_id.is_unique and len(forms) == 32
    assert not forms.form_id.str.startswith(old_sha[:16]).any()  # the changed file's old rows are gone
    assert files.set_index("source_path").loc["form_0002.txt", "source_sha256"] != old_sha
    assert table(out, "indicators").groupby("form_id").size().sum() == 648

    code, text = run_cli("convert", str(corpus), "--out", str(out), "--force")
    assert text.splitlines()[-1] == "8 files: 8 ok, 0 failed; 32 forms, 648 indicator rows"
    for name in TABLES:
        pd.testing.assert_frame_equal(table(out, name), _fresh(corpus, tmp_path / "fresh", name))


def _fresh(corpus: Path, out: Path, name: str) -> pd.DataFrame:
    if not out.exists():
        assert run_cli("convert", str(corpus), "--out", str(out))[0] == 0
    return table(out, name)


def test_same_bytes_under_two_names_give_one_set_of_forms(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED.read_bytes())
    (folder / "b_copy.txt").write_bytes(SEED.read_bytes())
    code, text = run_cli("convert", str(folder), "--out", str(tmp_path / "out"))
    assert text.splitlines()[-1] == "2 files: 1 ok, 0 failed, 1 skipped; 4 forms, 81 indicator rows"
    files = table(tmp_path / "out", "files")
    assert files[["source_path", "status", "n_forms"]].values.tolist() == [["a.txt", "ok", 4],
                                                                          ["b_copy.txt", "skipped", 0]]
    assert table(tmp_path / "out", "forms").form_id.is_unique


KILLED_RUN = """
import sys
from extractor import pipeline
from extractor.schema import TABLES
from extractor.cli import main
pipeline.CHUNK_FILES = 3
sys.exit(main(["convert", sys.argv[1], "--out", sys.argv[2], "-j", "1"]))
"""


def test_a_killed_run_leaves_readable_output_and_a_rerun_completes_it(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    make_corpus(corpus, 40)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-c", KILLED_RUN, str(corpus), str(out)], cwd=ROOT,
                            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (out / "files.parquet" / "part-000002.parquet").exists():
        assert proc.poll() is None and time.monotonic() < deadline, "the run ended before it could be killed"
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    files = table(out, "files")  # readable, and only whole chunks are in it
    assert 6 <= len(files) < 40 and len(files) % 3 == 0
    assert len(table(out, "forms")) == 4 * len(files)

    code, text = run_cli("convert", str(corpus), "--out", str(out))
    assert code == 0
    assert text.splitlines()[-1] == f"40 files: {40 - len(files)} ok, 0 failed, {len(files)} skipped; " \
                                    f"160 forms, 3240 indicator rows"
    for name in TABLES:
        pd.testing.assert_frame_equal(table(out, name), _fresh(corpus, tmp_path / "fresh", name))


def test_a_hanging_or_crashing_file_fails_alone(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    from tests.workers import convert_or_hang

    monkeypatch.setattr(pipeline, "work", convert_or_hang)
    (corpus / "hang.txt").write_bytes(SEED.read_bytes() + b"hang")
    (corpus / "crash.txt").write_bytes(SEED.read_bytes() + b"crash")
    code, text = run_cli("convert", str(corpus), "--out", str(tmp_path / "out"), "--timeout", "10", "-j", "2")
    assert code == 1
    assert text.splitlines()[-1] == "9 files: 7 ok, 2 failed; 28 forms, 567 indicator rows"
    files = table(tmp_path / "out", "files").set_index("source_path")
    assert files.loc["hang.txt", "error"] == "timed out after 10 s"
    assert files.loc["crash.txt", "error"] == "the worker process crashed: SIGSEGV (segmentation fault)"
    assert files.loc["hang.txt", "source_sha256"] is not None


def test_dask_local_cluster_writes_the_same_tables(corpus: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    assert run_cli("convert", str(corpus), "--out", str(tmp_path / "local"), "-j", "1")[0] == 0
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        code, text = run_cli("convert", str(corpus), "--out", str(tmp_path / "dask"), "--executor", "dask",
                             "--scheduler", cluster.scheduler_address)
    assert code == 0
    assert text.splitlines()[-1] == "7 files: 7 ok, 0 failed; 28 forms, 567 indicator rows"
    assert table_bytes(tmp_path / "dask") == table_bytes(tmp_path / "local")


def test_query_prints_and_writes_csv(corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("duckdb")
    out = tmp_path / "out"
    assert run_cli("convert", str(corpus), "--out", str(out))[0] == 0
    sql = ("SELECT f.source_path, count(*) AS n FROM forms f JOIN indicators i USING (form_id) "
           "GROUP BY 1 ORDER BY 1 LIMIT 2")
    code, text = run_cli("query", str(out), sql)
    assert code == 0
    assert text.split() == ["source_path", "n", "form_0000.txt", "81", "form_0001.txt", "81"]
    code, _ = run_cli("query", str(out), "SELECT status, count(*) AS n FROM files GROUP BY 1", "--csv",
                      str(tmp_path / "r.csv"))
    assert code == 0
    assert (tmp_path / "r.csv").read_text(encoding="utf-8").splitlines() == ["status,n", "ok,7"]
    assert run_cli("query", str(out), "SELECT nope FROM forms")[0] == 2


def test_progress_bar_shows_done_total_rate_and_eta() -> None:
    import io

    from extractor.progress import Progress

    stream = io.StringIO()
    bar = Progress(4, stream=stream, enabled=True)
    for _ in range(4):
        bar.advance()
    bar.close()
    last = stream.getvalue().split("\r")[-1]
    assert last.startswith("[" + "#" * 30 + "] 4/4 files ") and "files/s ETA 0:00:00" in last
    quiet = io.StringIO()  # not a terminal: nothing written
    Progress(4, stream=quiet).advance()
    assert quiet.getvalue() == ""
