"""HTML to PDF with WeasyPrint, reading nothing but the package's own static files.

Reports are HTML the service wrote, but they quote what people typed (titles,
descriptions), so a PDF renderer that follows links could be made to fetch an
internal address or read a file off the server. The fetcher given to WeasyPrint
therefore serves ``/static/...`` from ``matchmaker/static/`` and ``data:`` URLs, and
refuses everything else; WeasyPrint logs a refused resource and leaves it out.

WeasyPrint is imported inside :func:`html_to_pdf`: it loads Pango through cffi, which
costs start-up time every process would pay, and when Pango is missing the import
fails with a bare ``OSError`` that :class:`PdfUnavailable` turns into advice.
"""

from __future__ import annotations

import logging
import mimetypes
import warnings
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_PREFIX = "/static/"
# Relative links in a report resolve against this origin when the caller gives no
# base URL; ".invalid" can never be a real host (RFC 2606).
DEFAULT_BASE_URL = "https://matchmaker.invalid/"

SYSTEM_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"


class PdfUnavailable(RuntimeError):
    """PDFs cannot be made here: WeasyPrint or its system libraries are missing."""


class ResourceRefused(ValueError):
    """A report asked for something outside the package's static files.

    A ``ValueError``, which WeasyPrint catches, logs and skips: the PDF is still made.
    """


def html_to_pdf(
    html: str, *, stylesheets: Sequence[str] = (), base_url: str | None = None
) -> bytes:
    """Render ``html`` (with extra CSS given as strings) into the bytes of a PDF.

    Args:
        html: a whole HTML document; inline ``<svg>`` is drawn.
        stylesheets: CSS source texts applied after the document's own styles.
        base_url: what relative links resolve against; links on its origin under
            ``/static/`` are served from the package's static folder.

    Raises:
        PdfUnavailable: WeasyPrint or Pango is not installed.
    """
    weasyprint = _weasyprint()
    base = base_url or DEFAULT_BASE_URL
    fetcher = _fetcher_class()(origins={_origin(DEFAULT_BASE_URL), _origin(base)})
    sheets = [
        weasyprint.CSS(string=css, base_url=base, url_fetcher=fetcher)
        for css in stylesheets
    ]
    document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(stylesheets=sheets)
    return pdf


def static_file_for(url: str, origins: frozenset[str] | set[str]) -> Path:
    """The file a ``/static/...`` URL on an allowed origin names, or refusal.

    Raises:
        ResourceRefused: another scheme or host, a path outside ``/static/``, an
            escape with ``..`` or a link, or a file that does not exist.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or _origin(url) not in origins:
        raise ResourceRefused(f"not fetched (only the service's own files): {url}")
    path = unquote(parts.path)
    if not path.startswith(STATIC_PREFIX):
        raise ResourceRefused(f"not fetched (outside {STATIC_PREFIX}): {url}")
    root = STATIC_DIR.resolve()
    candidate = (root / path.removeprefix(STATIC_PREFIX)).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        raise ResourceRefused(f"not fetched (no such static file): {url}")
    return candidate


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _weasyprint() -> Any:
    try:
        with warnings.catch_warnings(record=True) as caught:
            # WeasyPrint warns at import when an optional library (HarfBuzz-Subset)
            # is missing and it falls back to a slower one: a note for the log, not
            # a reason to fail a request.
            warnings.simplefilter("always")
            import weasyprint
    except OSError as error:
        raise PdfUnavailable(
            "PDFs need the Pango text libraries, which are not installed on this "
            f"machine ({error}). On Debian, install {SYSTEM_PACKAGES} "
            "(make system-packages does it), then restart the service."
        ) from error
    except ImportError as error:
        raise PdfUnavailable(
            "PDFs need the WeasyPrint package, which is not installed "
            f"({error}). Reinstall matchmaker with its dependencies (make install)."
        ) from error
    for warning in caught:
        logger.warning("WeasyPrint: %s", warning.message)
    return weasyprint


@cache
def _fetcher_class() -> type:
    """WeasyPrint's fetcher, narrowed to static files and ``data:`` URLs.

    Built on first use because its base class lives in WeasyPrint, which is imported
    lazily.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves the package's static files and ``data:`` URLs; refuses the rest."""

        def __init__(self, origins: set[str]) -> None:
            super().__init__(allowed_protocols=("data",))
            self.origins = frozenset(origins)

        def fetch(
            self, url: str, headers: dict[str, str] | None = None
        ) -> URLFetcherResponse:
            if url.lower().startswith("data:"):
                # Decoded in memory by urllib's data handler; nothing is opened.
                return super().fetch(url, headers)
            path = static_file_for(url, self.origins)
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, path.read_bytes(), headers={"Content-Type": kind}
            )

    return StaticOnlyFetcher
