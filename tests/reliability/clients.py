"""Browser-like HTTP clients for black-box checks against a real server.

A client reads a page, finds one of its forms and sends it back the way a browser
would: every field the page rendered (hidden CSRF token, version, one-time create
token, selected options, checked boxes) with only the fields the user "typed"
replaced. Going through the rendered forms, rather than building request bodies by
hand, means a field renamed or added in a template is sent the way users send it.

Only the standard library and ``requests``: the crash benchmark
(``benchmarks/crash.py``) uses these helpers too, outside pytest.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import requests

# Generous: on a busy 2-core machine a request may wait behind many others.
REQUEST_TIMEOUT_SECONDS = 120


@dataclass
class Form:
    """One ``<form>`` of a page: where it posts and what a browser would send."""

    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    # Every option of each select and checkbox group, in page order.
    options: dict[str, list[str]] = field(default_factory=dict)

    def value(self, name: str) -> str:
        """The first value sent for ``name``; KeyError if the form has none."""
        for key, value in self.fields:
            if key == name:
                return value
        raise KeyError(name)

    def filled(self, **values: str | Iterable[str]) -> list[tuple[str, str]]:
        """The fields with ``values`` replacing what the page held (a list of
        strings for checkbox groups and multiple selects)."""
        kept = [(k, v) for k, v in self.fields if k not in values]
        for name, value in values.items():
            items = [value] if isinstance(value, str) else list(value)
            kept.extend((name, item) for item in items)
        return kept


class _FormParser(HTMLParser):
    """Collects the forms of a page as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: tuple[str, list[str]] | None = None
        self._select: tuple[str, bool, list[str], list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v if v is not None else "" for k, v in attrs}
        if tag == "form":
            self._form = Form(action=found.get("action", ""))
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in found:
            return
        name = found.get("name", "")
        if tag == "input" and name:
            self._input(name, found)
        elif tag == "textarea" and name:
            self._textarea = (name, [])
        elif tag == "select" and name:
            self._select = (name, "multiple" in found, [], [])
        elif tag == "option" and self._select is not None:
            value = found.get("value", "")
            self._select[2].append(value)
            if "selected" in found:
                self._select[3].append(value)

    def _input(self, name: str, attrs: dict[str, str]) -> None:
        assert self._form is not None
        kind = attrs.get("type", "text").lower()
        if kind in {"submit", "button", "reset", "image", "file"}:
            return  # a button is sent only when clicked; none of ours carry data
        value = attrs.get("value", "")
        if kind in {"checkbox", "radio"}:
            self._form.options.setdefault(name, []).append(value or "on")
            if "checked" not in attrs:
                return
            value = value or "on"
        self._form.fields.append((name, value))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form:
            name, parts = self._textarea
            text = "".join(parts)
            # Browsers drop one newline right after <textarea>; WTForms writes one.
            text = text[2:] if text.startswith("\r\n") else text.removeprefix("\n")
            self._form.fields.append((name, text))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form:
            name, multiple, options, selected = self._select
            self._form.options[name] = options
            if not selected and options and not multiple:
                selected = options[:1]  # a browser sends the first option
            self._form.fields.extend((name, value) for value in selected)
            self._select = None


def forms_of(page: str) -> list[Form]:
    """Every form of an HTML page."""
    parser = _FormParser()
    parser.feed(page)
    parser.close()
    return parser.forms


def form_posting_to(page: str, path: str) -> Form:
    """The form whose action is ``path`` (its query string ignored).

    Raises ``LookupError`` with the start of the page when there is none, so that a
    failure shows what the server answered instead.
    """
    for form in forms_of(page):
        if urlsplit(form.action).path == path:
            return form
    raise LookupError(f"no form posting to {path} on the page:\n{page[:1500]}")


def sign_in(base: str, email: str, password: str) -> requests.Session:
    """A session signed in through the sign-in form, as a person would."""
    session = requests.Session()
    try:
        page = session.get(f"{base}/sign-in", timeout=REQUEST_TIMEOUT_SECONDS)
        form = form_posting_to(page.text, "/sign-in")
        response = session.post(
            f"{base}/sign-in",
            data=form.filled(email=email, password=password),
            allow_redirects=False,
            timeout=REQUEST_TIMEOUT_SECONDS,
        )
    except BaseException:
        session.close()
        raise
    location = response.headers.get("Location", "")
    if response.status_code != 302 or "/sign-in" in location:
        session.close()
        raise RuntimeError(
            f"signing in as {email} answered {response.status_code} {location}: "
            f"{response.text[:500]}"
        )
    return session


@dataclass(frozen=True)
class Answer:
    """One request's outcome: its status (0 when no answer came) and its time."""

    status: int
    seconds: float
    location: str = ""
    text: str = ""
    error: str = ""


def send(session: requests.Session, method: str, url: str, **kwargs: object) -> Answer:
    """One request, timed, without following redirects; a connection failure is
    an answer with status 0 rather than an exception."""
    start = time.perf_counter()
    try:
        response = session.request(
            method,
            url,
            allow_redirects=False,
            timeout=REQUEST_TIMEOUT_SECONDS,
            **kwargs,  # type: ignore[arg-type]
        )
    except requests.RequestException as error:
        return Answer(0, time.perf_counter() - start, error=repr(error))
    return Answer(
        response.status_code,
        time.perf_counter() - start,
        location=response.headers.get("Location", ""),
        text=response.text,
    )


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of ``values`` (0 for none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]
