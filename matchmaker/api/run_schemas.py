"""Schemas of the match-run endpoints (``api/runs.py``): runs, progress, results.

Every field the views answer is declared here, required when always present and
nullable when it may be null, because the document is checked against every
response. The views dump plain dictionaries built from the stored run (see
``runs.run_body``), so each field's meaning is fixed in one place.
"""

from __future__ import annotations

import marshmallow as ma

from matchmaker.api.fields import alpha3, timestamp
from matchmaker.api.pagination import PageArgs, PaginationSchema, collection_schema
from matchmaker.models import RunKind, RunStatus


def described(field: ma.fields.Field, text: str) -> ma.fields.Field:
    """``field`` (say ``fields.slug()``, which sets its own) with ``text`` as its
    description in the document."""
    field.metadata = {**field.metadata, "description": text}
    return field


class StartRunSchema(ma.Schema):
    """The body of a start: nothing to choose (a full run over every open listing
    with the settings in force). A body, if sent, must be empty: unknown fields are
    refused, as everywhere."""


class RunStarterSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(
        required=True, metadata={"description": "Full name; empty when not given."}
    )
    email = ma.fields.String(required=True)


class RunProgressSchema(ma.Schema):
    state = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(["queued", "running", "stalled"]),
        metadata={
            "description": "queued: waiting for the worker; running; stalled: its "
            "worker stopped reporting (the next start marks it failed)."
        },
    )
    step = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Slug of the step under way while running."},
    )
    step_label = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The step under way, in words."},
    )
    done = ma.fields.Integer(required=True, metadata={"description": "Steps done."})
    total = ma.fields.Integer(required=True, metadata={"description": "All steps."})
    label = ma.fields.String(
        required=True,
        metadata={"description": "Where the run is, in words (as the Matching page)."},
    )
    waiting_for = ma.fields.String(
        required=True,
        allow_none=True,
        validate=ma.validate.OneOf(["no-worker", "another-run"]),
        metadata={
            "description": "Why a queued run has not started: no-worker (no "
            "background worker alive) or another-run (one is under way)."
        },
    )


class RunCountsSchema(ma.Schema):
    """What a succeeded run found; empty for a run that has not succeeded."""

    needs = ma.fields.Integer(metadata={"description": "Open needs scored."})
    offers = ma.fields.Integer(metadata={"description": "Open offers scored."})
    suggestions = ma.fields.Integer()
    pairings = ma.fields.Integer(metadata={"description": "Assigned pairs."})
    regional = ma.fields.Integer(metadata={"description": "Regional proposals."})
    hubs = ma.fields.Integer(metadata={"description": "Hub candidates."})
    unmet = ma.fields.Integer(metadata={"description": "Needs left without an offer."})
    expired_offers = ma.fields.Integer(
        metadata={"description": "Offers past their date closed before the run."}
    )


class MatchRunSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    kind = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf([kind.value for kind in RunKind]),
        metadata={"description": "full (every listing) or incremental (one listing)."},
    )
    status = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf([status.value for status in RunStatus]),
        metadata={"description": "queued, running, succeeded or failed."},
    )
    started_by = ma.fields.Nested(
        RunStarterSchema,
        required=True,
        allow_none=True,
        metadata={"description": "Who asked for it; null for the command line."},
    )
    started_at = timestamp(
        required=True,
        metadata={
            "description": "When the run was asked for (the Matching page's "
            "'Started'); a queued run keeps this time when the worker takes it."
        },
    )
    finished_at = timestamp(required=True, allow_none=True)
    counts = ma.fields.Nested(RunCountsSchema, required=True)
    settings = ma.fields.Dict(
        keys=ma.fields.String(),
        required=True,
        metadata={
            "description": "The weights and thresholds the run used, by name "
            "(empty until it starts)."
        },
    )
    progress = ma.fields.Nested(
        RunProgressSchema,
        required=True,
        allow_none=True,
        metadata={"description": "While queued or running; null afterwards."},
    )
    error = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Why a failed run stopped; null otherwise."},
    )


MatchRunPage = collection_schema(MatchRunSchema, "MatchRunPage")


class RunNeedSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    country = alpha3(required=True)


class RunOfferSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    organisation = ma.fields.String(
        required=True, metadata={"description": "Name of the offering organisation."}
    )


class RunAssignedPairSchema(ma.Schema):
    need = ma.fields.Nested(RunNeedSchema, required=True)
    offer = ma.fields.Nested(RunOfferSchema, required=True)
    score = ma.fields.Float(required=True, metadata={"description": "0 to 100."})
    rank = ma.fields.Integer(
        required=True, metadata={"description": "The offer's rank for this need."}
    )


class RunResultsSchema(ma.Schema):
    """A succeeded run's assigned pairs (paged), its unmet needs and its counts."""

    run_id = ma.fields.Integer(required=True)
    counts = ma.fields.Nested(RunCountsSchema, required=True)
    unmet_needs = ma.fields.List(
        ma.fields.Nested(RunNeedSchema),
        required=True,
        metadata={
            "description": "Needs the run found no offer for (those since deleted "
            "are left out; counts.unmet is what the run saw)."
        },
    )
    items = ma.fields.List(
        ma.fields.Nested(RunAssignedPairSchema),
        required=True,
        metadata={"description": "Assigned pairs, best score first."},
    )
    pagination = ma.fields.Nested(PaginationSchema, required=True)


class RunResultsArgs(PageArgs):
    """The page of assigned pairs asked for."""
