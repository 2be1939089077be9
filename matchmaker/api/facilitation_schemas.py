"""Schemas of the facilitation API: suggestions, interest, pairings and decisions.

Bodies are strict like the forms they stand for (``forms/review.py``): the same
choices, the same lengths, the same refusal of control characters. Responses are
built by the ``present_*`` functions from what the services hand the pages, so the
API shows a user what the pages show them and nothing else: contact details only
where ``pairing_pages.detail`` gives them, people behind an interest only to staff.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

import marshmallow as ma

from matchmaker.api.fields import alpha3, slug, strict_integer, timestamp
from matchmaker.api.pagination import PaginationSchema, collection_schema
from matchmaker.forms.common import EARLIEST_DATE, LATEST_DATE
from matchmaker.forms.review import REPORTABLE
from matchmaker.matching import ExplanationItem
from matchmaker.models import (
    Interest,
    InterestSide,
    Need,
    Offer,
    Pairing,
    PairingEvent,
    PairingStatus,
)
from matchmaker.routing import LARGEST_ID
from matchmaker.services import pairing_pages
from matchmaker.services.review_queue import SCORE_BANDS
from matchmaker.services.setting_fields import COMPARISON_LABELS

NOTE_MAX = 2000  # the forms' notes and messages
# What the forms refuse (forms/common.py), and lone surrogates, which JSON can
# carry but no database can store.
_REFUSED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
DECISIONS = ("accept", "decline", "defer")
# How the pairing page names each step of the timeline.
EVENT_LABELS = {
    "accept": "Accepted",
    "decline": "Declined",
    "defer": "Put aside",
    "introduce": "Parties introduced",
    "close": "Closed",
    "interest": "Interest expressed",
}


# Request fields ----------------------------------------------------------------------


class Note(ma.fields.String):
    """Free text as the forms take it: trimmed, at most 2,000 characters, and
    without control characters."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("load_default", "")
        super().__init__(
            validate=[
                ma.validate.Length(
                    max=NOTE_MAX, error="Keep this to 2,000 characters or fewer."
                ),
                _no_control_characters,
            ],
            **kwargs,
        )

    def _deserialize(
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        return text.strip()


def _no_control_characters(value: str) -> None:
    if _REFUSED.search(value):
        raise ma.ValidationError("Remove the control characters from this text.")


def database_id(**kwargs: Any) -> ma.fields.Integer:
    """An id in a body: a JSON integer the databases can hold."""
    return strict_integer(validate=ma.validate.Range(min=1, max=LARGEST_ID), **kwargs)


def query_id(**kwargs: Any) -> ma.fields.Integer:
    """An id in the query string (text there, so not strict)."""
    return ma.fields.Integer(
        validate=ma.validate.Range(min=1, max=LARGEST_ID), **kwargs
    )


# Request bodies ----------------------------------------------------------------------


class InterestBody(ma.Schema):
    """Ask for an introduction (focal point) or offer support (partner)."""

    need_id = database_id(
        required=True,
        metadata={"description": "A focal point names one of their country's "
                  "published needs; a partner names the need they support."},
    )  # fmt: skip
    offer_id = database_id(
        required=True,
        metadata={"description": "A partner names one of their organisation's "
                  "open offers; a focal point names the offer they ask about."},
    )  # fmt: skip
    message = Note(
        metadata={"description": "Message to the facilitators (optional). The "
                  "other side is told that interest was expressed, not by whom."},
    )  # fmt: skip


class DecisionBody(ma.Schema):
    """A facilitator's decision on a suggested pair, as on the review page."""

    need_id = database_id(required=True)
    offer_id = database_id(required=True)
    decision = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(DECISIONS),
        metadata={"description": "accept, decline or defer."},
    )
    cooperation_model = slug(
        metadata={"description": "Accepting: how the parties will cooperate "
                  "(slug of an active cooperation model). Required to accept."},
    )  # fmt: skip
    reason = slug(
        metadata={"description": "Declining: slug of an active decline reason. "
                  "Required to decline."},
    )  # fmt: skip
    defer_until = ma.fields.Date(
        validate=ma.validate.Range(
            min=EARLIEST_DATE,
            max=LATEST_DATE,
            error="Enter a date between 2000 and 2100.",
        ),
        metadata={"description": "Deferring: the day to look at the pair again, "
                  "after today. Required to defer."},
    )  # fmt: skip
    note = Note(metadata={"description": "Note for the timeline (optional)."})
    version = strict_integer(
        validate=ma.validate.Range(min=0, max=LARGEST_ID),
        metadata={"description": "The version of the pair's pairing you decided "
                  "on (0 when it had none). When given, a decision on a pair that "
                  "changed since is refused with 409."},
    )  # fmt: skip

    @ma.validates_schema
    def _fields_of_the_decision(self, data: dict[str, Any], **_kwargs: Any) -> None:
        """Each decision has its own field, required for it and refused otherwise."""
        own = {
            "accept": ("cooperation_model", "Choose how the parties will cooperate."),
            "decline": ("reason", "Choose a reason."),
            "defer": ("defer_until", "Enter the date to look at it again."),
        }
        decision = data.get("decision")
        errors: dict[str, list[str]] = {}
        for action, (name, missing) in own.items():
            if action == decision and not data.get(name):
                errors[name] = [missing]
            elif action != decision and name in data:
                errors[name] = [f"Only a decision to {action} takes this field."]
        if errors:
            raise ma.ValidationError(errors)


