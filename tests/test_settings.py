"""Settings are checked where they are made: Options and Limits refuse what cannot run (UsageError, exit 2)."""

from __future__ import annotations

import pytest

from extractor.pipeline import Options
from parsers.guard import Limits
from selfeval.errors import UsageError
from tests.conftest import SEED, run_cli


@pytest.mark.parametrize(("settings", "says"), [
    ({"jobs": 0}, "at least 1"), ({"jobs": 1.5}, "whole number"), ({"jobs": True}, "whole number"),
    ({"timeout": 0}, "more than 0"), ({"executor": "spark"}, "unknown executor 'spark'"),
    ({"executor": "dask"}, "needs --scheduler"), ({"scheduler": "tcp://h:8786"}, "only for --executor dask"),
])
def test_options_refuse(settings: dict, says: str) -> None:
    with pytest.raises(UsageError, match=says):
        Options(**settings)


def test_options_accept_what_runs() -> None:
    assert Options(jobs=4, executor="dask", scheduler="tcp://h:8786").jobs == 4
    assert Options(timeout=None).executor == "local"


@pytest.mark.parametrize("name", ["max_size", "max_unzipped", "max_part", "max_ratio", "max_entries"])
def test_limits_refuse_zero(name: str) -> None:
    with pytest.raises(UsageError, match=name):
        Limits(**{name: 0})


@pytest.mark.parametrize("argv", [("-j", "0"), ("--scheduler", "tcp://h:8786"), ("--executor", "dask")])
def test_convert_exits_2_before_reading_anything(argv: tuple[str, ...], tmp_path, capsys) -> None:
    code, _ = run_cli("convert", str(SEED), "--out", str(tmp_path / "out"), *argv)
    assert code == 2 and "selfeval: " in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
