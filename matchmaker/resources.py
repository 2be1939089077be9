"""Where templates and migrations live, in a checkout and in an installed wheel.

In a checkout they sit at the project's top level; a built wheel carries them inside
the package (see ``force-include`` in pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder ``name`` (templates, migrations) wherever this install keeps it."""
    inside = PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    beside = PACKAGE_DIR.parent / name
    if beside.is_dir():
        return beside
    raise FileNotFoundError(f"cannot find the {name!r} folder of matchmaker")
