"""House rules of the package: no data ids in the code, the layering of subpackages, module sizes,
`__all__` in public modules, return annotations on `draw_*` functions."""

from __future__ import annotations

import ast
import csv
import re
from pathlib import Path

import pytest
from conftest import DATA, REPO

PACKAGE = REPO / "conflictbook"
MODULES = sorted(PACKAGE.rglob("*.py"))
ASSETS = sorted(
    p for p in (PACKAGE / "widgets" / "assets").rglob("*") if p.suffix in (".html", ".js", ".css")
)
ID_TABLES = {
    "actors": "actor_id",
    "places": "place_id",
    "sources": "source_id",
    "periods": "period_id",
}
MAX_LINES = 400

# subpackage -> subpackages of conflictbook it may import (None: anything)
LAYERS = {
    "data": {"data"},
    "analysis": {"data", "analysis"},
    "io": {"data", "analysis", "io"},
    "figures": {"data", "analysis", "figures"},
    "widgets": {"data", "analysis", "figures", "widgets"},
    "publish": None,
}


def rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def data_ids(data: Path = DATA) -> set[str]:
    """Actor, place, source and period ids of the data package (of length >= 5)."""
    found = set()
    for table, column in ID_TABLES.items():
        with open(data / f"{table}.csv", encoding="utf-8-sig", newline="") as fh:
            found |= {r[column] for r in csv.DictReader(fh) if len(r[column]) >= 5}
    return found


def string_literals(path: Path):
    """(line, value) of every string constant of a module, docstrings included."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def asset_literals(path: Path):
    """(line, value) of every quoted string of an html/js asset."""
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for match in re.finditer(r"\"([^\"\\]*)\"|'([^'\\]*)'|`([^`\\]*)`", line):
            yield line_no, next(g for g in match.groups() if g is not None)


def test_no_data_id_is_a_string_literal_in_the_package():
    """Ids of the data pointed at, and of this book's data/ when it is there (the code must hold
    for both)."""
    ids = data_ids() | (
        data_ids(REPO / "data") if (REPO / "data" / "actors.csv").is_file() else set()
    )
    assert ids, "no ids read from the data package"
    pattern = re.compile(
        r"\b(" + "|".join(map(re.escape, sorted(ids, key=len, reverse=True))) + r")\b"
    )
    found = []
    for path in MODULES + ASSETS:
        literals = string_literals(path) if path.suffix == ".py" else asset_literals(path)
        for line, value in literals:
            for match in pattern.finditer(value):
                found.append(f"{rel(path)}:{line}: {match.group(1)!r} in {value[:60]!r}")
    assert not found, "data ids written into the code (take them from the data):\n" + "\n".join(
        found
    )


def imported_subpackages(path: Path) -> list[tuple[int, str]]:
    """(line, subpackage of conflictbook) of every import in a module, relative imports resolved."""
    module = path.relative_to(REPO).with_suffix("").parts  # ('conflictbook', 'data', 'paths')
    package = module[:-1]  # the package a relative import starts from (for __init__.py: its own)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = list(base) + (node.module.split(".") if node.module else [])
                if node.module:
                    names = [".".join(target)]
                else:  # from . import x, y: each name may be a subpackage
                    names = [".".join(target + [alias.name]) for alias in node.names]
            elif node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "conflictbook" and len(parts) > 1 and (PACKAGE / parts[1]).is_dir():
                found.append((node.lineno, parts[1]))
    return found


def test_layering():
    broken = []
    for path in MODULES:
        parts = path.relative_to(PACKAGE).parts
        if len(parts) < 2 or parts[0] not in LAYERS or LAYERS[parts[0]] is None:
            continue
        allowed = LAYERS[parts[0]]
        for line, sub in imported_subpackages(path):
            if sub not in allowed:
                broken.append(f"{rel(path)}:{line}: {parts[0]} imports conflictbook.{sub}")
    assert not broken, "imports across layers:\n" + "\n".join(sorted(set(broken)))


def test_unknown_subpackages_are_not_silently_unchecked():
    subpackages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert subpackages <= set(LAYERS), f"no layering rule for {sorted(subpackages - set(LAYERS))}"


@pytest.mark.parametrize("folder", ["conflictbook", "benchmarks"])
def test_no_module_over_400_lines(folder):
    long = [
        f"{rel(p)}: {n} lines"
        for p in sorted((REPO / folder).rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert not long, f"modules over {MAX_LINES} lines (split them):\n" + "\n".join(long)


def is_public(path: Path) -> bool:
    return not any(part.startswith("_") for part in path.relative_to(PACKAGE).with_suffix("").parts)


def test_public_modules_define_all():
    missing = []
    for path in MODULES:
        if not is_public(path):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            t.id
            for node in tree.body
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign))
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(t, ast.Name)
        }
        if "__all__" not in names:
            missing.append(rel(path))
    assert not missing, "public modules without __all__:\n" + "\n".join(missing)


def test_draw_functions_have_return_annotations():
    missing = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                and node.name.startswith("draw_")
                and node.returns is None
            ):
                missing.append(f"{rel(path)}:{node.lineno}: {node.name}")
    assert not missing, "draw_* functions without a return annotation:\n" + "\n".join(missing)
