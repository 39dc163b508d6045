"""Archives hold every encoding: each re-encoding of the seed gives the same rows."""

from __future__ import annotations

import codecs
from pathlib import Path

import pandas as pd
import pytest

from parsers.encoding import decode_text
from selfeval.errors import BinaryContentError, EmptyFileError, EncodingError
from tests.conftest import EXPECTED, SAMPLES, run_cli

SEED = SAMPLES / "txt" / "000_fbae7522b0b69a6d.txt"
ID_COLUMNS = ["form_id", "source_sha256", "source_path"]

ENCODINGS = {
    "gb18030": lambda t: t.encode("gb18030"),
    "gbk": lambda t: t.encode("gbk"),
    "utf-8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-16-le-bom": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf-16-le-no-bom": lambda t: t.encode("utf-16-le"),
    "crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "gb18030-crlf": lambda t: t.replace("\n", "\r\n").encode("gb18030"),
}


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    tables = {}
    for name in ("forms", "indicators", "findings"):
        df = pd.read_parquet(out / f"{name}.parquet")
        tables[name] = df.drop(columns=[c for c in ID_COLUMNS if c in df.columns]).reset_index(drop=True)
    return tables


@pytest.fixture(scope="module")
def utf8_tables(tmp_path_factory) -> dict[str, pd.DataFrame]:
    out = tmp_path_factory.mktemp("utf8")
    assert run_cli("convert", str(SEED), "--out", str(out))[0] == 0
    return _tables(out)


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_reencoded_seed_gives_identical_rows(encoding: str, utf8_tables, tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    copy = tmp_path / "in" / SEED.name
    copy.parent.mkdir()
    copy.write_bytes(ENCODINGS[encoding](text))
    code, out = run_cli("convert", str(copy), "--out", str(tmp_path / "out"))
    assert code == 0, out
    for name, df in _tables(tmp_path / "out").items():
        pd.testing.assert_frame_equal(df, utf8_tables[name], obj=f"{encoding} {name}")


def test_gb18030_copy_scores_100_percent(score, tmp_path: Path) -> None:
    copy = tmp_path / "in" / SEED.name
    copy.parent.mkdir()
    copy.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    assert run_cli("convert", str(copy.parent), "--out", str(tmp_path / "out"))[0] == 0
    summary, report = score(tmp_path / "out", EXPECTED, copy.parent)
    assert report["misses"] == [] and summary["perfect"] == 4


@pytest.mark.parametrize(("data", "encoding"), [
    ("项目名称".encode(), "utf-8"),
    ("项目名称".encode("gb18030"), "gb18030"),
    (codecs.BOM_UTF8 + "项目".encode(), "utf-8"),
    (codecs.BOM_UTF16_LE + "项目".encode("utf-16-le"), "utf-16-le"),
    (codecs.BOM_UTF16_BE + "项目".encode("utf-16-be"), "utf-16-be"),
    ("项目名称：上海".encode("utf-16-be"), "utf-16-be"),
])
def test_decode_text_detects_encoding(data: bytes, encoding: str) -> None:
    assert decode_text(data)[1] == encoding


@pytest.mark.parametrize(("data", "error", "words"), [
    (b"", EmptyFileError, "0 bytes"),
    (b" \r\n\t", EmptyFileError, "only whitespace"),
    (b"abc\x00def", BinaryContentError, "NUL byte"),
    (bytes(range(1, 32)) * 20, BinaryContentError, "control bytes"),
    ("café crème brûlée déjà vu".encode("latin-1"), EncodingError, "cannot determine the encoding"),
    (codecs.BOM_UTF8 + b"\xff\xfe\xfd", EncodingError, "byte-order mark"),
])
def test_decode_text_refuses_what_it_cannot_read(data: bytes, error: type, words: str) -> None:
    with pytest.raises(error, match=words):
        decode_text(data)
