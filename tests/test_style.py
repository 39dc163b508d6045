"""House rules that keep the code easy to see and to change."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("extractor", "parsers", "normalizers")
MAX_LINES = 400


def test_ruff_clean() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed (pip install 'selfeval[test]')")
    result = subprocess.run([ruff, "check", str(ROOT)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("package", PACKAGES)
def test_no_module_past_400_lines(package: str) -> None:
    long = {p.relative_to(ROOT).as_posix(): n for p in (ROOT / package).rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_no_grab_bag_utils() -> None:
    assert [p for p in ROOT.rglob("utils.py") if ".venv" not in p.parts] == []
