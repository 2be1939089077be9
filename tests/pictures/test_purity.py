"""The pictures are pure, like the engine: importing them loads no database code.
What each module imports is read from the source in tests/foundation/test_layers.py.
"""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = (
    "flask",
    "sqlalchemy",
    "matchmaker.models",
    "matchmaker.services",
    "matchmaker.extensions",
    "matchmaker.web",
    "matplotlib.pyplot",
)


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
