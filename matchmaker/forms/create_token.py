"""The one-time token a create form carries, so that sending it twice saves once.

A create whose answer never reached the user (a timeout, a restart) looks failed, so
the user sends the form again. The token, made when the form is first shown and kept
through re-displays with errors, lets the service recognise the second sending and
answer with the listing the first one created.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from wtforms import HiddenField

# What ``new_token`` makes (22 characters) up to the column's 43; anything else is
# not one of ours, so it is ignored rather than stored or refused.
_WELL_FORMED = re.compile(r"[A-Za-z0-9_-]{16,43}")


def new_token() -> str:
    """A fresh random token: 128 bits, so no two forms ever share one by chance."""
    return secrets.token_urlsafe(16)


def well_formed(value: Any) -> bool:
    """Whether ``value`` can be a token made by ``new_token`` (and fits the column)."""
    return isinstance(value, str) and _WELL_FORMED.fullmatch(value) is not None


class CreateTokenField(HiddenField):
    """The form's token (hidden); always holds a well-formed one.

    A sent token is kept when it is well formed. A missing or malformed one (a page
    from before tokens, or hostile input) is replaced by a fresh token, which makes
    that sending an ordinary create; it is never a form error.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("Form token", default=new_token, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Keep a well-formed sent token; otherwise the fresh default stays."""
        if valuelist and well_formed(valuelist[0]):
            self.data = valuelist[0]
