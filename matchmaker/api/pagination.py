"""Collections as ``{"items": [...], "pagination": {...}}`` with a bounded page size."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from sqlalchemy import Select

from matchmaker.services.listing import MAX_PAGE, Page, paginate

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100


class PageArgs(ma.Schema):
    """The page asked for; ``per_page`` is capped so no request reads a whole table."""

    page = ma.fields.Integer(
        load_default=1,
        validate=ma.validate.Range(min=1, max=MAX_PAGE),
        metadata={"description": "Page number, from 1."},
    )
    per_page = ma.fields.Integer(
        load_default=DEFAULT_PER_PAGE,
        validate=ma.validate.Range(min=1, max=MAX_PER_PAGE),
        metadata={"description": f"Items per page, 1 to {MAX_PER_PAGE}."},
    )


class PaginationSchema(ma.Schema):
    page = ma.fields.Integer(required=True)
    per_page = ma.fields.Integer(required=True)
    total = ma.fields.Integer(required=True, metadata={"description": "All items."})
    pages = ma.fields.Integer(required=True, metadata={"description": "All pages."})


def collection_schema(item: type[ma.Schema], name: str) -> type[ma.Schema]:
    """A collection schema of ``item`` named ``name`` in the OpenAPI document."""
    return type(
        name,
        (ma.Schema,),
        {
            "items": ma.fields.List(ma.fields.Nested(item), required=True),
            "pagination": ma.fields.Nested(PaginationSchema, required=True),
        },
    )


def page_of(query: Select, args: dict[str, Any]) -> Page:
    """Run ``query`` for the page in ``args`` (a loaded ``PageArgs``)."""
    return paginate(query, args["page"], args["per_page"])


def body(page: Page, items: list[Any] | None = None) -> dict[str, Any]:
    """The collection body; ``items`` replaces the page's rows when given."""
    return {
        "items": page.items if items is None else items,
        "pagination": {
            "page": page.number,
            "per_page": page.per_page,
            "total": page.total,
            "pages": page.pages,
        },
    }


def of_list(rows: list[Any], args: dict[str, Any]) -> dict[str, Any]:
    """A collection body for rows already in memory (short, bounded lists)."""
    start = (args["page"] - 1) * args["per_page"]
    page = Page(
        rows[start : start + args["per_page"]],
        args["page"],
        args["per_page"],
        len(rows),
    )
    return body(page)
