"""Reference lists: countries, sub-regions, categories and support types.

Clients need the slugs and codes the other endpoints accept, with their labels, so
they can show a list to their own users without copying ours by hand.
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from matchmaker.api.blueprint import Blueprint
from matchmaker.api.fields import alpha3
from matchmaker.api.pagination import PageArgs, collection_schema, of_list
from matchmaker.policy import SIGNED_IN, allow
from matchmaker.services import taxonomy

bp = Blueprint(
    "api_reference",
    __name__,
    url_prefix="/api/v1",
    description="Countries, sub-regions, categories and support types.",
)


class DacCodeSchema(ma.Schema):
    code = ma.fields.String(required=True, metadata={"description": "DAC-5 code."})
    name = ma.fields.String(required=True)


class CountrySchema(ma.Schema):
    alpha3 = alpha3(required=True)
    alpha2 = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    sub_region = ma.fields.String(
        attribute="sub_region_slug",
        allow_none=True,
        metadata={"description": "Slug of the country's sub-region."},
    )
    escap_member = ma.fields.Boolean(required=True)
    least_developed = ma.fields.Boolean(attribute="ldc", required=True)
    landlocked_developing = ma.fields.Boolean(attribute="lldc", required=True)
    small_island_developing = ma.fields.Boolean(attribute="sids", required=True)


class SubRegionSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    label = ma.fields.String(required=True)
    countries = ma.fields.Method("_countries", required=True)

    def _countries(self, sub_region: Any) -> list[str]:
        return sorted(c.alpha3 for c in sub_region.countries)


class TermSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    label = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    active = ma.fields.Boolean(required=True)


class CategorySchema(TermSchema):
    dac_codes = ma.fields.Method(
        "_dac_codes",
        required=True,
        metadata={"description": "OECD DAC purpose codes this category files under."},
    )

    def _dac_codes(self, category: Any) -> list[dict[str, str]]:
        from matchmaker.dac_codes import codes_for

        return [{"code": c.code, "name": c.name} for c in codes_for(category.slug)]


CountryPage = collection_schema(CountrySchema, "CountryPage")
SubRegionPage = collection_schema(SubRegionSchema, "SubRegionPage")
CategoryPage = collection_schema(CategorySchema, "CategoryPage")
SupportTypePage = collection_schema(TermSchema, "SupportTypePage")


@bp.route("/countries", methods=["GET"])
@allow(SIGNED_IN)
@bp.arguments(PageArgs, location="query")
@bp.response(200, CountryPage)
def countries(args: dict[str, Any]) -> dict[str, Any]:
    """The ESCAP member and associate countries."""
    return of_list(taxonomy.escap_countries(), args)


@bp.route("/sub-regions", methods=["GET"])
@allow(SIGNED_IN)
@bp.arguments(PageArgs, location="query")
@bp.response(200, SubRegionPage)
def sub_regions(args: dict[str, Any]) -> dict[str, Any]:
    """The sub-regions offers may name as eligible, with their countries."""
    return of_list(taxonomy.sub_regions(), args)


@bp.route("/categories", methods=["GET"])
@allow(SIGNED_IN)
@bp.arguments(PageArgs, location="query")
@bp.response(200, CategoryPage)
def categories(args: dict[str, Any]) -> dict[str, Any]:
    """What cooperation builds; retired categories are listed as inactive."""
    return of_list(taxonomy.categories(), args)


@bp.route("/support-types", methods=["GET"])
@allow(SIGNED_IN)
@bp.arguments(PageArgs, location="query")
@bp.response(200, SupportTypePage)
def support_types(args: dict[str, Any]) -> dict[str, Any]:
    """Kinds of support partners offer (institutional, technical, ...)."""
    return of_list(taxonomy.support_types(), args)
