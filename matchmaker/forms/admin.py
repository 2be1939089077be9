"""Admin forms: organisations and the taxonomy's terms."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from matchmaker.forms.common import (
    MultiCheckboxField,
    no_control_characters,
    options,
    strip,
)
from matchmaker.models import Category, DeclineReason, Organisation, OrganisationKind
from matchmaker.models.organisation import ORGANISATION_KIND_LABELS
from matchmaker.services import taxonomy
from matchmaker.services.organisations import OrganisationData
from matchmaker.services.setting_fields import comparison_label, weighted_comparisons
from matchmaker.services.taxonomy import Term, TermData

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def web_address(_form: object, field: StringField) -> None:
    """Only http(s) addresses: a ``javascript:`` link would run in admins' pages."""
    if not field.data:
        return
    parts = urlsplit(field.data)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationError("Enter a web address starting with https:// or http://.")


class OrganisationForm(FlaskForm):
    """Name, kind, country and website of a partner organisation."""

    name = StringField(
        "Name",
        filters=[strip],
        validators=[
            DataRequired("Enter the organisation's name."),
            Length(max=200, message="Keep the name to 200 characters or fewer."),
            no_control_characters,
        ],
    )
    kind = SelectField(
        "Kind",
        choices=options(
            (k.value, label) for k, label in ORGANISATION_KIND_LABELS.items()
        ),
    )
    country = SelectField("Country", choices=[], default="")
    website = StringField(
        "Website",
        filters=[strip],
        validators=[
            Optional(),
            Length(max=300, message="Keep the address to 300 characters."),
            no_control_characters,
            web_address,
        ],
    )
    submit = SubmitField("Save organisation")

    def set_choices(self) -> OrganisationForm:
        """Every country: partners come from inside and outside the region."""
        self.country.choices = options(
            [("", "No country")]
            + [(c.alpha3, c.name) for c in taxonomy.all_countries()]
        )
        return self

    def to_data(self) -> OrganisationData:
        """The validated values, in the service's terms."""
        return OrganisationData(
            name=" ".join(self.name.data.split()),
            kind=OrganisationKind(self.kind.data),
            country_alpha3=self.country.data or None,
            website=self.website.data or "",
        )


def organisation_initial(organisation: Organisation) -> dict:
    """The form's starting values for an existing organisation."""
    return {
        "name": organisation.name,
        "kind": organisation.kind.value,
        "country": organisation.country_alpha3 or "",
        "website": organisation.website,
    }


class TermForm(FlaskForm):
    """Label and description of a support type (the slug never changes)."""

    label = StringField(
        "Label",
        filters=[strip],
        validators=[
            DataRequired("Enter a label."),
            Length(max=120, message="Keep the label to 120 characters or fewer."),
            no_control_characters,
        ],
    )
    description = TextAreaField(
        "Description",
        filters=[strip],
        validators=[Length(max=2000), no_control_characters],
    )
    submit = SubmitField("Save")

    def set_choices(self, term: object | None = None) -> TermForm:
        """Nothing to choose from on a support type."""
        return self

    def to_data(self) -> TermData:
        """The validated values, in the service's terms."""
        slug_field = getattr(self, "slug", None)
        related = getattr(self, "related", None)
        comparison = getattr(self, "comparison", None)
        return TermData(
            label=self.label.data,
            description=self.description.data or "",
            slug=slug_field.data if slug_field is not None else "",
            related_slugs=tuple(related.data or ()) if related is not None else (),
            comparison=(comparison.data or "") if comparison is not None else None,
        )


def _slug_field() -> StringField:
    return StringField(
        "Slug",
        description="Lower-case letters, digits and hyphens; it can never change.",
        filters=[strip],
        validators=[
            DataRequired("Enter a slug."),
            Length(max=60, message="Keep the slug to 60 characters or fewer."),
            no_control_characters,
            Regexp(SLUG_PATTERN, message="Use lower-case letters, digits and hyphens."),
        ],
    )


class NewTermForm(TermForm):
    """A new support type."""

    slug = _slug_field()


class CategoryForm(TermForm):
    """A category's label, description and related categories."""

    related = MultiCheckboxField("Related categories (earn partial credit)")

    def set_choices(self, term: object | None = None) -> CategoryForm:
        """Every other category may be related, active or not."""
        own_id = getattr(term, "id", None)
        self.related.choices = options(
            (c.slug, c.label) for c in taxonomy.categories() if c.id != own_id
        )
        return self


class NewCategoryForm(CategoryForm):
    """A new category."""

    slug = _slug_field()


NO_COMPARISON = "None: this reason says nothing about the score"


class DeclineReasonForm(TermForm):
    """A decline reason's label, description and the comparison it speaks against."""

    comparison = SelectField(
        "Which part of the score does this reason speak against?",
        description=(
            "When facilitators often decline for this reason, the Matching page "
            "advises raising that part's weight. Choose None for reasons about "
            "anything else (capacity, a duplicate, the parties' own choice)."
        ),
        choices=[],
        default="",
    )

    def set_choices(self, term: object | None = None) -> DeclineReasonForm:
        """None, then the engine's weighted comparisons in plain words (and the
        reason's own comparison, should the engine no longer weigh it)."""
        pairs = [("", NO_COMPARISON)] + [
            (name, comparison_label(name)) for name in weighted_comparisons()
        ]
        own = getattr(term, "comparison", "")
        if own and own not in dict(pairs):
            pairs.append((own, f"{comparison_label(own)} (no longer scored)"))
        self.comparison.choices = options(pairs)
        return self


class NewDeclineReasonForm(DeclineReasonForm):
    """A new decline reason."""

    slug = _slug_field()


def term_initial(term: Term) -> dict[str, Any]:
    """The form's starting values for an existing term."""
    values: dict[str, Any] = {"label": term.label, "description": term.description}
    if isinstance(term, Category):
        values["related"] = [c.slug for c in term.related]
    if isinstance(term, DeclineReason):
        values["comparison"] = term.comparison
    return values
