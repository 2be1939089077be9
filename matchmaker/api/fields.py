"""Strict marshmallow fields: JSON types are kept, never guessed from strings.

marshmallow's defaults are lenient (``"5"`` loads as 5, ``"yes"`` as True). An API
that others build on should refuse such input instead: a client sending the wrong
type has a bug that it should hear about, not a silent coercion.
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma


class StrictBoolean(ma.fields.Boolean):
    """Only JSON ``true`` and ``false``."""

    def _deserialize(
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


def strict_integer(**kwargs: Any) -> ma.fields.Integer:
    """An integer field refusing strings and floats."""
    return ma.fields.Integer(strict=True, **kwargs)


def slug(**kwargs: Any) -> ma.fields.String:
    """An enumeration value as its slug (lower case words joined by hyphens).

    ``validate`` (one validator or a list) is checked after the slug's own shape;
    ``metadata`` replaces the default description.
    """
    return ma.fields.String(
        **_with_shape(
            r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$",
            kwargs,
            "A slug, as listed by the reference endpoints.",
        )
    )


def _with_shape(
    pattern: str, kwargs: dict[str, Any], description: str
) -> dict[str, Any]:
    """``kwargs`` with the ``pattern`` check first and a default description."""
    extra = kwargs.pop("validate", None)
    validators: list[Any] = [ma.validate.Regexp(pattern)]
    if extra is not None:
        validators.extend(extra if isinstance(extra, (list, tuple)) else [extra])
    kwargs.setdefault("metadata", {"description": description})
    return {"validate": validators, **kwargs}


def alpha3(**kwargs: Any) -> ma.fields.String:
    """An ISO 3166-1 alpha-3 country code."""
    return ma.fields.String(
        **_with_shape(
            r"^[A-Z]{3}$", kwargs, "ISO 3166-1 alpha-3 country code, e.g. NPL."
        )
    )


def timestamp(**kwargs: Any) -> ma.fields.AwareDateTime:
    """An RFC 3339 timestamp in UTC."""
    kwargs.setdefault("metadata", {"description": "RFC 3339 timestamp, UTC."})
    return ma.fields.AwareDateTime(format="iso", **kwargs)
