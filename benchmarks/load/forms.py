"""Reading a page's forms as a browser does, so the load sends what a user sends.

Each form's fields with the values the page gave them: hidden fields (the CSRF
token, the version, the one-time create token), text fields, text areas, the
selected option of each list (the first one when none is selected), and checked
boxes. Also every option of lists and boxes, to choose from. Standard library only
(``html.parser``); used on form pages, a small share of the load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    """One ``<form>``: where it goes and what it would send as it stands."""

    action: str
    method: str
    values: dict[str, list[str]] = field(default_factory=dict)
    choices: dict[str, list[str]] = field(default_factory=dict)

    def set(self, name: str, *values: str) -> None:
        """Replace a field's values (one for a text field, several for boxes)."""
        self.values[name] = list(values)

    def first(self, name: str) -> str:
        """A field's first value ("" when it has none)."""
        return (self.values.get(name) or [""])[0]

    def pairs(self) -> list[tuple[str, str]]:
        """The body a browser would send."""
        return [(name, value) for name, vs in self.values.items() for value in vs]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: tuple[str, bool] | None = None
        self._selected = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower()))
            return
        if not self.forms:
            return
        form, name = self.forms[-1], a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                form.choices.setdefault(name, []).append(a.get("value", "on"))
                form.values.setdefault(name, [])
                if "checked" in a:
                    form.values[name].append(a.get("value", "on"))
                return
            form.values.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select" and name:
            self._select, self._selected = (name, "multiple" in a), False
            form.values.setdefault(name, [])
            form.choices.setdefault(name, [])
        elif tag == "option" and self._select is not None:
            select, _multiple = self._select
            value = a.get("value", "")
            form.choices[select].append(value)
            if "selected" in a:
                form.values[select].append(value)
                self._selected = True
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None and self.forms:
            # A browser drops one newline right after <textarea>.
            text = "".join(self._text)
            self.forms[-1].values[self._textarea] = [text.removeprefix("\n")]
            self._textarea = None
        elif tag == "select" and self._select is not None and self.forms:
            name, multiple = self._select
            form = self.forms[-1]
            if not multiple and not self._selected and form.choices[name]:
                form.values[name] = [form.choices[name][0]]
            self._select = None


def forms_of(html: str) -> list[Form]:
    """Every form of the page, in order."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_with(html: str, field_name: str) -> Form | None:
    """The first form of the page that has a field named ``field_name``."""
    for form in forms_of(html):
        if field_name in form.values:
            return form
    return None
