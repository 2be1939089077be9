"""Expressions of interest from listing pages, and what listing pages show of them.

On an offer, a focal point asks for an introduction for one of their country's
needs; on a need, a partner offers support with one of their organisation's open
offers. The other side sees that interest was expressed (by which country or
organisation), never who or how to reach them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from matchmaker import policy
from matchmaker.extensions import db
from matchmaker.forms.review import InterestForm
from matchmaker.models import (
    InterestSide,
    Need,
    Offer,
    Role,
    User,
)
from matchmaker.policy import allow, deny, role_in
from matchmaker.services import interests, needs, offers, pairing_pages
from matchmaker.services.exclusions import remaining_capacity
from matchmaker.services.interests import AlreadyExpressed

bp = Blueprint("interests", __name__)

ASK_LABEL = "For which of your country's needs?"
SUPPORT_LABEL = "With which of your organisation's offers?"


def _user() -> User:
    return current_user._get_current_object()


def ask_form(user: User, offer: Offer) -> InterestForm | None:
    """The "Ask for an introduction" form for a focal point on ``offer``."""
    if not policy.can_ask_for_introduction(user, offer, None):
        return None
    choices = [(str(n.id), n.title) for n in interests.own_needs(user)]
    return InterestForm().set_choices(ASK_LABEL, choices) if choices else None


def support_form(user: User, need: Need) -> InterestForm | None:
    """The "Offer support" form for a partner on ``need``."""
    if not policy.can_offer_support(user, need, None):
        return None
    choices = [(str(o.id), o.title) for o in interests.own_offers(user)]
    return InterestForm().set_choices(SUPPORT_LABEL, choices) if choices else None


def need_extras(user: User, need: Need) -> dict[str, Any]:
    """What a need's page adds: interest shown, the form, visible pairings."""
    return {
        "interests": interests.visible_on(user, need),
        "interest_form": support_form(user, need),
        "pairings": pairing_pages.of_listing(user, need),
    }


def offer_extras(user: User, offer: Offer) -> dict[str, Any]:
    """What an offer's page adds: interest, the form, visible pairings, free places."""
    return {
        "interests": interests.visible_on(user, offer),
        "interest_form": ask_form(user, offer),
        "pairings": pairing_pages.of_listing(user, offer),
        "places_free": remaining_capacity(offer),
    }


@dataclass(frozen=True)
class _Way:
    """One way of expressing interest, seen from the page it is expressed on.

    Asking for an introduction happens on an offer and names a need; offering
    support happens on a need and names an offer. Everything else is the same.
    """

    side: InterestSide
    area: str  # the blueprint of the page: "offers" or "needs"
    form: Callable[[User, Any], InterestForm | None]
    get_picked: Callable[[int], Any]  # loads the listing named in the form
    allowed: Callable[[User, Any, Any], bool]  # (user, this listing, picked | None)
    can_view: Callable[[User, Any], bool]

    def pair(self, listing: Any, picked: Any) -> tuple[Need, Offer]:
        """(need, offer), whichever the page shows."""
        return (picked, listing) if self.area == "offers" else (listing, picked)


ASK = _Way(
    InterestSide.NEED,
    "offers",
    ask_form,
    needs.get,
    lambda user, offer, need: policy.can_ask_for_introduction(user, offer, need),
    policy.can_view_offer,
)
SUPPORT = _Way(
    InterestSide.OFFER,
    "needs",
    support_form,
    offers.get,
    lambda user, need, offer: policy.can_offer_support(user, need, offer),
    policy.can_view_need,
)


@bp.post("/offers/<int:offer_id>/interest")
@allow(role_in(Role.FOCAL_POINT))
def ask(offer_id: int) -> tuple | Response:
    """A focal point asks for an introduction to an offer."""
    return _take(ASK, offers.get(offer_id, for_update=True))


@bp.post("/needs/<int:need_id>/interest")
@allow(role_in(Role.PARTNER))
def support(need_id: int) -> tuple | Response:
    """A partner offers support for a need."""
    return _take(SUPPORT, needs.get(need_id, for_update=True))


def _take(way: _Way, listing: Any) -> tuple | Response:
    """Record the interest, or answer why not (404, 403 or the form with errors)."""
    if listing is None:
        abort(404)
    user = _user()
    if not way.allowed(user, listing, None):
        return deny(listing, conceal=not way.can_view(user, listing))
    form = way.form(user, listing)
    picked = _chosen(form, way.get_picked)
    if (
        form is None
        or picked is None
        or not form.validate_on_submit()
        or not way.allowed(user, listing, picked)
    ):
        db.session.rollback()
        return _again(form, way.area, listing)
    need, offer = way.pair(listing, picked)
    return _express(user, need, offer, way.side, form, way.area, listing.id)


def _chosen(form: InterestForm | None, get: Any) -> Any:
    """The listing picked in the form, when it is one of the offered choices."""
    if form is None:
        return None
    picked = form.listing.data or ""
    if picked not in {c.value for c in form.listing.choices if c.value}:
        return None
    return get(int(picked))


def _again(form: InterestForm | None, area: str, listing: Need | Offer) -> tuple:
    """The form with its errors (422): nothing was recorded."""
    if form is not None and not form.errors:
        form.listing.errors = ["Choose one of the listed items."]
    html = render_template("interests/form.html", form=form, area=area, listing=listing)
    return html, 422


def _express(
    user: User,
    need: Need,
    offer: Offer,
    side: InterestSide,
    form: InterestForm,
    area: str,
    listing_id: int,
) -> Response:
    try:
        interests.express(user, need, offer, side, form.message.data or "")
    except AlreadyExpressed:
        db.session.rollback()
        flash("You have already expressed interest in this pairing.", "info")
    else:
        flash(
            "Thank you: the facilitators will review the pairing. The other side "
            "is told of your interest, not your contact details.",
            "success",
        )
    values: dict[str, Any] = {f"{area[:-1]}_id": listing_id}
    return redirect(url_for(f"{area}.detail", **values))
