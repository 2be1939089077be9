"""API: Needs: list, read, post, edit, publish and withdraw.

The rules are the needs pages' (``web/listing_views.py`` with ``web/needs.py``):
whoever is signed in lists and reads the needs they may see (``policy.needs_visible_to``
and ``can_view_need``); only focal points post needs, for their own country, and
only the country's focal point edits a need (while it is a draft or open) or
publishes and withdraws it. Staff read every need but change none, as on the pages.

Order of the checks on one need: a need the caller may not see is 404; one they see
but may not change is 403; a change its status does not allow is 409 (it would fail
whatever the tags say); then ``If-Match`` (428, 412); then the body's terms (422).
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_login import current_user
from flask_smorest import abort
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import NotFound

from matchmaker import policy
from matchmaker.api import etags, pagination
from matchmaker.api.blueprint import Blueprint
from matchmaker.api.listing_schemas import (
    CREATED_HEADERS,
    ETAG_HEADERS,
    NeedChangeSchema,
    NeedCreateSchema,
    NeedPage,
    NeedQuerySchema,
    NeedSchema,
    check_filters,
    either,
    refuse_fields,
    require_json,
    status_words,
    term_errors,
)
from matchmaker.models import Category, Need, NeedStatus, Role, SupportType, User
from matchmaker.policy import SIGNED_IN, allow, deny, role_in
from matchmaker.policy.listings import EDITABLE_NEED_STATUSES, OWNER_NEED_TRANSITIONS
from matchmaker.services import needs
from matchmaker.services.listing import ListingConflict
from matchmaker.services.needs import NEED_ACTIONS, NeedData

bp = Blueprint(
    "api_needs",
    __name__,
    url_prefix="/api/v1",
    description="Needs: list, read, post, edit, publish and withdraw.",
)

# The pages' rule for posting and changing needs: focal points only.
OWNER = role_in(Role.FOCAL_POINT)
# Each action of NEED_ACTIONS, as the answer to a refused one says it.
DONE = {"publish": "published", "withdraw": "withdrawn"}
CONFLICT = (
    "The need changed while your request was handled, so nothing was saved. "
    "Read it again, then retry."
)

Answer = tuple[Need, int, dict[str, str]]


def _user() -> User:
    return current_user._get_current_object()


def _tag(need: Need) -> str:
    return etags.etag_of("need", need.id, need.version)


def _answer(need: Need, status: int = 200, **headers: str) -> Answer:
    """The need with its current ETag (and any other headers)."""
    return need, status, {**etags.headers(_tag(need)), **headers}


def _visible(need_id: int, *, for_update: bool = False) -> Need:
    """The need, if the caller may see it; 404 otherwise, as for an unknown id."""
    need = needs.get(need_id, for_update=for_update)
    if need is None:
        raise NotFound()  # the very answer ``deny`` gives for a hidden need
    if not policy.can_view_need(_user(), need):
        deny(need, conceal=True)
    return need


@bp.route("/needs", methods=["GET"])
@allow(SIGNED_IN)
@bp.arguments(NeedQuerySchema, location="query")
@bp.response(200, NeedPage)
def list_needs(args: dict[str, Any]) -> dict[str, Any]:
    """The needs you may see, most recently changed first.

    Focal points see every need of their own country, drafts included; partners see
    the published needs (open or in discussion) of every country; facilitators and
    admins see every need. `country` and `category` narrow the list (422 for a
    country outside the region or an unknown category); `q` keeps the needs in which
    every word appears, in any case, in the title, the description or the country's
    name.
    """
    check_filters(args)
    filters = needs.NeedFilters(
        country=args.get("country"),
        category=args.get("category"),
        status=args.get("status"),
        text=args.get("q") or None,
    )
    query = needs.filtered(_user(), filters).options(
        selectinload(Need.category), selectinload(Need.support_types)
    )
    return pagination.body(pagination.page_of(query, args))


@bp.route("/needs/<int:need_id>", methods=["GET"])
@allow(SIGNED_IN)
@bp.response(200, NeedSchema, headers=ETAG_HEADERS)
def get_need(need_id: int) -> Answer:
    """One need, with the ETag to send in If-Match when changing it."""
    return _answer(_visible(need_id))


@bp.route("/needs", methods=["POST"])
@allow(OWNER)
@bp.arguments(NeedCreateSchema, location="json")
@bp.response(201, NeedSchema, headers=CREATED_HEADERS)
def create_need(body: dict[str, Any]) -> Answer:
    """Post a need for your country (focal points); it is saved as a draft.

    The country, the owner and the status are never taken from the body: the need
    belongs to your country and starts as a draft that only your country and staff
    see, as on the pages. Publish it with POST /api/v1/needs/{need_id}/publish.
    `priority` defaults to medium; `budget_usd` and `deadline` to none.
    """
    user = _user()
    if not policy.can_create_need(user):
        deny()
    need = needs.create(user, _need_data(body))
    return _answer(need, 201, Location=url_for(".get_need", need_id=need.id))


@bp.route("/needs/<int:need_id>", methods=["PATCH"])
@allow(OWNER)
@bp.arguments(NeedChangeSchema, location="json")
@bp.response(200, NeedSchema, headers=ETAG_HEADERS)
@bp.doc(**etags.IF_MATCH_DOC)
def update_need(changes: dict[str, Any], need_id: int) -> Answer:
    """Change some fields of a need of your country (a draft or open need).

    Only the fields sent change; the others keep their values (send null to clear
    `budget_usd` or `deadline`). The result must be a valid need, as the edit form
    checks it. An empty object changes nothing.
    """
    require_json()
    need = _visible(need_id, for_update=True)
    if not policy.can_edit_need(_user(), need):
        if need.status in EDITABLE_NEED_STATUSES:
            deny(need)
        abort(
            409,
            message=f"This need is {status_words(need.status)}, so it can no longer "
            "be changed. A need can be changed while it is a draft or open.",
        )
    checked = need.version
    etags.require_if_match(_tag(need))
    if not changes:
        return _answer(need)
    data = _need_data({**_current_values(need), **changes}, need)
    try:
        needs.update(need, checked, data)
    except ListingConflict:
        abort(412, message=CONFLICT)
    return _answer(need)


@bp.route("/needs/<int:need_id>/publish", methods=["POST"])
@allow(OWNER)
@bp.response(200, NeedSchema, headers=ETAG_HEADERS)
@bp.doc(**etags.IF_MATCH_DOC)
def publish_need(need_id: int) -> Answer:
    """Publish a draft need of your country, so that partners see it."""
    return _change_status(need_id, "publish")


@bp.route("/needs/<int:need_id>/withdraw", methods=["POST"])
@allow(OWNER)
@bp.response(200, NeedSchema, headers=ETAG_HEADERS)
@bp.doc(**etags.IF_MATCH_DOC)
def withdraw_need(need_id: int) -> Answer:
    """Withdraw a need of your country; its open pairings end with it.

    A need can be withdrawn while it is a draft, open or in discussion.
    """
    return _change_status(need_id, "withdraw")


def _change_status(need_id: int, action: str) -> Answer:
    """Take ``action`` on the need, as the pages' status buttons do."""
    need = _visible(need_id, for_update=True)
    target = NEED_ACTIONS[action]
    if not policy.can_change_need_status(_user(), need, target):
        if target in OWNER_NEED_TRANSITIONS.get(need.status, frozenset()):
            deny(need)
        abort(409, message=_refused_move(need, action))
    checked = need.version
    etags.require_if_match(_tag(need))
    try:
        needs.change_status(need, checked, action, _user())
    except ListingConflict:
        abort(412, message=CONFLICT)
    return _answer(need)


