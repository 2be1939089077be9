"""Headless Chromium (Debian's, through Playwright) against a real gunicorn server."""

from __future__ import annotations

import pytest

from tests.browser.server import gunicorn_server, huey_worker

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def live_server(migrated_url, tmp_path_factory):
    """gunicorn (2 workers) on 127.0.0.1, a free port, the test database, and a
    queue worker beside it (sharing the instance folder's queue)."""
    folder = tmp_path_factory.mktemp("browser-server")
    with (
        gunicorn_server(
            migrated_url, folder, workers=2, SIGNIN_DELAY_SECONDS="0"
        ) as base,
        huey_worker(migrated_url, folder),
    ):
        yield base


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module; fails loudly when it cannot start."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()
