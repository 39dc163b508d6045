"""House rules that keep the code easy to see and to change."""

from __future__ import annotations

import ast
import re
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


def import_graph() -> dict[str, set[str]]:
    """module -> the project modules it imports (at the top or inside a function)."""
    modules = {}
    for package in (*PACKAGES, "selfeval"):
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            modules[name] = path
    graph = {}
    for name, path in modules.items():
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                deps |= {f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module
                         for a in node.names} & set(modules)
            elif isinstance(node, ast.Import):
                deps |= {a.name for a in node.names} & set(modules)
        graph[name] = deps - {name}
    return graph


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every circle of imports, one per strongly connected group of modules (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = [stack.pop()]
            while group[-1] != v:
                group.append(stack.pop())
            if len(group) > 1:
                circles.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return circles


def test_no_import_circles() -> None:
    assert import_circles(import_graph()) == []


def test_import_circles_are_found() -> None:
    assert import_circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


WRITTEN_ELSEWHERE = {"docs/pdf.md", "docs/ocr.md", "docs/hostile.md"}  # other branches write these pages


def test_readme_is_short_and_its_links_resolve() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150
    links = set(re.findall(r"\]\(([^)#]+)", readme))
    assert {"docs/contract.md", "docs/formats.md", "docs/findings.md"} <= links
    assert [link for link in links - WRITTEN_ELSEWHERE if not (ROOT / link).exists()] == []


def test_readme_commands_are_the_ones_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    test_command = next(line for line in ci if line.startswith("python3 -m venv"))  # then the slow suites
    assert test_command in readme
    assert 'python3 -m venv .venv && .venv/bin/pip install -q -e ".[all]" && .venv/bin/selfeval convert samples ' \
           "--out output" in readme
