"""Load the reference data of ``taxonomy`` into the database, idempotently.

Written against lightweight table descriptions (not the ORM models) so that
migrations may call it whatever the models later become. It only inserts what is
missing and never overwrites: an admin's edits to labels survive every upgrade.
"""

from __future__ import annotations

import pycountry
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from matchmaker import taxonomy

sub_regions = sa.table("sub_regions", sa.column("slug"), sa.column("label"))
countries = sa.table(
    "countries",
    *(
        sa.column(name)
        for name in (
            "alpha3",
            "alpha2",
            "name",
            "sub_region_slug",
            "escap_member",
            "escap_associate",
            "ldc",
            "lldc",
            "sids",
        )
    ),
)
categories = sa.table(
    "categories",
    *(
        sa.column(n)
        for n in ("id", "slug", "label", "description", "active", "position")
    ),
)
category_relations = sa.table(
    "category_relations", sa.column("category_id"), sa.column("related_id")
)
support_types = sa.table(
    "support_types",
    *(
        sa.column(n)
        for n in ("id", "slug", "label", "description", "active", "position")
    ),
)

decline_reasons = sa.table(
    "decline_reasons",
    *(
        sa.column(n)
        for n in (
            "id",
            "slug",
            "label",
            "description",
            "active",
            "position",
            "comparison",
        )
    ),
)
cooperation_models = sa.table(
    "cooperation_models",
    *(
        sa.column(n)
        for n in ("id", "slug", "label", "description", "active", "position")
    ),
)


def ensure_reference_data(connection: Connection) -> None:
    """Insert whatever sub-regions, countries, categories and support types are
    missing."""
    _insert_missing(
        connection,
        sub_regions,
        "slug",
        [{"slug": s, "label": label} for s, label in taxonomy.SUB_REGIONS.items()],
    )
    _insert_missing(connection, countries, "alpha3", _country_rows())
    _insert_missing(
        connection,
        categories,
        "slug",
        [
            {
                "slug": c.slug,
                "label": c.label,
                "description": c.description,
                "active": True,
                "position": i,
            }
            for i, c in enumerate(taxonomy.CATEGORIES)
        ],
    )
    _insert_missing(
        connection,
        support_types,
        "slug",
        [
            {
                "slug": s.slug,
                "label": s.label,
                "description": s.description,
                "active": True,
                "position": i,
            }
            for i, s in enumerate(taxonomy.SUPPORT_TYPES)
        ],
    )
    _ensure_relations(connection)
    ensure_facilitation_terms(connection)


def ensure_facilitation_terms(connection: Connection) -> None:
    """Insert the decline reasons and cooperation models that are missing.

    Separate because these tables arrived with revision 0006: the earlier revisions
    call ``ensure_reference_data`` before the tables exist, so they skip this part.
    """
    if not sa.inspect(connection).has_table("decline_reasons"):
        return
    _insert_missing(
        connection,
        decline_reasons,
        "slug",
        [
            {**_term_row(reason, i), "comparison": comparison}
            for i, (reason, comparison) in enumerate(taxonomy.DECLINE_REASONS)
        ],
    )
    _insert_missing(
        connection,
        cooperation_models,
        "slug",
        [_term_row(m, i) for i, m in enumerate(taxonomy.COOPERATION_MODELS)],
    )


def _term_row(term: taxonomy.SupportTypeDef, position: int) -> dict:
    return {
        "slug": term.slug,
        "label": term.label,
        "description": term.description,
        "active": True,
        "position": position,
    }


def _country_rows() -> list[dict]:
    members = taxonomy.ESCAP_SUB_REGION
    return [
        {
            "alpha3": c.alpha_3,
            "alpha2": c.alpha_2,
            "name": getattr(c, "common_name", None) or c.name,
            "sub_region_slug": members.get(c.alpha_3),
            "escap_member": c.alpha_3 in members
            or c.alpha_3 in taxonomy.ESCAP_NON_REGIONAL_MEMBERS,
            "escap_associate": c.alpha_3 in taxonomy.ESCAP_ASSOCIATE_MEMBERS,
            "ldc": c.alpha_3 in taxonomy.LDC,
            "lldc": c.alpha_3 in taxonomy.LLDC,
            "sids": c.alpha_3 in taxonomy.SIDS,
        }
        for c in pycountry.countries
    ]


def _insert_missing(
    connection: Connection, table: sa.TableClause, key: str, rows: list[dict]
) -> None:
    present = set(connection.execute(sa.select(table.c[key])).scalars())
    missing = [row for row in rows if row[key] not in present]
    if missing:
        connection.execute(table.insert(), missing)


def _ensure_relations(connection: Connection) -> None:
    ids = dict(connection.execute(sa.select(categories.c.slug, categories.c.id)).all())
    present = set(
        connection.execute(
            sa.select(category_relations.c.category_id, category_relations.c.related_id)
        ).all()
    )
    wanted = {
        (ids[slug], ids[other])
        for slug, others in taxonomy.related_categories().items()
        for other in others
        if slug in ids and other in ids
    }
    missing = sorted(wanted - present)
    if missing:
        connection.execute(
            category_relations.insert(),
            [{"category_id": a, "related_id": b} for a, b in missing],
        )