class IntroduceBody(ma.Schema):
    """Introduce the parties: both are sent each other's contact details."""

    note = Note(metadata={"description": "Note for both parties (optional)."})


class ReportBody(ma.Schema):
    """Report how an introduced pairing is going."""

    status = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf([s.value for s in REPORTABLE]),
        metadata={"description": "What has happened: agreed, in_progress, "
                  "completed or stalled. Only the steps that follow from the "
                  "pairing's status are taken (see next_steps.report)."},
    )  # fmt: skip
    note = Note(metadata={"description": "Note (optional)."})


class CloseBody(ma.Schema):
    """End a pairing under way, with a reason."""

    reason = slug(
        required=True,
        metadata={"description": "Slug of an active decline reason."},
    )
    note = Note(metadata={"description": "Details (optional)."})


# Query arguments ---------------------------------------------------------------------


class PairingFilterFields(ma.Schema):
    """Filters of the pairings list (merged with the page arguments)."""

    status = ma.fields.String(
        validate=ma.validate.OneOf([s.value for s in PairingStatus]),
        metadata={"description": "Only pairings with this status (slug)."},
    )
    need_id = query_id(metadata={"description": "Only the pairings of this need."})
    offer_id = query_id(metadata={"description": "Only the pairings of this offer."})


# Responses ---------------------------------------------------------------------------


class NeedRefSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    country = alpha3(required=True)
    country_name = ma.fields.String(required=True)


class OfferRefSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    organisation_id = ma.fields.Integer(required=True)
    organisation = ma.fields.String(
        required=True, metadata={"description": "The organisation's name."}
    )


class PairingRefSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True)
    status_label = ma.fields.String(required=True)


class ExplanationItemSchema(ma.Schema):
    """One comparison behind a score."""

    comparison = ma.fields.String(
        required=True, metadata={"description": "The engine's name of the comparison."}
    )
    label = ma.fields.String(
        required=True, metadata={"description": "What was compared, in words."}
    )
    need_value = ma.fields.String(
        required=True, metadata={"description": "The need's value (may be empty)."}
    )
    offer_value = ma.fields.String(
        required=True, metadata={"description": "The offer's value (may be empty)."}
    )
    similarity = ma.fields.Float(
        required=True, metadata={"description": "How alike, from 0 to 1."}
    )
    weight = ma.fields.Float(
        required=True, metadata={"description": "How much the comparison counts."}
    )
    contribution = ma.fields.Float(
        required=True,
        metadata={"description": "Points it adds: similarity × weight × 100."},
    )


class _SuggestionFields(ma.Schema):
    rank = ma.fields.Integer(required=True, metadata={"description": "1 is the best."})
    score = ma.fields.Float(
        required=True, metadata={"description": "Score from 0 to 100."}
    )
    band = ma.fields.String(
        required=True,
        metadata={"description": "Score band: strong, good or weak."},
    )
    band_label = ma.fields.String(
        required=True, metadata={"description": "The band in words."}
    )
    explanation = ma.fields.List(ma.fields.Nested(ExplanationItemSchema), required=True)
    explanation_total = ma.fields.Float(
        required=True,
        metadata={"description": "The contributions added up: the score, to "
                  "rounding."},
    )  # fmt: skip
    pairing = ma.fields.Nested(
        PairingRefSchema,
        required=True,
        allow_none=True,
        metadata={"description": "The pair's pairing when you may see it."},
    )


class SuggestedOfferSchema(_SuggestionFields):
    """An offer suggested for a need."""

    offer_id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    organisation_id = ma.fields.Integer(required=True)
    organisation = ma.fields.String(required=True)


class SuggestedNeedSchema(_SuggestionFields):
    """A need that fits an offer."""

    need_id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    country = alpha3(required=True)
    country_name = ma.fields.String(required=True)


_REASON = "Why nothing is suggested, in words; empty when there are suggestions."


class SuggestedOfferPage(ma.Schema):
    """Offers suggested for a need, best first."""

    items = ma.fields.List(ma.fields.Nested(SuggestedOfferSchema), required=True)
    pagination = ma.fields.Nested(PaginationSchema, required=True)
    reason = ma.fields.String(required=True, metadata={"description": _REASON})


