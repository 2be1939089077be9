"""Reverse proxies: whose word to take for the client's address, scheme and host.

Behind a proxy every request comes from the proxy's address, which would make
sign-in throttling count the whole world as one client. ``MATCHMAKER_PROXY_COUNT``
says how many proxies append to ``X-Forwarded-*``; Werkzeug's ``ProxyFix`` then
reads that many hops from the right, so a client cannot pretend to be someone else
by sending its own header. With the default 0 the headers are ignored.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    """Trust ``PROXY_COUNT`` proxies for the client address, scheme and host."""
    count = int(app.config.get("PROXY_COUNT", 0))
    if count:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=count
        )
