"""Schemas shared by the needs and offers endpoints: bodies, filters, representations.

The body fields take the same values with the same limits as the page forms
(``forms/needs.py``, ``forms/offers.py``); the form validators of
``forms/common.py`` are reused through ``form_rule`` so that one rule gives one
message on the pages and in the API. What a schema cannot know on its own (which
categories and support types are active, which countries belong to the region) is
checked against the taxonomy by the views, after the object checks, with the
helpers at the end of this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import marshmallow as ma
from flask import request, url_for
from flask_smorest import abort
from marshmallow.validate import Length
from wtforms.validators import ValidationError as FormValidationError

from matchmaker.api.fields import StrictBoolean, alpha3, slug, strict_integer, timestamp
from matchmaker.api.pagination import PageArgs, collection_schema
from matchmaker.api.reference import DacCodeSchema
from matchmaker.dac_codes import DacCode, codes_for
from matchmaker.forms.common import (
    MAX_BUDGET_USD,
    budget_in_range,
    date_in_range,
    no_control_characters,
    not_in_past,
)
from matchmaker.models import (
    Category,
    Modality,
    Need,
    NeedStatus,
    Offer,
    OfferStatus,
    Priority,
    SupportType,
)
from matchmaker.services import taxonomy

MAX_TITLE = 200
MAX_DESCRIPTION = 10_000
MAX_SEARCH = 200
MIN_CAPACITY, MAX_CAPACITY = 1, 1000
# Far more than the taxonomy holds, so that no real choice is cut off, yet a
# request cannot make the checks walk a list of millions.
MAX_TERMS = 50
MAX_COUNTRIES = 100
MAX_SUB_REGIONS = 20


ETAG_HEADERS: dict[str, Any] = {
    "ETag": {
        "description": "The listing's tag: send it in If-Match to change it.",
        "schema": {"type": "string"},
    }
}
CREATED_HEADERS: dict[str, Any] = {
    **ETAG_HEADERS,
    "Location": {
        "description": "Where the new listing is read.",
        "schema": {"type": "string"},
    },
}


def status_words(status: NeedStatus | OfferStatus) -> str:
    """A status as a sentence says it: "a draft", "open", "in discussion"."""
    return "a draft" if status.value == "draft" else status.value.replace("_", " ")


def either(words: list[str]) -> str:
    """Words as a sentence lists alternatives: "a draft, open or in discussion"."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} or {words[-1]}"


# Fields ------------------------------------------------------------------------


def form_rule(rule: Callable[[Any, Any], None]) -> Callable[[Any], None]:
    """A WTForms validator of ``forms/common.py`` as a marshmallow validator."""

    def check(value: Any) -> None:
        try:
            rule(None, SimpleNamespace(data=value))
        except FormValidationError as error:
            raise ma.ValidationError(str(error)) from None

    return check


