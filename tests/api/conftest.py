"""Fixtures for API tests: a client per role that sends a real personal token."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from matchmaker.extensions import db
from matchmaker.models import Role, TokenScope, User


@dataclass
class ApiClient:
    """A test client that sends ``Authorization: Bearer`` on every request."""

    client: FlaskClient
    token: str
    user: User

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **(headers or {})}

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        kwargs["headers"] = self._headers(kwargs.get("headers"))
        return self.client.get(path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> TestResponse:
        kwargs["headers"] = self._headers(kwargs.get("headers"))
        return self.client.post(path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> TestResponse:
        kwargs["headers"] = self._headers(kwargs.get("headers"))
        return self.client.patch(path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> TestResponse:
        kwargs["headers"] = self._headers(kwargs.get("headers"))
        return self.client.put(path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> TestResponse:
        kwargs["headers"] = self._headers(kwargs.get("headers"))
        return self.client.delete(path, **kwargs)


def issue_token(
    user: User, scope: TokenScope = TokenScope.READ_WRITE, days: int = 30
) -> str:
    """A real token for ``user``, made by the same service as the API tokens page."""
    from matchmaker.services import api_tokens

    db.session.rollback()
    _token, raw = api_tokens.issue(user, name="Tests", scope=scope, days=days)
    return raw


@pytest.fixture
def api_as(app: Flask, make) -> Callable[..., ApiClient]:
    """``api_as(role, scope=..., **user_kwargs)``: a new user and their token."""

    def _client(
        role: Role, *, scope: TokenScope = TokenScope.READ_WRITE, **kwargs: Any
    ) -> ApiClient:
        user = make.user(role, **kwargs)
        return ApiClient(app.test_client(), issue_token(user, scope), user)

    return _client


@pytest.fixture
def api_for(app: Flask) -> Callable[..., ApiClient]:
    """``api_for(user, scope=...)``: a token-carrying client for an existing user."""

    def _client(user: User, *, scope: TokenScope = TokenScope.READ_WRITE) -> ApiClient:
        return ApiClient(app.test_client(), issue_token(user, scope), user)

    return _client


def etag_of(response: TestResponse) -> str:
    """The ETag header, as a client would send it back in If-Match."""
    value = response.headers.get("ETag")
    assert value, "the response carries no ETag"
    return value


__all__ = ["ApiClient", "etag_of", "issue_token"]