class SuggestedNeedPage(ma.Schema):
    """Needs that fit an offer, best first."""

    items = ma.fields.List(ma.fields.Nested(SuggestedNeedSchema), required=True)
    pagination = ma.fields.Nested(PaginationSchema, required=True)
    reason = ma.fields.String(required=True, metadata={"description": _REASON})


class InterestSchema(ma.Schema):
    """An expression of interest, as listing pages show it: which country or
    organisation, never who."""

    id = ma.fields.Integer(required=True)
    side = ma.fields.String(
        required=True,
        metadata={"description": "need: the need's country asked for an "
                  "introduction; offer: the offer's organisation offered support."},
    )  # fmt: skip
    summary = ma.fields.String(required=True)
    need = ma.fields.Nested(NeedRefSchema, required=True)
    offer = ma.fields.Nested(OfferRefSchema, required=True)
    created_at = timestamp(required=True)


InterestPage = collection_schema(InterestSchema, "InterestPage")


class PairingSummarySchema(ma.Schema):
    """A pairing as the pairings list shows it."""

    id = ma.fields.Integer(required=True)
    need = ma.fields.Nested(NeedRefSchema, required=True)
    offer = ma.fields.Nested(OfferRefSchema, required=True)
    status = ma.fields.String(required=True)
    status_label = ma.fields.String(required=True)
    cooperation_model = ma.fields.String(required=True, allow_none=True)
    cooperation_model_label = ma.fields.String(required=True, allow_none=True)
    introduced = ma.fields.Boolean(required=True)
    introduced_at = timestamp(required=True, allow_none=True)
    created_at = timestamp(required=True)
    updated_at = timestamp(required=True)


PairingPage = collection_schema(PairingSummarySchema, "PairingPage")


class EventSchema(ma.Schema):
    """One step of the timeline."""

    at = timestamp(required=True)
    action = ma.fields.String(required=True)
    label = ma.fields.String(required=True)
    from_status = ma.fields.String(required=True, allow_none=True)
    to_status = ma.fields.String(required=True)
    actor = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Who took the step; null: the service itself."},
    )
    note = ma.fields.String(required=True)


class ContactSchema(ma.Schema):
    name = ma.fields.String(required=True)
    email = ma.fields.String(required=True)
    phone = ma.fields.String(required=True)
    organisation = ma.fields.String(required=True)


class ContactsSchema(ma.Schema):
    need_side = ma.fields.List(ma.fields.Nested(ContactSchema), required=True)
    offer_side = ma.fields.List(ma.fields.Nested(ContactSchema), required=True)


class PairingInterestSchema(ma.Schema):
    """Interest in the pair, with who expressed it (staff only)."""

    person = ma.fields.String(required=True)
    side = ma.fields.String(required=True)
    message = ma.fields.String(required=True)
    created_at = timestamp(required=True)


class SiblingSchema(ma.Schema):
    """Another pairing of the same regional cooperation."""

    need_title = ma.fields.String(required=True)
    country = alpha3(required=True)
    country_name = ma.fields.String(required=True)
    status = ma.fields.String(required=True)
    status_label = ma.fields.String(required=True)


class NextStepsSchema(ma.Schema):
    """The steps the caller may take now (the forms the pairing page offers)."""

    introduce = ma.fields.Boolean(required=True)
    report = ma.fields.List(
        ma.fields.String(),
        required=True,
        metadata={"description": "Statuses the caller may report now."},
    )
    close = ma.fields.Boolean(required=True)


class PairingSchema(PairingSummarySchema):
    """One pairing in full, as the caller may see it."""

    version = ma.fields.Integer(required=True)
    reason = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Why it was declined or closed (slug)."},
    )
    reason_label = ma.fields.String(required=True, allow_none=True)
    reason_details = ma.fields.String(required=True)
    deferred_until = ma.fields.Date(required=True, allow_none=True)
    regional = ma.fields.Boolean(
        required=True,
        metadata={"description": "Part of a regional cooperation: its pairings "
                  "move together."},
    )  # fmt: skip
    timeline = ma.fields.List(ma.fields.Nested(EventSchema), required=True)
    contacts = ma.fields.Nested(
        ContactsSchema,
        required=True,
        allow_none=True,
        metadata={"description": "Both parties' contact details: for staff, and "
                  "for the parties from the introduction on; null otherwise."},
    )  # fmt: skip
    interests = ma.fields.List(
        ma.fields.Nested(PairingInterestSchema),
        required=True,
        metadata={"description": "Interest in the pair (staff only; empty for "
                  "others)."},
    )  # fmt: skip
    siblings = ma.fields.List(ma.fields.Nested(SiblingSchema), required=True)
    next_steps = ma.fields.Nested(NextStepsSchema, required=True)


# Presenting --------------------------------------------------------------------------