class Text(ma.fields.String):
    """Text as the forms take it: trimmed, without control characters.

    A JSON string may also carry lone surrogates (``"\\ud800"``), which no database
    can store as UTF-8; they are refused here instead of failing on the write.
    """

    default_error_messages = {
        "encoding": "Remove the characters that are not valid text.",
    }

    def __init__(self, **kwargs: Any) -> None:
        validate = kwargs.pop("validate", [])
        super().__init__(
            validate=[*validate, form_rule(no_control_characters)], **kwargs
        )

    def _deserialize(
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise self.make_error("encoding") from None
        return text.strip()


class Money(ma.fields.Decimal):
    """US dollars as a JSON number (a string is refused), to the cent.

    Read into a ``Decimal`` (the float's shortest text, so ``0.1`` is exactly
    ten cents) and written back as a JSON number: whole amounts as integers.
    """

    def __init__(self, **kwargs: Any) -> None:
        metadata = {
            "description": "US dollars, from 0 to 10,000,000,000, at most two "
            "decimals, as a JSON number (not a string).",
            "minimum": 0,
            "maximum": int(MAX_BUDGET_USD),
            **kwargs.pop("metadata", {}),
        }
        super().__init__(
            metadata=metadata, validate=form_rule(budget_in_range), **kwargs
        )

    def _validated(self, value: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid", input=value)
        return super()._validated(value)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is None:
            return None
        amount = Decimal(value)
        return int(amount) if amount == amount.to_integral_value() else float(amount)


def _enum(enum: Any, **kwargs: Any) -> ma.fields.Enum:
    """An enumeration as its slug (``"in_discussion"``), listed in the document."""
    return ma.fields.Enum(enum, by_value=ma.fields.String, **kwargs)


def _terms(one: str, many: str, **kwargs: Any) -> ma.fields.List:
    """At least one slug of a term, like the form's required checkboxes."""
    limits = [
        Length(min=1, error=f"Choose at least one {one}."),
        Length(max=MAX_TERMS, error=f"Choose at most {MAX_TERMS} {many}."),
    ]
    return ma.fields.List(slug(), validate=limits, **kwargs)


def _when(create: bool, default: Any = ma.missing) -> dict[str, Any]:
    """Creating: required, or ``default`` when absent. Changing: absent keeps it."""
    if not create:
        return {}
    if default is ma.missing:
        return {"required": True}
    return {"load_default": default}


def _title(create: bool) -> Text:
    return Text(
        validate=[
            Length(min=1, error="Enter a title."),
            Length(max=MAX_TITLE, error="Keep the title to 200 characters or fewer."),
        ],
        metadata={"description": "1 to 200 characters, trimmed."},
        **_when(create),
    )


def _description(create: bool) -> Text:
    return Text(
        validate=[
            Length(
                max=MAX_DESCRIPTION,
                error="Keep the description to 10,000 characters.",
            )
        ],
        metadata={"description": "Up to 10,000 characters, trimmed."},
        **_when(create, ""),
    )


def _day(create: bool, what: str) -> ma.fields.Date:
    return ma.fields.Date(
        allow_none=True,
        validate=[form_rule(date_in_range), form_rule(not_in_past)],
        metadata={
            "description": f"{what}: today or later, before 2101; null for none."
        },
        **_when(create, None),
    )


# Bodies ------------------------------------------------------------------------


def _need_body(create: bool) -> type[ma.Schema]:
    """A need's fields: all of them to post one, any of them to change one."""
    fields: dict[str, ma.fields.Field] = {
        "title": _title(create),
        "description": _description(create),
        "category": slug(
            metadata={"description": "A category slug (GET /api/v1/categories)."},
            **_when(create),
        ),
        "support_types": _terms(
            "kind of support",
            "support types",
            metadata={"description": "Support type slugs (GET /api/v1/support-types)."},
            **_when(create),
        ),
        "priority": _enum(Priority, **_when(create, Priority.MEDIUM)),
        "budget_usd": Money(allow_none=True, **_when(create, None)),
        "deadline": _day(create, "Deadline"),
    }
    return ma.Schema.from_dict(fields, name="NeedCreate" if create else "NeedChange")


def _offer_body(create: bool) -> type[ma.Schema]:
    """An offer's fields: all of them to post one, any of them to change one."""
    fields: dict[str, ma.fields.Field] = {
        "title": _title(create),
        "description": _description(create),
        "categories": _terms(
            "category",
            "categories",
            metadata={"description": "Category slugs (GET /api/v1/categories)."},
            **_when(create),
        ),
        "support_types": _terms(
            "kind of support",
            "support types",
            metadata={"description": "Support type slugs (GET /api/v1/support-types)."},
            **_when(create),
        ),
        "eligible_any": StrictBoolean(
            metadata={
                "description": "True: any country of the region may benefit; then "
                "both eligibility lists must be empty. False: at least one country "
                "or sub-region must be listed."
            },
            **_when(create, False),
        ),
        "eligible_countries": ma.fields.List(
            alpha3(),
            validate=Length(max=MAX_COUNTRIES),
            **_when(create, list),
        ),
        "eligible_sub_regions": ma.fields.List(
            slug(),
            validate=Length(max=MAX_SUB_REGIONS),
            metadata={"description": "Sub-region slugs (GET /api/v1/sub-regions)."},
            **_when(create, list),
        ),
        "capacity": strict_integer(
            validate=ma.validate.Range(
                MIN_CAPACITY, MAX_CAPACITY, error="Enter a capacity from 1 to 1000."
            ),
            metadata={"description": "How many needs or countries it can serve."},
            **_when(create, 1),
        ),
        "modality": _enum(Modality, **_when(create, Modality.EITHER)),
        "budget_usd": Money(allow_none=True, **_when(create, None)),
        "valid_until": _day(create, "Valid until"),
    }
    return ma.Schema.from_dict(fields, name="OfferCreate" if create else "OfferChange")


NeedCreateSchema = _need_body(create=True)
NeedChangeSchema = _need_body(create=False)
OfferCreateSchema = _offer_body(create=True)
OfferChangeSchema = _offer_body(create=False)


# Filters -----------------------------------------------------------------------


def _search(owner: str) -> Text:
    return Text(
        validate=[Length(max=MAX_SEARCH, error="Keep the search to 200 characters.")],
        metadata={
            "description": "Words that must all appear, in any case, in the title, "
            f"the description or the {owner}'s name."
        },
    )


class NeedQuerySchema(PageArgs):
    """Filters of the needs list; the page arguments come from ``PageArgs``."""

    country = alpha3()
    category = slug()
    status = _enum(NeedStatus)
    q = _search("country")


class OfferQuerySchema(PageArgs):
    """Filters of the offers list; ``country`` keeps offers eligible for it."""

    country = alpha3()
    category = slug()
    status = _enum(OfferStatus)
    q = _search("organisation")


# Representations ---------------------------------------------------------------


class ListingLinksSchema(ma.Schema):
    self_ = ma.fields.String(data_key="self", required=True)
    suggestions = ma.fields.String(
        required=True,
        metadata={"description": "The suggestions of the matching for this listing."},
    )


class ListingOrganisationSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


def _codes(codes: Iterable[DacCode]) -> list[dict[str, str]]:
    """DAC codes as the reference endpoint gives them, each once, in order."""
    unique = {code.code: code for code in codes}
    return [{"code": c.code, "name": c.name} for c in unique.values()]


def _links(self_url: str, plural: str, listing_id: int) -> dict[str, str]:
    # Built as a path: the suggestions views live in another module.
    suggestions = f"/api/v1/{plural}/{listing_id}/suggestions"
    return {"self_": self_url, "suggestions": suggestions}


class NeedSchema(ma.Schema):
    """A need as its viewers see it."""

    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    status = _enum(NeedStatus, required=True)
    country = alpha3(required=True)
    category = ma.fields.String(required=True, allow_none=True)
    support_types = ma.fields.List(ma.fields.String(), required=True)
    priority = _enum(Priority, required=True)
    budget_usd = Money(required=True, allow_none=True)
    deadline = ma.fields.Date(required=True, allow_none=True)
    created_at = timestamp(required=True)
    updated_at = timestamp(required=True)
    version = ma.fields.Integer(
        required=True, metadata={"description": "Moves with every change."}
    )
    dac_codes = ma.fields.List(
        ma.fields.Nested(DacCodeSchema),
        required=True,
        metadata={"description": "OECD DAC purpose codes of its category."},
    )
    links = ma.fields.Nested(ListingLinksSchema, required=True)

    @ma.pre_dump
    def _values(self, need: Need, **_kwargs: Any) -> dict[str, Any]:
        category = need.category.slug if need.category else None
        return {
            "id": need.id,
            "title": need.title,
            "description": need.description,
            "status": need.status,
            "country": need.country_alpha3,
            "category": category,
            "support_types": [s.slug for s in need.support_types],
            "priority": need.priority,
            "budget_usd": need.budget_usd,
            "deadline": need.deadline,
            "created_at": need.created_at,
            "updated_at": need.updated_at,
            "version": need.version,
            "dac_codes": _codes(codes_for(category)),
            "links": _links(
                url_for("api_needs.get_need", need_id=need.id), "needs", need.id
            ),
        }


def eligible_any(offer: Offer) -> bool:
    """True when every country may benefit: marked so, or nothing listed (as the
    form shows it)."""
    return offer.eligible_any or not (
        offer.eligible_countries or offer.eligible_sub_regions
    )


class OfferSchema(ma.Schema):
    """An offer as its viewers see it."""

    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    status = _enum(OfferStatus, required=True)
    organisation = ma.fields.Nested(ListingOrganisationSchema, required=True)
    categories = ma.fields.List(ma.fields.String(), required=True)
    support_types = ma.fields.List(ma.fields.String(), required=True)
    eligible_any = ma.fields.Boolean(
        required=True,
        metadata={"description": "True when any country of the region may benefit."},
    )
    eligible_countries = ma.fields.List(ma.fields.String(), required=True)
    eligible_sub_regions = ma.fields.List(ma.fields.String(), required=True)
    capacity = ma.fields.Integer(required=True)
    modality = _enum(Modality, required=True)
    budget_usd = Money(required=True, allow_none=True)
    valid_until = ma.fields.Date(required=True, allow_none=True)
    created_at = timestamp(required=True)
    updated_at = timestamp(required=True)
    version = ma.fields.Integer(
        required=True, metadata={"description": "Moves with every change."}
    )
    dac_codes = ma.fields.List(
        ma.fields.Nested(DacCodeSchema),
        required=True,
        metadata={"description": "OECD DAC purpose codes of its categories."},
    )
    links = ma.fields.Nested(ListingLinksSchema, required=True)

    @ma.pre_dump
    def _values(self, offer: Offer, **_kwargs: Any) -> dict[str, Any]:
        categories = [c.slug for c in offer.categories]
        return {
            "id": offer.id,
            "title": offer.title,
            "description": offer.description,
            "status": offer.status,
            "organisation": {
                "id": offer.organisation.id,
                "name": offer.organisation.name,
            },
            "categories": categories,
            "support_types": [s.slug for s in offer.support_types],
            "eligible_any": eligible_any(offer),
            "eligible_countries": [c.alpha3 for c in offer.eligible_countries],
            "eligible_sub_regions": [s.slug for s in offer.eligible_sub_regions],
            "capacity": offer.capacity,
            "modality": offer.modality,
            "budget_usd": offer.budget_usd,
            "valid_until": offer.valid_until,
            "created_at": offer.created_at,
            "updated_at": offer.updated_at,
            "version": offer.version,
            "dac_codes": _codes(c for slug in categories for c in codes_for(slug)),
            "links": _links(
                url_for("api_offers.get_offer", offer_id=offer.id), "offers", offer.id
            ),
        }


NeedPage = collection_schema(NeedSchema, "NeedPage")
OfferPage = collection_schema(OfferSchema, "OfferPage")


# Checks against the taxonomy ------------------------------------------------------


def require_json() -> None:
    """400 for a change sent as anything but JSON: its body would otherwise read
    as an empty object and the change would silently do nothing."""
    if not request.is_json:
        abort(400, message="Send the changes as a JSON object (application/json).")


def refuse_fields(errors: dict[str, list[str]]) -> None:
    """Answer 422 with ``errors`` by field, when there are any."""
    if errors:
        abort(422, errors=errors)


def term_errors(
    model: type[Category] | type[SupportType],
    slugs: Iterable[str],
    current: Iterable[Any] = (),
) -> list[str]:
    """Why these slugs cannot be chosen: active terms only, as the form offers them,
    plus retired ones the listing already has (``current``)."""
    allowed = {value for value, _label in taxonomy.term_choices(model, current)}
    unknown = sorted(set(slugs) - allowed)
    if not unknown:
        return []
    noun, path = (
        ("category", "categories")
        if model is Category
        else ("support type", "support-types")
    )
    return [
        f"Not a {noun} that can be chosen: {', '.join(unknown)}. The active ones "
        f"are listed at /api/v1/{path}."
    ]


def country_errors(codes: Iterable[str], current: Iterable[str] = ()) -> list[str]:
    """Why these alpha-3 codes cannot be chosen: countries of the region only."""
    allowed = {c.alpha3 for c in taxonomy.escap_countries()} | set(current)
    unknown = sorted(set(codes) - allowed)
    if not unknown:
        return []
    return [
        f"Not a country of the region: {', '.join(unknown)}. The countries are "
        "listed at /api/v1/countries."
    ]


def sub_region_errors(slugs: Iterable[str]) -> list[str]:
    """Why these sub-region slugs cannot be chosen."""
    allowed = {s.slug for s in taxonomy.sub_regions()}
    unknown = sorted(set(slugs) - allowed)
    if not unknown:
        return []
    return [
        f"Not a sub-region: {', '.join(unknown)}. The sub-regions are listed at "
        "/api/v1/sub-regions."
    ]


def check_filters(args: dict[str, Any]) -> None:
    """422 for a country outside the region or a category that does not exist
    (the list pages offer the same choices, retired categories included)."""
    errors: dict[str, list[str]] = {}
    if args.get("country"):
        errors["country"] = country_errors([args["country"]])
    category = args.get("category")
    if category and category not in {c.slug for c in taxonomy.categories()}:
        errors["category"] = [
            f"Not a category: {category}. The categories are listed at "
            "/api/v1/categories."
        ]
    refuse_fields({field: messages for field, messages in errors.items() if messages})
