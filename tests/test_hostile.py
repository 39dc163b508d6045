"""Hostile and broken input: refused before any parser sees it, with a specific error, and nothing lost."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from parsers.guard import Limits, check_zip
from parsers.intake import open_input
from parsers.sniff import sniff
from selfeval import errors
from tests.conftest import DATA, EXPECTED, SAMPLES, run_cli

BAD = DATA / "bad"
SEED = SAMPLES / "txt" / "000_fbae7522b0b69a6d.txt"

# file -> (sniffed type, error class, words the message must hold)
CASES = {
    "zip_bomb.docx": ("docx", errors.HostileInputError, "zip bomb suspected: part word/document.xml declares 150.0 MB"),
    "zip_bomb.xlsx": ("xlsx", errors.HostileInputError, "zip bomb suspected: part xl/worksheets/sheet1.xml expands 1028:1"),
    "zip_bomb_lying_size.docx": ("docx", errors.CorruptFileError, "does not decompress to its declared size"),
    "entity_bomb.docx": ("docx", errors.HostileInputError, "word/document.xml declares a DOCTYPE or ENTITY"),
    "external_entity.xlsx": ("xlsx", errors.HostileInputError, "xl/workbook.xml declares a DOCTYPE or ENTITY"),
    "entity_bomb.html": ("html", errors.HostileInputError, "the page declares XML entities"),
    "external_entity.html": ("html", errors.HostileInputError, "the page declares XML entities"),
    "empty.txt": ("empty", errors.EmptyFileError, "empty file: 0 bytes"),
}


def test_a_word_file_named_txt_is_read_as_word() -> None:
    intake = open_input((BAD / "word_named_txt.txt").read_bytes(), ".txt")
    assert intake.format == "docx"
    assert intake.mismatch == "file named .txt is really a Word document (.docx) (by its bytes) and was read as docx"


def test_a_legacy_office_file_goes_to_libreoffice_only_under_its_own_name() -> None:
    data = (BAD / "legacy_word.doc").read_bytes()
    assert sniff(data) == "ole2"
    assert open_input(data, ".doc").format == "doc"
    with pytest.raises(errors.UnsupportedFormatError, match="reads only when named .doc/.wps/.xls/.et"):
        open_input(data, ".docx")


@pytest.mark.parametrize("name", sorted(CASES))
def test_guard_refuses_before_any_parser(name: str) -> None:
    kind, error, words = CASES[name]
    data = (BAD / name).read_bytes()
    assert sniff(data) == kind
    with pytest.raises(error) as caught:
        open_input(data, Path(name).suffix)
    assert words in str(caught.value)


def test_sniff_tells_types_from_bytes() -> None:
    assert sniff((BAD / "truncated.pdf").read_bytes()) == "pdf"
    assert sniff((BAD / "random_bytes.txt").read_bytes()) == "binary"
    assert sniff(SEED.read_bytes()) == "txt"
    assert sniff("<!DOCTYPE html><html><body><table></table></body></html>".encode("utf-16")) == "html"
    assert sniff(b"{\\rtf1\\ansi hello}") == "rtf"


def test_plain_html_doctypes_pass_the_guard() -> None:
    page = (b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
            b'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n<html><body><p>x</p></body></html>')
    assert open_input(page, ".html").format == "html"
    from parsers.guard import check_html
    check_html(page)  # no exception: a DOCTYPE without an internal subset declares no entity


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buf.getvalue()


def test_zip_limits_are_checked_on_declared_totals_and_entry_counts() -> None:
    many = _zip({f"word/p{i}.xml": b"<a/>" for i in range(30)})
    with pytest.raises(errors.HostileInputError, match="30 entries"):
        check_zip(many, Limits(max_entries=20))
    big = _zip({"a.xml": b"<a>" + b"1" * 3000 + b"</a>", "b.xml": b"<b>" + b"2" * 3000 + b"</b>"})
    with pytest.raises(errors.HostileInputError, match="parts declare"):
        check_zip(big, Limits(max_unzipped=4000))
    check_zip(big, Limits())  # an ordinary package passes
    with pytest.raises(errors.CorruptFileError, match="truncated or damaged: its zip directory"):
        check_zip(big[: len(big) // 2], Limits())


def test_oversized_file_fails_with_the_limit(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "big.txt")
    code, text = run_cli("convert", str(folder), "--out", str(tmp_path / "out"), "--max-size", "0.01")
    assert (code, text.splitlines()[-1]) == (1, "1 files: 0 ok, 1 failed; 0 forms, 0 indicator rows")
    files = pd.read_parquet(tmp_path / "out" / "files.parquet")
    assert files.error.tolist() == ["file is 41.3 KB, over the 10.2 KB size limit (raise it with --max-size)"]


def test_unreadable_files_are_listed_not_lost(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    expected = {"gone.txt": "cannot read the file: No such file or directory"}
    if os.geteuid() != 0:  # root reads whatever the permissions say
        locked = folder / "locked.txt"
        shutil.copy(SEED, locked)
        locked.chmod(0)
        expected["locked.txt"] = "cannot read the file: Permission denied"
    code, _ = run_cli("convert", str(folder), "--out", str(tmp_path / "out"))
    files = pd.read_parquet(tmp_path / "out" / "files.parquet")
    assert code == 1
    assert dict(zip(files.source_path, files.error, strict=True)) == expected


# the hostile files of the batch, each failing alone
HOSTILE_BATCH = ("zip_bomb.docx", "zip_bomb.xlsx", "entity_bomb.docx", "entity_bomb.html", "external_entity.html",
                 "external_entity.xlsx", "truncated.pdf", "random_bytes.txt", "empty.txt", "word_named_txt.txt")


def test_a_batch_of_hostile_files_beside_a_good_form(tmp_path: Path, score) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in HOSTILE_BATCH:
        shutil.copy(BAD / name, folder / name)
    shutil.copy(SEED, folder / "000_fbae7522b0b69a6d.txt")
    (folder / "mislabelled_form.pdf").write_bytes(SEED.read_bytes() + b"\n")  # a text dump named .pdf
    code, text = run_cli("convert", str(folder), "--out", str(tmp_path / "out"), "-j", "2")
    assert code == 1
    n_bad = len(HOSTILE_BATCH)
    assert text.splitlines()[-1] == f"{n_bad + 2} files: 2 ok, {n_bad} failed; 8 forms, 162 indicator rows"
    files = pd.read_parquet(tmp_path / "out" / "files.parquet").set_index("source_path")
    assert sorted(files.index) == sorted(p.name for p in folder.iterdir())  # every file accounted for
    failed = files[files.status == "failed"]
    assert failed.error.notna().all() and len(failed) == n_bad
    for name, (_kind, _error, words) in CASES.items():
        if name in HOSTILE_BATCH:
            assert words in files.loc[name, "error"], name
    assert files.loc["random_bytes.txt", "error"].startswith("binary content, not text")
    assert files.loc["mislabelled_form.pdf", ["status", "source_format"]].tolist() == ["ok", "txt"]

    summary, report = score(tmp_path / "out", EXPECTED, folder, only=r"^000_fbae7522b0b69a6d\.txt$")
    assert report["misses"] == [] and (summary["ok"], summary["perfect"]) == (summary["total"], 4)
    forms = pd.read_parquet(tmp_path / "out" / "forms.parquet").set_index("source_path")
    same = ["form_index", "project_name", "budget_current_yuan", "total_score", "notes"]
    assert forms.loc[["mislabelled_form.pdf"], same].values.tolist() == \
        forms.loc[["000_fbae7522b0b69a6d.txt"], same].values.tolist()
    findings = pd.read_parquet(tmp_path / "out" / "findings.parquet")
    mismatch = findings[findings.rule == "format_mismatch"]
    assert len(mismatch) == 4
    assert set(mismatch.message) == {"file named .pdf is really plain text (by its bytes) and was read as txt"}
