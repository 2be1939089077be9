"""Invitations and password resets: single-use, expiring links built from BASE_URL."""

from __future__ import annotations

from datetime import timedelta

from matchmaker.extensions import db
from matchmaker.models import OneTimeToken, Role, User
from tests.auth.conftest import audit_events, link_in, post_sign_in

NEW_PASSWORD = "monsoon orchid ledger 9"


def _invite(client, **data):
    form = {"email": "new@example.org", "role": "focal-point", "country": "NPL"}
    form.update(data)
    return client.post("/admin/users/invite", data=form)


def _user(email: str) -> User | None:
    db.session.rollback()
    return db.session.scalar(db.select(User).filter_by(email=email))


def test_admin_invites_and_link_sets_password_once(client, signed_in, make, outbox):
    signed_in(make.user(Role.ADMIN))
    response = _invite(client, headers={"Host": "attacker.example"})
    assert response.status_code == 302, response.get_data(as_text=True)
    [message] = outbox
    link = link_in(message.body)
    assert link.startswith("https://matchmaker.example.org/account/set-password/")
    token = link.rsplit("/", 1)[1]
    stored = db.session.scalar(db.select(OneTimeToken))
    assert stored.token_hash != token and token not in str(audit_events("user.invite"))
    client.post("/sign-out")
    path = link.removeprefix("https://matchmaker.example.org")
    assert client.get(path).status_code == 200  # opening does not use it up
    assert client.get(path).status_code == 200
    data = {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client.post(path, data=data).status_code == 302
    assert client.post(path, data=data).status_code == 404  # single use
    assert post_sign_in(client, "new@example.org", NEW_PASSWORD).status_code == 302
    assert _user("new@example.org").country_alpha3 == "NPL"


def test_expired_link_is_refused(client, signed_in, make, outbox):
    signed_in(make.user(Role.ADMIN))
    _invite(client)
    path = link_in(outbox[0].body).removeprefix("https://matchmaker.example.org")
    token = db.session.scalar(db.select(OneTimeToken))
    token.expires_at = token.created_at - timedelta(seconds=1)
    db.session.commit()
    assert client.get(path).status_code == 404


def test_facilitator_may_not_invite_staff(client, signed_in, make, outbox):
    signed_in(make.user(Role.FACILITATOR))
    response = _invite(client, email="boss@example.org", role="admin")
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert _user("boss@example.org") is None and outbox == []
    partner = _invite(
        client, email="p@example.org", role="partner", organisation="New Org Ltd"
    )
    assert partner.status_code == 302
    assert _user("p@example.org").organisation.name == "New Org Ltd"


def test_invite_form_requires_the_field_of_the_role(client, signed_in, make, outbox):
    signed_in(make.user(Role.ADMIN))
    response = _invite(client, role="partner", organisation="")
    assert "A partner needs an organisation." in response.get_data(as_text=True)
    response = _invite(client, role="focal-point", country="")
    assert "A focal point needs a country." in response.get_data(as_text=True)
    response = _invite(client, email="not an email")
    assert "valid email" in response.get_data(as_text=True)
    assert outbox == []


def test_reset_answers_the_same_and_sends_only_for_real_accounts(client, make, outbox):
    make.user(email="real@example.org")
    known = client.post("/account/forgot-password", data={"email": "real@example.org"})
    unknown = client.post("/account/forgot-password", data={"email": "no@example.org"})
    assert known.status_code == unknown.status_code == 302
    # Both answers flashed the same message.
    assert client.get(known.location).get_data(as_text=True).count("on its way") == 2
    [message] = outbox
    assert message.to == ["real@example.org"]
    path = link_in(message.body).removeprefix("https://matchmaker.example.org")
    refused = client.post(
        path, data={"new_password": "password1", "confirm": "password1"}
    )
    assert "commonly used" in refused.get_data(as_text=True)
    data = {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client.post(path, data=data).status_code == 302
    assert post_sign_in(client, "real@example.org", NEW_PASSWORD).status_code == 302