def _refused_move(need: Need, action: str) -> str:
    """Why ``action`` cannot be taken now, and when it could be."""
    target = NEED_ACTIONS[action]
    sources = [s for s in NeedStatus if target in OWNER_NEED_TRANSITIONS.get(s, ())]
    when = either([status_words(s) for s in sources]) or "never"
    return (
        f"This need is {status_words(need.status)}, so it cannot be {DONE[action]}. "
        f"A need can be {DONE[action]} while it is {when}."
    )


def _current_values(need: Need) -> dict[str, Any]:
    """The need's fields as the body names them, for a partial change."""
    return {
        "title": need.title,
        "description": need.description,
        "category": need.category.slug if need.category else None,
        "support_types": [s.slug for s in need.support_types],
        "priority": need.priority,
        "budget_usd": need.budget_usd,
        "deadline": need.deadline,
    }


def _need_data(values: dict[str, Any], need: Need | None = None) -> NeedData:
    """The service's data from complete values; 422 for terms that cannot be
    chosen (active ones, as the form offers, plus retired ones the need has)."""
    category, types = values.get("category"), values.get("support_types") or []
    current_category = [need.category] if need and need.category else []
    errors = {
        "category": term_errors(Category, [category], current_category)
        if category
        else ["Choose a category."],
        "support_types": term_errors(
            SupportType, types, need.support_types if need else []
        )
        if types
        else ["Choose at least one kind of support."],
    }
    refuse_fields({field: messages for field, messages in errors.items() if messages})
    assert category is not None  # refused above otherwise
    return NeedData(
        title=values["title"],
        description=values["description"],
        category_slug=category,
        support_type_slugs=tuple(dict.fromkeys(types)),
        priority=values["priority"],
        budget_usd=values["budget_usd"],
        deadline=values["deadline"],
    )
