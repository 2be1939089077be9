"""A request body over the limit is refused however it is sent.

A chunked body has no Content-Length; gunicorn hands it to Werkzeug as a terminated
stream, which Werkzeug cut at the limit without complaint, so a 7 MB form was
accepted with its end silently dropped.
"""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterator
from urllib.parse import urlencode, urlsplit

import pytest
import requests
from werkzeug.test import EnvironBuilder, run_wsgi_app

from tests.browser.server import gunicorn_server

LIMIT = 5 * 1024 * 1024
SIGN_IN_FIELDS = {"email": "nobody@example.org", "password": "not the password"}


def _form(fields: dict[str, str], size: int) -> bytes:
    """An urlencoded form of exactly ``size`` bytes: ``fields`` plus padding."""
    head = urlencode(fields).encode() + b"&padding="
    assert size >= len(head)
    return head + b"x" * (size - len(head))


# In-process: the environ gunicorn builds for a chunked body.


def _post_streamed(app, body: bytes) -> tuple[str, str]:
    environ = EnvironBuilder(
        path="/sign-in",
        method="POST",
        data=body,
        content_type="application/x-www-form-urlencoded",
    ).get_environ()
    del environ["CONTENT_LENGTH"]
    environ["HTTP_TRANSFER_ENCODING"] = "chunked"
    environ["wsgi.input_terminated"] = True
    answer, status, _headers = run_wsgi_app(app, environ, buffered=True)
    return status, b"".join(answer).decode()


@pytest.mark.parametrize("size", [LIMIT + 1, 7 * 1024 * 1024])
def test_a_streamed_body_over_the_limit_is_refused(app, size):
    assert app.config["MAX_CONTENT_LENGTH"] == LIMIT
    status, page = _post_streamed(app, _form({}, size))
    assert status.startswith("413"), status
    assert "Too Large" in page


@pytest.mark.parametrize("size", [100, LIMIT])
def test_a_streamed_body_within_the_limit_is_read_whole(app, size):
    status, page = _post_streamed(app, _form({"email": "not an address"}, size))
    assert not status.startswith(("413", "5")), status
    # The form was parsed: the email field came through and was judged.
    assert "not an address" in page


# Against gunicorn, which de-chunks the body before the application sees it.


@pytest.fixture(scope="module")
def server(migrated_url, tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("gunicorn-body")
    with gunicorn_server(
        migrated_url, folder, workers=1, SIGNIN_DELAY_SECONDS="0"
    ) as base:
        yield base


def _chunked_sign_in(base: str, padding: int) -> tuple[int, str]:
    """POST the sign-in form, chunked, with a valid CSRF token and cookie."""
    browser = requests.Session()
    page = browser.get(f"{base}/sign-in").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token
    body = _form({"csrf_token": token.group(1), **SIGN_IN_FIELDS}, padding)
    cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    try:
        connection.request(
            "POST",
            "/sign-in",
            body=(body[i : i + 65536] for i in range(0, len(body), 65536)),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie,
                "Referer": f"{base}/sign-in",
            },
            encode_chunked=True,
        )
        answer = connection.getresponse()
        return answer.status, answer.read().decode()
    finally:
        connection.close()


@pytest.mark.slow
def test_gunicorn_refuses_a_chunked_body_of_seven_megabytes(server):
    status, page = _chunked_sign_in(server, 7 * 1024 * 1024)
    assert status == 413, page[:500]


@pytest.mark.slow
def test_gunicorn_reads_a_small_chunked_body(server):
    status, page = _chunked_sign_in(server, 2000)
    assert status in (200, 422), page[:500]
    assert "nobody@example.org" in page
