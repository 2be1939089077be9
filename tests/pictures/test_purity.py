"""The pictures are pure, like the engine: no Flask, no database, nothing of the
service, and never pyplot (its global figure state is not for a web server)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PICTURES = Path(__file__).resolve().parents[2] / "matchmaker" / "pictures"
FORBIDDEN = (
    "flask",
    "sqlalchemy",
    "matchmaker.models",
    "matchmaker.services",
    "matchmaker.extensions",
    "matchmaker.web",
    "matplotlib.pyplot",
)


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level > 1:
            found.add("." * node.level + (node.module or ""))
    return found


@pytest.mark.parametrize("path", sorted(PICTURES.glob("*.py")), ids=lambda p: p.name)
def test_a_picture_module_imports_nothing_of_the_service(path: Path) -> None:
    bad = sorted(
        name for name in _imports(path)
        if name.startswith(FORBIDDEN) or name.startswith("..")
    )  # fmt: skip
    assert not bad, f"{path.name} imports {bad}"


def test_importing_the_pictures_loads_no_database_code() -> None:
    """``matchmaker/__init__`` brings Flask along; nothing more may come with it."""
    script = (
        "import sys, matchmaker.pictures\n"
        f"bad = [m for m in sys.modules if m.startswith({FORBIDDEN[1:]!r})]\n"
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
