"""Offers pages: the scoped list, one offer, create, edit and status changes.

Thin views: the route rule admits a role, the policy decides on the object, the form
validates, and a service writes. Object checks come before form validation, so a
refused user learns nothing from error messages.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from matchmaker import policy
from matchmaker.forms.common import VersionedActionForm
from matchmaker.forms.filters import ListingFilterForm
from matchmaker.forms.offers import OfferEditForm, OfferForm, initial_data
from matchmaker.models import Offer, OfferStatus, Role, User
from matchmaker.policy import SIGNED_IN, allow, deny, role_in
from matchmaker.services import offers, suggestions
from matchmaker.services.listing import ListingConflict, clamp_page

bp = Blueprint("offers", __name__, url_prefix="/offers")

CONFLICT_MESSAGE = (
    "Someone else changed this offer after you opened it, so your changes were not "
    "saved. Open the offer again to see the current version, then make your change."
)


def _user() -> User:
    return current_user._get_current_object()


def _refuse(offer: Offer) -> Response:
    """Refuse; a offer the user may not even see is answered as if it did not exist."""
    return deny(offer, conceal=not policy.can_view_offer(_user(), offer))


def _load(offer_id: int) -> Offer:
    """The offer, locked for the request's transaction when the request writes."""
    offer = offers.get(offer_id, for_update=request.method == "POST")
    if offer is None:
        abort(404)
    return offer


@bp.get("/")
@allow(SIGNED_IN)
def index() -> str:
    """The offers the user may see, filtered and paged."""
    form = ListingFilterForm(formdata=request.args)
    form.set_choices(OfferStatus)
    form.country.label.text = "Eligible country"
    form.validate()
    status = form.value("status")
    filters = offers.OfferFilters(
        country=form.value("country"),
        category=form.value("category"),
        status=OfferStatus(status) if status else None,
    )
    page = offers.list_page(_user(), filters, clamp_page(request.args.get("page")))
    return render_template(
        "offers/index.html",
        page=page,
        form=form,
        filters={k: v for k, v in vars(filters).items() if v},
        can_create=policy.can_create_offer(_user()),
    )


def _render_detail(
    offer: Offer,
    status: int = 200,
    message: str = "",
    suggested: suggestions.Suggestions | None = None,
) -> tuple:
    user = _user()
    actions = [
        action
        for action, new_status in offers.OFFER_ACTIONS.items()
        if policy.can_change_offer_status(user, offer, new_status)
    ]
    html = render_template(
        "offers/detail.html",
        offer=offer,
        can_edit=policy.can_edit_offer(user, offer),
        actions=actions,
        message=message,
        suggestions=suggested,
    )
    return html, status


@bp.get("/<int:offer_id>")
@allow(SIGNED_IN)
def detail(offer_id: int) -> tuple | Response:
    """One offer, the actions the user may take on it, and the needs that fit it."""
    offer = _load(offer_id)
    if not policy.can_view_offer(_user(), offer):
        return _refuse(offer)
    return _render_detail(offer, suggested=suggestions.fitting_needs(_user(), offer))


@bp.route("/new", methods=["GET", "POST"])
@allow(role_in(Role.PARTNER))
def create() -> tuple | Response:
    """A new draft offer of the partner's organisation."""
    user = _user()
    if not policy.can_create_offer(user):
        return deny()
    form = OfferForm().set_choices()
    if form.validate_on_submit():
        offer = offers.create(user, form.to_data())
        flash("Offer saved as a draft. Publish it when it is ready.", "success")
        return redirect(url_for(".detail", offer_id=offer.id))
    status = 422 if form.is_submitted() else 200
    return render_template("offers/form.html", form=form, offer=None), status


@bp.route("/<int:offer_id>/edit", methods=["GET", "POST"])
@allow(role_in(Role.PARTNER))
def edit(offer_id: int) -> tuple | Response:
    """Change a offer, refusing a save made on an older version."""
    offer = _load(offer_id)
    if not policy.can_edit_offer(_user(), offer):
        return _refuse(offer)
    initial = initial_data(offer) if request.method == "GET" else None
    form = OfferEditForm(data=initial).set_choices(offer)
    if form.validate_on_submit():
        try:
            offers.update(offer, form.version.data, form.to_data())
        except ListingConflict:
            offer = _load(offer_id)
            html = render_template(
                "offers/form.html", form=form, offer=offer, conflict=CONFLICT_MESSAGE
            )
            return html, 409
        flash("Offer saved.", "success")
        return redirect(url_for(".detail", offer_id=offer_id))
    status = 422 if form.is_submitted() else 200
    return render_template("offers/form.html", form=form, offer=offer), status


@bp.post("/<int:offer_id>/<any(publish, close):action>")
@allow(role_in(Role.PARTNER))
def change_status(offer_id: int, action: str) -> tuple | Response:
    """Publish a draft, or close an offer, as a partner of its organisation."""
    offer = _load(offer_id)
    if not policy.can_change_offer_status(_user(), offer, offers.OFFER_ACTIONS[action]):
        return _refuse(offer)
    form = VersionedActionForm()
    if not form.validate_on_submit():
        abort(400, "This form has lost its version. Reload the page.")
    try:
        offers.change_status(offer, form.version.data, action)
    except ListingConflict:
        return _render_detail(_load(offer_id), 409, CONFLICT_MESSAGE)
    flash(f"Offer {'published' if action == 'publish' else 'closed'}.", "success")
    return redirect(url_for(".detail", offer_id=offer_id))
