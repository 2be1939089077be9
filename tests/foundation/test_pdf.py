"""HTML to PDF: the text and pictures arrive, and nothing outside the package is read.

The PDFs are read back with poppler's command-line tools (Debian ``poppler-utils``,
installed by ``make system-packages``): ``pdftotext`` for the words, ``pdftoppm``
for the pixels.
"""

from __future__ import annotations

import importlib.abc
import shutil
import socket
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from matchmaker.pdf import (
    DEFAULT_BASE_URL,
    STATIC_DIR,
    PdfUnavailable,
    ResourceRefused,
    html_to_pdf,
    static_file_for,
)

HEADINGS = ("Regional meeting report", "Needs by country", "Next steps")
CYRILLIC = "Лаборатория в Алматы"
BLUE = (0x33, 0x66, 0x99)
REPORT = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Report</title></head>
<body>
<h1>{HEADINGS[0]}</h1>
<p>{CYRILLIC}</p>
<h2>{HEADINGS[1]}</h2>
<table>
  <thead><tr><th>Country</th><th>Needs</th></tr></thead>
  <tbody><tr><td>Kazakhstan</td><td>4</td></tr><tr><td>Nepal</td><td>7</td></tr></tbody>
</table>
<svg viewBox="0 0 10 10" width="200" height="200">
  <rect width="10" height="10" fill="#336699"/>
</svg>
<h2>{HEADINGS[2]}</h2>
<p>Agree the host of the shared laboratory.</p>
</body></html>
"""
ORIGINS = {DEFAULT_BASE_URL.rstrip("/")}


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: install poppler-utils (make system-packages)")
    return found


def _pdf_text(pdf: Path) -> str:
    command = [_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(html_to_pdf(REPORT, stylesheets=["h1 { font-size: 20pt; }"]))
    return path


def test_the_pdf_holds_every_heading_and_the_cyrillic_text(report_pdf):
    assert report_pdf.read_bytes().startswith(b"%PDF-")
    text = _pdf_text(report_pdf)
    for heading in HEADINGS:
        assert heading in text
    assert CYRILLIC in text
    assert "Kazakhstan" in text


def test_the_first_page_renders_as_a_png(report_pdf, tmp_path):
    prefix = tmp_path / "page"
    command = [_tool("pdftoppm"), "-png", "-r", "50", "-f", "1", "-l", "1"]
    subprocess.run([*command, "-singlefile", str(report_pdf), str(prefix)], check=True)
    png = prefix.with_suffix(".png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    # An A4 page at 50 dots per inch: about 413 by 585.
    assert 400 < width < 430 and 570 < height < 600


def test_the_inline_svg_is_drawn(report_pdf, tmp_path):
    """The page is not blank, and the SVG's blue square is among its pixels."""
    pixels = _first_page_pixels(report_pdf, tmp_path / "page")
    assert len(set(pixels)) > 2
    assert any(_close(pixel, BLUE) for pixel in pixels)


def _first_page_pixels(pdf: Path, prefix: Path) -> list[tuple[int, int, int]]:
    """The first page as RGB pixels, from pdftoppm's plain PPM output (no PNG
    decoding needed)."""
    command = [_tool("pdftoppm"), "-r", "20", "-f", "1", "-l", "1", "-singlefile"]
    subprocess.run([*command, str(pdf), str(prefix)], check=True)
    data = prefix.with_suffix(".ppm").read_bytes()
    magic, width, height, maxval, raster = data.split(maxsplit=4)
    assert magic == b"P6" and maxval == b"255"
    size = int(width) * int(height) * 3
    raw = raster[:size]
    assert len(raw) == size
    return [tuple(raw[i : i + 3]) for i in range(0, size, 3)]  # type: ignore[misc]


def _close(pixel: tuple[int, int, int], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 6 for a, b in zip(pixel, colour, strict=True))


@pytest.fixture
def listening_socket() -> Iterator[tuple[str, list[int]]]:
    """A local port that counts the connections made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    accepted: list[int] = []
    stop = threading.Event()

    def count() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            accepted.append(1)
            connection.close()

    thread = threading.Thread(target=count, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}", accepted
    finally:
        stop.set()
        thread.join()
        server.close()


def test_nothing_is_fetched_from_the_network_or_the_disk(listening_socket, tmp_path):
    base, accepted = listening_socket
    secret = tmp_path / "secret.css"
    secret.write_text('body::after { content: "SECRET-MARKER"; }')
    html = (
        f'<html><head><link rel="stylesheet" href="{secret.as_uri()}">'
        f'<link rel="stylesheet" href="{base}/style.css"></head><body>'
        f'<h1>Still made</h1><img src="{base}/x.png"><img src="file:///etc/passwd">'
        "</body></html>"
    )
    pdf = tmp_path / "out.pdf"
    pdf.write_bytes(html_to_pdf(html))
    text = _pdf_text(pdf)
    assert "Still made" in text
    assert "SECRET-MARKER" not in text
    assert accepted == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "file:///etc/passwd",
        "https://matchmaker.invalid/static/%2e%2e/pdf.py",
        "https://matchmaker.invalid/static/../pdf.py",
        "https://matchmaker.invalid/pdf.py",
        "https://example.org/static/matchmaker.css",
        "https://matchmaker.invalid/static/no-such-file.css",
        "ftp://matchmaker.invalid/static/matchmaker.css",
    ],
    ids=[
        "local-port",
        "local-file",
        "encoded-escape",
        "dot-dot-escape",
        "outside-static",
        "other-host",
        "missing-file",
        "other-scheme",
    ],
)
def test_the_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(ResourceRefused):
        static_file_for(url, ORIGINS)


def test_the_fetcher_serves_the_package_stylesheet():
    found = static_file_for(f"{DEFAULT_BASE_URL}static/matchmaker.css", ORIGINS)
    assert found == (STATIC_DIR / "matchmaker.css").resolve()


def test_a_static_stylesheet_and_a_data_image_are_used(tmp_path):
    tiny_svg = (
        "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='8' "
        "height='8'%3E%3Crect width='8' height='8' fill='%23336699'/%3E%3C/svg%3E"
    )
    html = (
        '<html><head><link rel="stylesheet" href="/static/matchmaker.css"></head>'
        f'<body><h1>With styles</h1><img src="{tiny_svg}" width="200" height="200">'
        "</body></html>"
    )
    pdf = tmp_path / "styled.pdf"
    pdf.write_bytes(html_to_pdf(html))
    assert "With styles" in _pdf_text(pdf)
    assert any(_close(p, BLUE) for p in _first_page_pixels(pdf, tmp_path / "p"))


class _PangoMissing(importlib.abc.MetaPathFinder):
    """Makes ``import weasyprint`` fail as it does when Pango cannot be loaded."""

    def find_spec(self, name, path, target=None):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return None


def test_missing_pango_gives_advice(monkeypatch):
    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_PangoMissing(), *sys.meta_path])
    with pytest.raises(PdfUnavailable, match="libpango-1.0-0"):
        html_to_pdf("<p>x</p>")
