"""The app factory, the home page and error responses."""

from __future__ import annotations

from matchmaker.models import NeedStatus


def test_home_counts_needs_and_offers(signed_in, make):
    make.need(country="NPL")
    make.need(country="BGD", status=NeedStatus.DRAFT)
    make.offer()
    response = signed_in().get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<p class="figure" id="total-needs">2</p>' in page
    assert '<p class="figure" id="total-offers">1</p>' in page
    assert "Nepal" in page and "Bangladesh" in page


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Not Found" in response.get_data(as_text=True)


def test_api_errors_are_problem_details(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.json["status"] == 404


def test_health_check_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_security_headers_on_every_response(client):
    response = client.get("/healthz")
    csp = response.headers["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
    assert len(response.headers["X-Request-ID"]) >= 8


def test_oversized_request_bodies_are_refused(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/sign-in", data={"email": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    assert "Request Entity Too Large" in response.get_data(as_text=True)


def test_untrusted_host_headers_are_refused(app, client):
    app.config["TRUSTED_HOSTS"] = ["matchmaker.example.org"]
    assert client.get("/healthz", headers={"Host": "evil.example"}).status_code == 400
    trusted = client.get("/healthz", headers={"Host": "matchmaker.example.org"})
    assert trusted.status_code == 200
