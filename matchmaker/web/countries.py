"""Country pages: one per country, for its focal point and for the facilitators.

A focal point asking for another country's page gets 404, as for another country's
need: the address reveals nothing (``policy/region.py``).
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from werkzeug.wrappers import Response

from matchmaker import policy
from matchmaker.models import Role, User
from matchmaker.policy import allow, deny, role_in
from matchmaker.services import country_pages

bp = Blueprint("countries", __name__, url_prefix="/countries")

STAFF = role_in(Role.FACILITATOR, Role.ADMIN)
STAFF_AND_FOCAL = role_in(Role.FOCAL_POINT, Role.FACILITATOR, Role.ADMIN)


def _user() -> User:
    return current_user._get_current_object()


@bp.get("/")
@allow(STAFF)
def index() -> str | Response:
    """Every country with published needs, counted as the gap map counts them."""
    if not policy.can_view_countries(_user()):
        return deny()
    return render_template("countries/index.html", rows=country_pages.country_rows())


@bp.get("/<alpha3>")
@allow(STAFF_AND_FOCAL)
def detail(alpha3: str) -> str | Response:
    """A country's needs, pairings, the offers open to it, its gaps."""
    user = _user()
    country = country_pages.get_country(alpha3)
    if country is None or not policy.can_view_country(user, country.alpha3):
        return deny(country, conceal=True)
    return render_template(
        "countries/detail.html",
        page=country_pages.country_page(country, user),
        is_staff=policy.is_staff(user),
    )
