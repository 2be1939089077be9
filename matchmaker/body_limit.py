"""Hold streamed request bodies to the same size limit as bodies with a length.

A body sent with ``Transfer-Encoding: chunked`` carries no Content-Length. gunicorn
then marks the input as terminated and Werkzeug wraps it in a stream that stops
reading at ``MAX_CONTENT_LENGTH`` without complaint: a form parser reading "all of
it" silently gets the first 5 MB and the rest is dropped. This middleware reads such
a body first, up to one byte past the limit, and hands the application an ordinary
body with a Content-Length. Werkzeug then refuses an oversized one with
``RequestEntityTooLarge`` when the form is read, and the application's error handler
answers with its usual 413 page, exactly as for a declared length.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

from flask import Flask
from werkzeug.wsgi import ClosingIterator

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

_CHUNK = 64 * 1024
# Bodies up to this size stay in memory; larger ones spill to a temporary file.
_IN_MEMORY = 512 * 1024


def limit_streamed_bodies(app: Flask) -> None:
    """Put the limit in front of ``app``; its ``MAX_CONTENT_LENGTH`` is the limit."""
    limit = app.config["MAX_CONTENT_LENGTH"]
    app.wsgi_app = BodyLimit(app.wsgi_app, limit)  # type: ignore[method-assign]


class BodyLimit:
    """WSGI middleware: a streamed body over ``limit`` bytes becomes a 413."""

    def __init__(self, app: WSGIApplication, limit: int | None) -> None:
        self.app = app
        self.limit = limit

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        if not self.limit or not _is_streamed(environ):
            return self.app(environ, start_response)
        body = _read_up_to(environ["wsgi.input"], self.limit + 1)
        size = body.seek(0, io.SEEK_END)
        body.seek(0)
        if size > self.limit:
            # Read (and drop) a bounded amount more, so that a client a little over
            # the limit, still sending, reads the 413 instead of a reset connection.
            _discard(environ["wsgi.input"], self.limit)
            body.close()
            body = io.BytesIO()
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        environ["CONTENT_LENGTH"] = str(size)
        environ["wsgi.input"] = body
        return ClosingIterator(self.app(environ, start_response), body.close)


def _is_streamed(environ: WSGIEnvironment) -> bool:
    """A chunked body with no declared length that the server says will end.

    Without ``wsgi.input_terminated`` Werkzeug reads no undeclared body at all, so
    only the terminated case needs limiting (and reading it cannot hang). gunicorn
    marks every request terminated, so the chunked header keeps ordinary requests
    (every GET) out of the buffering.
    """
    chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
    return (
        chunked
        and not environ.get("CONTENT_LENGTH")
        and bool(environ.get("wsgi.input_terminated"))
    )


def _read_up_to(stream: IO[bytes], most: int) -> IO[bytes]:
    """Copy at most ``most`` bytes of ``stream`` into a rewindable buffer."""
    buffer: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=_IN_MEMORY)
    remaining = most
    while remaining > 0:
        data = stream.read(min(_CHUNK, remaining))
        if not data:
            break
        buffer.write(data)
        remaining -= len(data)
    return buffer


def _discard(stream: IO[bytes], most: int) -> None:
    remaining = most
    while remaining > 0:
        data = stream.read(min(_CHUNK, remaining))
        if not data:
            return
        remaining -= len(data)