def utc(moment: datetime | None) -> datetime | None:
    """A stored time in UTC (PostgreSQL hands times back in its own zone)."""
    return moment.astimezone(UTC) if moment is not None else None


def band_of(score: float) -> tuple[str, str]:
    """The review queue's score band (slug, words) of ``score``."""
    for name, (low, high, label) in SCORE_BANDS.items():
        if low <= score < high:
            return name, label
    name = "strong" if score >= 100 else "weak"
    return name, SCORE_BANDS[name][2]


def present_explanation(items: tuple[ExplanationItem, ...]) -> list[dict[str, Any]]:
    return [
        {
            "comparison": item.comparison,
            "label": COMPARISON_LABELS.get(item.comparison, item.comparison),
            "need_value": item.need,
            "offer_value": item.offer,
            "similarity": item.similarity,
            "weight": item.weight,
            "contribution": item.contribution,
        }
        for item in items
    ]


def present_pairing_ref(pairing: Pairing | None) -> dict[str, Any] | None:
    if pairing is None:
        return None
    return {
        "id": pairing.id,
        "status": pairing.status.value,
        "status_label": pairing.status.label,
    }


def present_need(need: Need) -> dict[str, Any]:
    return {
        "id": need.id,
        "title": need.title,
        "country": need.country_alpha3,
        "country_name": need.country.name,
    }


def present_offer(offer: Offer) -> dict[str, Any]:
    return {
        "id": offer.id,
        "title": offer.title,
        "organisation_id": offer.organisation_id,
        "organisation": offer.organisation.name,
    }


def present_interest(interest: Interest) -> dict[str, Any]:
    """An interest as listing pages tell it."""
    if interest.side is InterestSide.NEED:
        summary = f"{interest.need.country.name} asked for an introduction"
    else:
        summary = f"{interest.offer.organisation.name} offered support"
    return {
        "id": interest.id,
        "side": interest.side.value,
        "summary": summary,
        "need": present_need(interest.need),
        "offer": present_offer(interest.offer),
        "created_at": utc(interest.created_at),
    }


def present_summary(pairing: Pairing) -> dict[str, Any]:
    model = pairing.cooperation_model
    return {
        "id": pairing.id,
        "need": present_need(pairing.need),
        "offer": present_offer(pairing.offer),
        "status": pairing.status.value,
        "status_label": pairing.status.label,
        "cooperation_model": model.slug if model else None,
        "cooperation_model_label": model.label if model else None,
        "introduced": pairing.introduced,
        "introduced_at": utc(pairing.introduced_at),
        "created_at": utc(pairing.created_at),
        "updated_at": utc(pairing.updated_at),
    }


def present_event(event: PairingEvent) -> dict[str, Any]:
    """A timeline step, named and attributed as the pairing page does."""
    if event.action == "report":
        label = f"Progress: {event.to_status.label.lower()}"
    else:
        label = EVENT_LABELS.get(event.action, event.to_status.label)
    actor = event.actor
    return {
        "at": utc(event.at),
        "action": event.action,
        "label": label,
        "from_status": event.from_status.value if event.from_status else None,
        "to_status": event.to_status.value,
        "actor": (actor.full_name or actor.email) if actor is not None else None,
        "note": event.note,
    }


def present_pairing(
    pairing: Pairing,
    page: pairing_pages.PairingPage,
    *,
    introduce: bool,
    report: frozenset[PairingStatus],
    close: bool,
) -> dict[str, Any]:
    """The pairing in full: ``page`` is ``pairing_pages.detail`` for the caller,
    so contacts and interests are exactly what their pairing page shows."""
    contacts = None
    if page.show_contacts:
        contacts = {
            "need_side": [asdict(c) for c in page.need_contacts],
            "offer_side": [asdict(c) for c in page.offer_contacts],
        }
    reason = pairing.reason
    deferred: date | None = pairing.deferred_until
    return {
        **present_summary(pairing),
        "version": pairing.version,
        "reason": reason.slug if reason else None,
        "reason_label": reason.label if reason else None,
        "reason_details": pairing.reason_details or "",
        "deferred_until": deferred,
        "regional": pairing.regional_cooperation_id is not None,
        "timeline": [present_event(e) for e in page.timeline],
        "contacts": contacts,
        "interests": [
            {
                "person": i.user.full_name or i.user.email,
                "side": i.side.value,
                "message": i.message,
                "created_at": utc(i.created_at),
            }
            for i in page.interests
        ],
        "siblings": [
            {
                "need_title": p.need.title,
                "country": p.need.country_alpha3,
                "country_name": p.need.country.name,
                "status": p.status.value,
                "status_label": p.status.label,
            }
            for p in page.siblings
        ],
        "next_steps": {
            "introduce": introduce,
            "report": sorted(s.value for s in report),
            "close": close,
        },
    }
