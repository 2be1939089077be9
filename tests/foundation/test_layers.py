"""The walls between layers, read from the source: the engine is a pure library
(no Flask, no database, nothing of the service), and pages build no queries — the
services are the one bridge between views, the ORM and the engine."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "matchmaker"
# What the pure engine may not import.
ENGINE_FORBIDDEN = (
    "flask",
    "sqlalchemy",
    "matchmaker.models",
    "matchmaker.services",
    "matchmaker.extensions",
    "matchmaker.web",
)
# Pages and forms reach the database only through services.
PAGES = ["web", "forms", "auth", "api"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level:
            found.add("." * node.level + (node.module or ""))
    return found


def _modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


@pytest.mark.parametrize(
    "path", _modules("matching") + _modules("pictures"), ids=lambda p: p.name
)
def test_the_pure_libraries_import_nothing_of_the_service(path: Path) -> None:
    """The engine and the pictures: data in, results out, no Flask, no database.
    The pictures never use pyplot, whose global figures are not for a server."""
    forbidden = ENGINE_FORBIDDEN + ("matplotlib.pyplot",)
    bad = sorted(
        name for name in _imports(path)
        if name.startswith(forbidden) or name.startswith("..")
    )  # fmt: skip
    assert not bad, f"{path.parent.name}/{path.name} imports {bad}"


@pytest.mark.parametrize(
    "path", [p for f in PAGES for p in _modules(f)], ids=lambda p: p.name
)
def test_pages_and_forms_build_no_queries(path: Path) -> None:
    tree = ast.parse(path.read_text(), filename=str(path))
    queries = [
        f"line {node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module == "sqlalchemy"
        and any(
            alias.name in {"select", "update", "delete", "insert"}
            for alias in node.names
        )  # fmt: skip
    ]
    assert not queries, f"{path.name} builds queries ({', '.join(queries)})"
