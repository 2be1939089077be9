"""The choices above the region's pictures, read from the query string.

Each is a GET form that changes nothing (no CSRF): a bad value is reported beside
its field and ignored, so a hand-edited address still shows a picture.
"""

from __future__ import annotations

from typing import Literal

from flask_wtf import FlaskForm
from wtforms import SelectField

from matchmaker.forms.common import options
from matchmaker.pictures.shapes import GAP_MEASURE_LABELS, GapMeasure
from matchmaker.services import taxonomy

LANDSCAPE_GROUPINGS = (("sub-region", "By sub-region"), ("country", "By country"))


class RegionFilterForm(FlaskForm):
    """Sub-region, category and support type; pages drop the fields they lack."""

    class Meta:
        csrf = False

    sub_region = SelectField("Sub-region", choices=[], default="")
    category = SelectField("Category", choices=[], default="")
    support_type = SelectField("Support type", choices=[], default="")

    def set_choices(self) -> None:
        """The region's sub-regions and the taxonomy's terms, in their order."""
        if "sub_region" in self:
            self.sub_region.choices = options(
                [("", "All sub-regions")]
                + [(s.slug, s.label) for s in taxonomy.sub_regions()]
            )
        if "category" in self:
            self.category.choices = options(
                [("", "All categories")]
                + [(c.slug, c.label) for c in taxonomy.categories()]
            )
        if "support_type" in self:
            self.support_type.choices = options(
                [("", "All support types")]
                + [(s.slug, s.label) for s in taxonomy.support_types()]
            )

    def value(self, name: str) -> str | None:
        """A choice's value when valid and set, else None."""
        if name not in self:
            return None
        field = self[name]
        return field.data or None if not field.errors else None

    def used(self) -> list[tuple[str, str]]:
        """The filters in force as (what, chosen label), for titles and reports."""
        chosen = []
        for field in self:
            value = self.value(field.name)
            if value is None:
                continue
            label = {str(c.value): str(c.label) for c in field.choices or []}
            chosen.append((str(field.label.text), label.get(value, value)))
        return chosen


class GapMapForm(RegionFilterForm):
    """The gap map: which needs to colour by, narrowed by sub-region and support."""

    measure = SelectField(
        "Show",
        choices=options((m.value, GAP_MEASURE_LABELS[m]) for m in GapMeasure),
        default=GapMeasure.UNMET.value,
    )

    def measure_value(self) -> GapMeasure:
        value = self.value("measure")
        return GapMeasure(value) if value else GapMeasure.UNMET


class LandscapeForm(FlaskForm):
    """The support landscape: grouped by sub-region or by country."""

    class Meta:
        csrf = False

    by = SelectField(
        "Group", choices=options(LANDSCAPE_GROUPINGS), default="sub-region"
    )

    def grouping(self) -> Literal["country", "sub-region"]:
        return (
            "country"
            if not self.by.errors and self.by.data == "country"
            else ("sub-region")
        )


def _bound(form: FlaskForm, *, without: tuple[str, ...] = ()) -> FlaskForm:
    """A choice form with some fields dropped, its choices set, validated."""
    for name in without:
        delattr(form, name)
    if isinstance(form, RegionFilterForm):
        form.set_choices()
    form.validate()
    return form


def gap_map_form(formdata: object) -> GapMapForm:
    """The gap map's form without a category choice (categories are its columns)."""
    form = GapMapForm(formdata=formdata)
    _bound(form, without=("category",))
    return form


def network_form(formdata: object) -> RegionFilterForm:
    """The network's form: a sub-region or a category (support types do not apply)."""
    form = RegionFilterForm(formdata=formdata)
    _bound(form, without=("support_type",))
    return form


def report_form(formdata: object) -> RegionFilterForm:
    """The meeting report's form: every filter."""
    form = RegionFilterForm(formdata=formdata)
    _bound(form)
    return form


def landscape_form(formdata: object) -> LandscapeForm:
    """The landscape's form: how to group."""
    form = LandscapeForm(formdata=formdata)
    _bound(form)
    return form
