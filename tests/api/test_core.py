"""The API's shared behaviour: tokens, problem details, the document, the docs page."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from matchmaker.database import write_transaction
from matchmaker.extensions import db
from matchmaker.models import ApiToken, AuditEvent, Role, TokenScope, utcnow
from matchmaker.services import api_tokens
from tests.api.conftest import issue_token
from tests.conftest import sign_in_as

PROBLEM = "application/problem+json"


def test_no_token_is_a_401_problem_with_a_bearer_challenge(client) -> None:
    response = client.get("/api/v1/countries")
    assert response.status_code == 401
    assert response.mimetype == PROBLEM
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    body = response.get_json()
    assert body["status"] == 401 and body["title"] == "Unauthorized"


def test_a_session_cookie_alone_does_not_reach_the_api(app: Flask, make) -> None:
    client = sign_in_as(app.test_client(), make.user(Role.ADMIN))
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/countries").status_code == 401


def test_a_valid_token_reads(api_as) -> None:
    api = api_as(Role.PARTNER)
    response = api.get("/api/v1/countries?per_page=5")
    assert response.status_code == 200
    body = response.get_json()
    assert len(body["items"]) == 5
    assert body["pagination"]["per_page"] == 5
    assert body["pagination"]["total"] >= 50
    assert {"alpha3", "name", "sub_region"} <= set(body["items"][0])


def test_an_unknown_token_gets_invalid_token(client) -> None:
    response = client.get(
        "/api/v1/countries", headers={"Authorization": "Bearer mm_nothing"}
    )
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_revoked_and_expired_tokens_are_refused_at_once(api_as) -> None:
    api = api_as(Role.FOCAL_POINT)
    assert api.get("/api/v1/categories").status_code == 200
    token = db.session.scalars(
        db.select(ApiToken).where(ApiToken.user_id == api.user.id)
    ).one()
    db.session.rollback()
    assert api_tokens.revoke(api.user, token.id)
    assert api.get("/api/v1/categories").status_code == 401

    other = api_as(Role.FOCAL_POINT)
    assert other.get("/api/v1/categories").status_code == 200
    db.session.rollback()
    with write_transaction(db.session):
        row = db.session.scalars(
            db.select(ApiToken).where(ApiToken.user_id == other.user.id)
        ).one()
        row.expires_at = utcnow() - timedelta(seconds=1)
    assert other.get("/api/v1/categories").status_code == 401


def test_a_disabled_users_token_is_refused(api_as) -> None:
    api = api_as(Role.FACILITATOR)
    db.session.rollback()
    with write_transaction(db.session):
        db.session.merge(api.user).active = False
    assert api.get("/api/v1/categories").status_code == 401


def test_a_read_only_token_may_not_write_and_the_refusal_is_audited(
    api_as,
) -> None:
    api = api_as(Role.FOCAL_POINT, scope=TokenScope.READ)
    response = api.post("/api/v1/needs", json={"title": "x"})
    assert response.status_code == 403
    assert response.mimetype == PROBLEM
    assert "only read" in response.get_json()["detail"]
    db.session.rollback()
    actions = db.session.scalars(db.select(AuditEvent.action)).all()
    assert "api.refused" in actions


def test_rate_limit_answers_429_with_retry_after(app: Flask, make) -> None:
    app.config["API_RATE_LIMIT_PER_MINUTE"] = 3
    user = make.user(Role.PARTNER)
    headers = {"Authorization": f"Bearer {issue_token(user)}"}
    client = app.test_client()
    statuses = [
        client.get("/api/v1/support-types", headers=headers).status_code
        for _ in range(5)
    ]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3:] == [429, 429]
    response = client.get("/api/v1/support-types", headers=headers)
    assert response.mimetype == PROBLEM
    assert int(response.headers["Retry-After"]) >= 1


def test_unknown_query_fields_and_bad_values_are_422_with_errors(api_as) -> None:
    api = api_as(Role.PARTNER)
    response = api.get("/api/v1/countries?per_page=1000&colour=red")
    assert response.status_code == 422
    body = response.get_json()
    assert response.mimetype == PROBLEM
    assert set(body["errors"]) == {"per_page", "colour"}


def test_an_unknown_api_path_is_a_404_problem(client) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.mimetype == PROBLEM


def test_the_document_is_openapi_31_with_problem_errors(client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.1")
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == (
        "bearer"
    )
    operations = [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]
    assert operations
    for path, method, operation in operations:
        assert operation.get("summary"), f"{method} {path} has no summary"
        for status in ("400", "401", "403", "422", "429"):
            assert status in operation["responses"], f"{method} {path}: {status}"
        if "{" in path:
            assert "404" in operation["responses"], f"{method} {path}: 404"
        if any(p.get("name") == "If-Match" for p in operation.get("parameters", [])):
            assert {"412", "428"} <= set(operation["responses"])
    problem = document["components"]["responses"]["Unauthorized"]["content"]
    assert "application/problem+json" in problem


def test_every_change_to_one_resource_documents_if_match(client) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            single = path.rstrip("/").split("/")[-1].startswith("{") or (
                "{" in path and method == "post"
            )
            if method in ("patch", "put", "delete") or (
                single and method == "post" and not path.endswith("/read")
            ):
                names = [p.get("name") for p in operation.get("parameters", [])]
                assert "If-Match" in names, f"{method} {path} lacks If-Match"


def test_docs_page_is_for_signed_in_users_and_uses_no_cdn(
    app: Flask, make, client
) -> None:
    anonymous = client.get("/api/v1/docs/")
    assert anonymous.status_code == 302
    signed_in = sign_in_as(app.test_client(), make.user(Role.PARTNER))
    page = signed_in.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "https://" not in html.split("<main", 1)[-1]
    assert "/api/v1/docs/assets/swagger-ui-bundle.js" in html
    asset = signed_in.get("/api/v1/docs/assets/swagger-ui-bundle.js")
    assert asset.status_code == 200 and len(asset.data) > 100_000
    asset.close()
    assert signed_in.get("/api/v1/docs/assets/LICENSE").status_code == 404


def test_the_document_is_a_valid_openapi_31_description(client) -> None:
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation import OpenAPIV31SpecValidator

    document = client.get("/api/v1/openapi.json").get_json()
    validate(document, cls=OpenAPIV31SpecValidator)
