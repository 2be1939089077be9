"""A create form sent again (its first answer lost) saves one listing, not two.

Each "Post a need" or "Post an offer" page carries a one-time token; the listing is
saved with it under a unique constraint, so a second sending, even one racing the
first, answers with the listing the first one made.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.forms.create_token import new_token, well_formed
from matchmaker.models import Need, Offer, Role
from tests.conftest import sign_in_as
from tests.web.conftest import count

RACERS = 4
TOKEN_INPUT = re.compile(r'<input[^>]*name="create_token"[^>]*>')
TOKEN_VALUE = re.compile(r'value="([^"]*)"')


@dataclass(frozen=True)
class Kind:
    """One kind of listing as the create tests drive it."""

    name: str
    model: type[Need] | type[Offer]
    role: Role
    form: dict[str, str]

    @property
    def new_url(self) -> str:
        return f"/{self.name}s/new"

    def detail_url(self, listing_id: int) -> str:
        return f"/{self.name}s/{listing_id}"


NEED = Kind(
    "need",
    Need,
    Role.FOCAL_POINT,
    {
        "title": "Genomic surveillance laboratory",
        "description": "Sequencers and training for pathogen genomics.",
        "category": "testing-laboratory",
        "support_types": "technical",
        "priority": "high",
        "budget_usd": "250000",
    },
)
OFFER = Kind(
    "offer",
    Offer,
    Role.PARTNER,
    {
        "title": "Sequencing platform and training",
        "description": "Two sequencers and a bioinformatics course.",
        "categories": "testing-laboratory",
        "support_types": "technical",
        "eligible_any": "y",
        "capacity": "3",
        "modality": "either",
    },
)
KINDS = pytest.mark.parametrize("kind", [NEED, OFFER], ids=["need", "offer"])


def _owner(make, kind: Kind, **kwargs):
    return make.user(kind.role, **kwargs)


def _token_on_page(client: FlaskClient, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    field = TOKEN_INPUT.search(html)
    assert field is not None, "the page has no create token"
    value = TOKEN_VALUE.search(field.group(0))
    assert value is not None
    return value.group(1)


def _listings(kind: Kind) -> list:
    db.session.rollback()
    return list(db.session.scalars(select(kind.model).order_by(kind.model.id)))


@KINDS
def test_the_create_page_carries_a_fresh_well_formed_token(app, make, kind):
    client = sign_in_as(app.test_client(), _owner(make, kind))
    first = _token_on_page(client, kind.new_url)
    second = _token_on_page(client, kind.new_url)
    assert well_formed(first) and well_formed(second)
    assert first != second
    assert 'type="hidden"' in TOKEN_INPUT.search(
        client.get(kind.new_url).get_data(as_text=True)
    ).group(0)


@KINDS
def test_the_edit_page_carries_no_create_token(app, make, kind):
    owner = _owner(make, kind)
    client = sign_in_as(app.test_client(), owner)
    created = client.post(kind.new_url, data={**kind.form, "create_token": new_token()})
    listing_id = int(created.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    html = client.get(f"{kind.detail_url(listing_id)}/edit").get_data(as_text=True)
    assert 'name="version"' in html
    assert TOKEN_INPUT.search(html) is None


@KINDS
def test_the_same_form_sent_twice_saves_once_and_answers_with_the_first(
    app, make, kind
):
    client = sign_in_as(app.test_client(), _owner(make, kind))
    token = _token_on_page(client, kind.new_url)
    first = client.post(kind.new_url, data={**kind.form, "create_token": token})
    assert first.status_code == 302
    second = client.post(kind.new_url, data={**kind.form, "create_token": token})
    listings = _listings(kind)
    assert len(listings) == 1
    assert listings[0].create_token == token
    assert second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert second.headers["Location"].endswith(kind.detail_url(listings[0].id))
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert f"This {kind.name} was already saved; here it is." in page


@KINDS
def test_a_form_sent_again_with_values_now_invalid_still_finds_the_first(
    app, make, kind
):
    client = sign_in_as(app.test_client(), _owner(make, kind))
    token = new_token()
    first = client.post(kind.new_url, data={**kind.form, "create_token": token})
    again = client.post(
        kind.new_url, data={**kind.form, "title": "", "create_token": token}
    )
    assert again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    assert count(kind.model) == 1


@KINDS
def test_two_forms_save_two_listings(app, make, kind):
    client = sign_in_as(app.test_client(), _owner(make, kind))
    for _ in range(2):
        token = _token_on_page(client, kind.new_url)
        response = client.post(kind.new_url, data={**kind.form, "create_token": token})
        assert response.status_code == 302
    listings = _listings(kind)
    assert len(listings) == 2
    assert listings[0].create_token != listings[1].create_token


@KINDS
def test_a_form_redisplayed_with_errors_keeps_its_token(app, make, kind):
    client = sign_in_as(app.test_client(), _owner(make, kind))
    token = new_token()
    invalid = client.post(
        kind.new_url, data={**kind.form, "title": "", "create_token": token}
    )
    assert invalid.status_code == 422
    field = TOKEN_INPUT.search(invalid.get_data(as_text=True))
    assert field is not None and f'value="{token}"' in field.group(0)
    assert count(kind.model) == 0


@KINDS
def test_the_same_form_sent_at_once_saves_exactly_one(app, make, kind):
    owner = _owner(make, kind)
    clients = [sign_in_as(app.test_client(), owner) for _ in range(RACERS)]
    token = new_token()
    barrier = threading.Barrier(RACERS)
    answers: dict[int, tuple[int, str]] = {}

    def send(number: int) -> None:
        barrier.wait()
        response = clients[number].post(
            kind.new_url, data={**kind.form, "create_token": token}
        )
        answers[number] = (response.status_code, response.headers.get("Location", ""))

    threads = [threading.Thread(target=send, args=(n,)) for n in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    listings = _listings(kind)
    assert len(listings) == 1
    assert len(answers) == RACERS
    expected = kind.detail_url(listings[0].id)
    for status, location in answers.values():
        assert status == 302
        assert location.endswith(expected)


@KINDS
def test_someone_else_sending_a_used_token_is_refused_as_if_nothing_existed(
    app, make, kind
):
    owner = _owner(make, kind)
    token = new_token()
    sign_in_as(app.test_client(), owner).post(
        kind.new_url, data={**kind.form, "create_token": token}
    )
    other = (
        _owner(make, kind, country="THA") if kind.role is Role.FOCAL_POINT
        else _owner(make, kind)
    )  # fmt: skip
    response = sign_in_as(app.test_client(), other).post(
        kind.new_url, data={**kind.form, "create_token": token}
    )
    assert response.status_code == 404
    assert count(kind.model) == 1


@KINDS
@pytest.mark.parametrize(
    "token",
    ["", "short", "x" * 44, "y" * 65, "a" * 20 + "/.+", "é" * 22, "\x00" * 22],
    ids=["empty", "short", "over-column", "over-64", "slash", "accents", "nul"],
)
def test_a_malformed_or_missing_token_creates_as_before(app, make, kind, token):
    client = sign_in_as(app.test_client(), _owner(make, kind))
    for _ in range(2):
        response = client.post(kind.new_url, data={**kind.form, "create_token": token})
        assert response.status_code == 302
    response = client.post(kind.new_url, data=kind.form)  # a page from before tokens
    assert response.status_code == 302
    listings = _listings(kind)
    assert len(listings) == 3
    tokens = {listing.create_token for listing in listings}
    assert len(tokens) == 3 and all(well_formed(t) for t in tokens)


@KINDS
def test_losing_the_race_at_the_unique_constraint_answers_with_the_winner(
    app, make, kind, monkeypatch
):
    """The checks before the insert can both miss (PostgreSQL, two requests at
    once); the unique constraint then refuses the second insert, and that refusal
    is answered like any other resent form."""
    from matchmaker.services import create_once

    client = sign_in_as(app.test_client(), _owner(make, kind))
    token = new_token()
    first = client.post(kind.new_url, data={**kind.form, "create_token": token})
    real = create_once.created_with
    calls: list[str] = []

    def late(model, value):
        calls.append(value)
        # The view's check and the service's miss; the lookup after the refusal sees.
        return None if len(calls) <= 2 else real(model, value)

    monkeypatch.setattr(create_once, "created_with", late)
    second = client.post(kind.new_url, data={**kind.form, "create_token": token})
    assert second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert count(kind.model) == 1
    assert len(calls) == 3
