"""The pages of a kind of listing: scoped list, detail, create, edit, status changes.

Needs and offers are handled alike: the route rule admits a role, the policy decides
on the object, the form validates, and a service writes. Object checks come before
form validation, so a refused user learns nothing from error messages; a listing the
user may not even see answers 404, as if it did not exist. What differs between the
two kinds is data: one ``ListingKind`` each, in ``web/needs.py`` and
``web/offers.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from matchmaker.forms.common import VersionedActionForm
from matchmaker.forms.filters import ListingFilterForm
from matchmaker.models import NeedStatus, OfferStatus, Role, User
from matchmaker.policy import SIGNED_IN, allow, deny, role_in
from matchmaker.services.create_once import AlreadyCreated
from matchmaker.services.listing import ListingConflict, clamp_page
from matchmaker.services.suggestions import Suggestions

Listing = Any  # a Need or an Offer


@dataclass(frozen=True)
class ListingKind:
    """Everything that tells the needs pages from the offers pages."""

    name: str  # "need": endpoints "needs.*", URLs /needs/<need_id>, templates needs/
    statuses: type[NeedStatus] | type[OfferStatus]
    # get, list_page, create, created_with, update, change_status, *_ACTIONS
    service: ModuleType
    filters: Callable[..., Any]
    actions: Mapping[str, NeedStatus | OfferStatus]
    done: dict[str, str]  # action -> past participle for the confirmation
    owner: Role
    form: Callable[..., Any]
    edit_form: Callable[..., Any]
    initial_data: Callable[[Listing], dict[str, Any]]
    can_view: Callable[[User, Listing], bool]
    can_create: Callable[[User], bool]
    can_edit: Callable[[User, Listing], bool]
    can_change_status: Callable[[User, Listing, Any], bool]
    suggested: Callable[[User, Listing], Any]
    # Interest and pairings shown on the detail page (template variables).
    extras: Callable[[User, Listing], dict[str, Any]]
    country_label: str | None = None
    # Starting values of a new listing from the query string (an offer for an
    # open call: ``?call=<id>``); None, or a hook answering None, starts blank.
    new_initial: Callable[[User, Any], dict[str, Any] | None] | None = None

    @property
    def plural(self) -> str:
        return f"{self.name}s"

    @property
    def id_arg(self) -> str:
        return f"{self.name}_id"

    @property
    def conflict_message(self) -> str:
        return (
            f"Someone else changed this {self.name} after you opened it, so your "
            f"changes were not saved. Open the {self.name} again to see the current "
            "version, then make your change."
        )


def listing_blueprint(kind: ListingKind) -> Blueprint:
    """The blueprint of one kind of listing, with the endpoints the templates use."""
    bp = Blueprint(kind.plural, __name__, url_prefix=f"/{kind.plural}")
    pages = _Pages(kind)
    owner = allow(role_in(kind.owner))
    item = f"/<int:{kind.id_arg}>"
    actions = ", ".join(kind.actions)
    rules = (
        ("/", "index", allow(SIGNED_IN)(pages.index), ["GET"]),
        (item, "detail", allow(SIGNED_IN)(pages.detail), ["GET"]),
        ("/new", "create", owner(pages.create), ["GET", "POST"]),
        (f"{item}/edit", "edit", owner(pages.edit), ["GET", "POST"]),
        (f"{item}/<any({actions}):action>", "change_status", owner(pages.status), None),
    )
    for rule, endpoint, view, methods in rules:
        bp.add_url_rule(rule, endpoint, view, methods=methods or ["POST"])
    return bp


class _Pages:
    """The views of one kind; each takes the URL's ``<kind>_id`` by keyword."""

    def __init__(self, kind: ListingKind) -> None:
        self.kind = kind

    @staticmethod
    def _user() -> User:
        return current_user._get_current_object()

    def _load(self, values: dict[str, Any]) -> Listing:
        """The listing, locked for the request's transaction when it writes."""
        listing = self.kind.service.get(
            values[self.kind.id_arg], for_update=request.method == "POST"
        )
        if listing is None:
            abort(404)
        return listing

    def _refuse(self, listing: Listing) -> Response:
        concealed = not self.kind.can_view(self._user(), listing)
        return deny(listing, conceal=concealed)

    def _detail_url(self, listing_id: int) -> str:
        values: dict[str, Any] = {self.kind.id_arg: listing_id}
        return url_for(".detail", **values)

    def index(self) -> str:
        """The listings the user may see, filtered and paged."""
        kind = self.kind
        form = ListingFilterForm(formdata=request.args)
        form.set_choices(kind.statuses)
        if kind.country_label:
            form.country.label.text = kind.country_label
        form.validate()
        status = form.value("status")
        filters = kind.filters(
            country=form.value("country"),
            category=form.value("category"),
            status=kind.statuses(status) if status else None,
        )
        number = clamp_page(request.args.get("page"))
        return render_template(
            f"{kind.plural}/index.html",
            page=kind.service.list_page(self._user(), filters, number),
            form=form,
            filters={k: v for k, v in vars(filters).items() if v},
            can_create=kind.can_create(self._user()),
        )

    def _render_detail(
        self,
        listing: Listing,
        status: int = 200,
        message: str = "",
        suggested: Suggestions | None = None,
    ) -> tuple[str, int]:
        user, kind = self._user(), self.kind
        actions = [
            action
            for action, new_status in kind.actions.items()
            if kind.can_change_status(user, listing, new_status)
        ]
        html = render_template(
            f"{kind.plural}/detail.html",
            **{kind.name: listing},
            can_edit=kind.can_edit(user, listing),
            actions=actions,
            message=message,
            suggestions=suggested,
            **kind.extras(user, listing),
        )
        return html, status

    def detail(self, **values: Any) -> tuple | Response:
        """One listing, the actions the user may take on it, and its suggestions."""
        listing = self._load(values)
        if not self.kind.can_view(self._user(), listing):
            return self._refuse(listing)
        suggested = self.kind.suggested(self._user(), listing)
        return self._render_detail(listing, suggested=suggested)

    def create(self) -> tuple | Response:
        """A new draft listing of the user's own country or organisation."""
        user, kind = self._user(), self.kind
        if not kind.can_create(user):
            return deny()
        initial = None
        if kind.new_initial is not None and request.method == "GET":
            initial = kind.new_initial(user, request.args)
        form = kind.form(data=initial).set_choices()
        token = form.create_token.data
        # A form sent again (its first answer lost) is answered before validation:
        # its values may no longer pass (a deadline now past), yet it was saved.
        earlier = kind.service.created_with(token) if form.is_submitted() else None
        if earlier is not None:
            return self._already_saved(earlier)
        if form.validate_on_submit():
            try:
                listing = kind.service.create(user, form.to_data(), token)
            except AlreadyCreated as done:  # the same form, sent twice at once
                return self._already_saved(done.listing)
            flash(
                f"{kind.name.capitalize()} saved as a draft. Publish it when it is "
                "ready.",
                "success",
            )
            return redirect(self._detail_url(listing.id))
        status = 422 if form.is_submitted() else 200
        template = f"{kind.plural}/form.html"
        return render_template(template, form=form, **{kind.name: None}), status

    def _already_saved(self, listing: Listing) -> Response:
        """The answer to a create form sent again: the listing it made the first
        time, or the refusal anyone else asking for that listing would get."""
        if not self.kind.can_view(self._user(), listing):
            return self._refuse(listing)
        flash(f"This {self.kind.name} was already saved; here it is.", "info")
        return redirect(self._detail_url(listing.id))

    def edit(self, **values: Any) -> tuple | Response:
        """Change a listing, refusing a save made on an older version."""
        kind = self.kind
        listing = self._load(values)
        if not kind.can_edit(self._user(), listing):
            return self._refuse(listing)
        initial = kind.initial_data(listing) if request.method == "GET" else None
        form = kind.edit_form(data=initial).set_choices(listing)
        template = f"{kind.plural}/form.html"
        if form.validate_on_submit():
            try:
                kind.service.update(listing, form.version.data, form.to_data())
            except ListingConflict:
                current = self._load(values)
                html = render_template(
                    template,
                    form=form,
                    conflict=kind.conflict_message,
                    **{kind.name: current},
                )
                return html, 409
            flash(f"{kind.name.capitalize()} saved.", "success")
            return redirect(self._detail_url(listing.id))
        status = 422 if form.is_submitted() else 200
        return render_template(template, form=form, **{kind.name: listing}), status

    def status(self, action: str, **values: Any) -> tuple | Response:
        """Publish a draft, or withdraw or close a listing, as its owner."""
        kind = self.kind
        listing = self._load(values)
        if not kind.can_change_status(self._user(), listing, kind.actions[action]):
            return self._refuse(listing)
        form = VersionedActionForm()
        if not form.validate_on_submit():
            abort(400, "This form has lost its version. Reload the page.")
        try:
            kind.service.change_status(listing, form.version.data, action, self._user())
        except ListingConflict:
            current = self._load(values)
            return self._render_detail(current, 409, kind.conflict_message)
        flash(f"{kind.name.capitalize()} {kind.done[action]}.", "success")
        return redirect(self._detail_url(listing.id))
