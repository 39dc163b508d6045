"""Hostile and broken input: refused before any parser sees it, with a specific error, and nothing lost."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from extractor import errors
from parsers.guard import Limits, check_zip
from parsers.intake import open_input
from parsers.sniff import describe, sniff
from tests.conftest import DATA, EXPECTED, SAMPLES, run_cli

BAD = DATA / "bad"
HOSTILE = BAD / "hostile"
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


@pytest.mark.parametrize("name", sorted(CASES))
def test_guard_refuses_before_any_parser(name: str) -> None:
    kind, error, words = CASES[name]
    data = ((HOSTILE if (HOSTILE / name).exists() else BAD) / name).read_bytes()
    assert sniff(data) == kind
    with pytest.raises(error) as caught:
        open_input(data, Path(name).suffix)
    assert words in str(caught.value)


def test_sniff_tells_types_from_bytes() -> None:
    assert sniff((HOSTILE / "truncated.pdf").read_bytes()) == "pdf"
    assert sniff((BAD / "random_bytes.txt").read_bytes()) == "binary"
    assert sniff(SEED.read_bytes()) == "txt"
    assert sniff("<!DOCTYPE html><html><body><table></table></body></html>".encode("utf-16")) == "html"
    assert sniff(b"{\\rtf1\\ansi hello}") == "rtf"


def test_plain_html_doctypes_pass_the_guard() -> None:
    page = (b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
            b'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n<html><body><p>x</p></body></html>')
    assert open_input(page, ".html").format == "html"  # a DOCTYPE without an internal subset declares nothing


# what the name says -> what the bytes are -> how it is read (None: the suffix's own parser decides)
MISLABELLED = [
    (".txt", SAMPLES / "docx" / "000_fbae7522b0b69a6d.docx", "docx"),
    (".txt", SAMPLES / "xlsx" / "000_fbae7522b0b69a6d.xlsx", "xlsx"),
    (".txt", SAMPLES / "html" / "000_fbae7522b0b69a6d.html", "html"),
    (".pdf", SEED, "txt"),
    (".bin", SAMPLES / "docx" / "000_fbae7522b0b69a6d.docx", "docx"),
    (".docx", SAMPLES / "xlsx" / "000_fbae7522b0b69a6d.xlsx", None),  # the docx parser says what it is
    (".html", SEED, None),
]


@pytest.mark.parametrize(("suffix", "source", "read_as"), MISLABELLED, ids=lambda v: str(getattr(v, "name", v)))
def test_a_lying_extension_is_read_as_what_the_bytes_are(suffix: str, source: Path, read_as: str | None) -> None:
    intake = open_input(source.read_bytes(), suffix)
    if read_as is None:
        assert intake.mismatch is None and intake.format == suffix[1:]
    else:
        assert intake.format == read_as
        assert intake.mismatch == f"file named {suffix} is really {describe(read_as)} (by its bytes) and was read as {read_as}"


def test_legacy_and_unknown_containers_fail_clearly() -> None:
    ole2 = (HOSTILE / "legacy_word.doc").read_bytes()
    with pytest.raises(errors.UnsupportedFormatError, match="legacy binary Office file"):
        open_input(ole2, ".txt")
    with pytest.raises(errors.EncryptedFileError, match="password-protected"):
        open_input((BAD / "encrypted.docx").read_bytes(), ".txt")
    with pytest.raises(errors.MislabelledFileError, match="named .txt but is a zip archive"):
        open_input(_zip({"a.csv": b"1,2"}), ".txt")


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
    check_zip(big[: len(big) // 2], Limits())  # no zip directory, nothing to inflate: the parser says so


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


def test_a_batch_of_hostile_files_beside_a_good_form(tmp_path: Path, score) -> None:
    folder = tmp_path / "in"
    shutil.copytree(HOSTILE, folder)
    for name in ("empty.txt", "random_bytes.txt"):
        shutil.copy(BAD / name, folder / name)
    shutil.copy(SEED, folder / "000_fbae7522b0b69a6d.txt")
    shutil.copy(SAMPLES / "docx" / "000_fbae7522b0b69a6d.docx", folder / "mislabelled_form.txt")  # Word as .txt
    code, text = run_cli("convert", str(folder), "--out", str(tmp_path / "out"), "-j", "2")
    assert code == 1
    n_bad = len(list(HOSTILE.iterdir())) + 2
    assert text.splitlines()[-1] == f"{n_bad + 2} files: 2 ok, {n_bad} failed; 8 forms, 162 indicator rows"
    files = pd.read_parquet(tmp_path / "out" / "files.parquet").set_index("source_path")
    assert sorted(files.index) == sorted(p.name for p in folder.iterdir())  # every file accounted for
    failed = files[files.status == "failed"]
    assert failed.error.notna().all() and len(failed) == n_bad
    for name, (_kind, _error, words) in CASES.items():
        assert words in files.loc[name, "error"], name
    assert files.loc["random_bytes.txt", "error"].startswith("binary content, not text")
    assert files.loc["mislabelled_form.txt", ["status", "source_format"]].tolist() == ["ok", "docx"]
    assert files.loc["word_named_txt.txt", "error"].startswith(
        "file named .txt is really a Word document (.docx) (by its bytes) and was read as docx: ")

    summary, report = score(tmp_path / "out", EXPECTED, folder, only=r"^000_fbae7522b0b69a6d\.txt$")
    assert report["misses"] == [] and (summary["ok"], summary["perfect"]) == (summary["total"], 4)
    forms = pd.read_parquet(tmp_path / "out" / "forms.parquet").set_index("source_path")
    same = ["form_index", "project_name", "budget_current_yuan", "total_score", "notes"]
    assert forms.loc[["mislabelled_form.txt"], same].values.tolist() == \
        forms.loc[["000_fbae7522b0b69a6d.txt"], same].values.tolist()
    findings = pd.read_parquet(tmp_path / "out" / "findings.parquet")
    mismatch = findings[findings.rule == "format_mismatch"]
    assert len(mismatch) == 4
    assert set(mismatch.message) == {"file named .txt is really a Word document (.docx) (by its bytes) and was "
                                     "read as docx"}
