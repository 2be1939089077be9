"""List filters read from the query string; bad values are reported and ignored."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from matchmaker.forms.common import no_control_characters, options, strip
from matchmaker.models import NeedStatus, OfferStatus, Outcome
from matchmaker.services import taxonomy


class ListingFilterForm(FlaskForm):
    """Country, category and status filters over needs or offers."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    country = SelectField("Country", choices=[], default="")
    category = SelectField("Category", choices=[], default="")
    status = SelectField("Status", choices=[], default="")

    def set_choices(self, statuses: type[NeedStatus] | type[OfferStatus]) -> None:
        """Countries of the region, every category, the listing's statuses."""
        self.country.choices = options(
            [("", "All countries")]
            + [(c.alpha3, c.name) for c in taxonomy.escap_countries()]
        )
        self.category.choices = options(
            [("", "All categories")]
            + [(c.slug, c.label) for c in taxonomy.categories()]
        )
        self.status.choices = options(
            [("", "Any status")]
            + [(s.value, s.value.replace("_", " ").capitalize()) for s in statuses]
        )

    def value(self, name: str) -> str | None:
        """A filter's value when valid and set, else None."""
        field = self[name]
        return field.data or None if not field.errors else None


class AuditFilterForm(FlaskForm):
    """Action, actor and outcome filters over the audit log."""

    class Meta:
        csrf = False

    action = SelectField("Action", choices=[], default="")
    actor = StringField(
        "Actor (email starts with)",
        filters=[strip],
        validators=[Optional(), Length(max=254), no_control_characters],
    )
    outcome = SelectField(
        "Outcome",
        choices=options(
            [("", "Any outcome")] + [(o.value, o.value.capitalize()) for o in Outcome]
        ),
        default="",
    )

    def set_choices(self, actions: list[str]) -> None:
        """The actions recorded so far."""
        self.action.choices = options([("", "Any action")] + [(a, a) for a in actions])

    def value(self, name: str) -> str | None:
        """A filter's value when valid and set, else None."""
        field = self[name]
        return field.data or None if not field.errors else None
