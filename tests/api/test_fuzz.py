"""schemathesis over every API operation as a focal point, a partner and a
facilitator (see ``fuzz.py``)."""

from __future__ import annotations

from flask import Flask

from tests.api.fuzz import fuzz_app, run_every_operation

__all__ = ["fuzz_app"]


def test_every_operation_conforms_for_every_role(fuzz_app: Flask) -> None:
    run_every_operation(fuzz_app)
