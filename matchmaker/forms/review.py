"""Forms of the facilitation workflow: decisions, pairing steps and interest.

Every decision carries the version of the pair's pairing the page showed (0 while
the pair has none), so that of two people acting at once only the first counts.
"""

from __future__ import annotations

from typing import Any, TypeVar

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from matchmaker.forms.common import (
    DayField,
    SelectChoice,
    VersionField,
    date_in_range,
    no_control_characters,
    options,
    strip,
)
from matchmaker.models import PairingStatus
from matchmaker.models.reference import TermMixin
from matchmaker.services import taxonomy
from matchmaker.services.pairings import Decision
from matchmaker.services.review_queue import SCORE_BANDS

_TermT = TypeVar("_TermT", bound=TermMixin)


def pair_version_field() -> VersionField:
    """The version of the pair's pairing when the page was opened (0: none yet)."""
    return VersionField(minimum=0)


def _note(label: str, required: str | None = None, hint: str = "") -> TextAreaField:
    validators: list = [
        Length(max=2000, message="Keep this to 2,000 characters or fewer."),
        no_control_characters,
    ]
    if required:
        validators.insert(0, DataRequired(required))
    return TextAreaField(label, filters=[strip], validators=validators,
                         description=hint)  # fmt: skip


def _term_choices(model: type, blank: str) -> list[SelectChoice]:
    """The admin's active terms of ``model``, after a blank "choose" entry."""
    return options([("", blank), *taxonomy.term_choices(model)])


class AcceptForm(FlaskForm):
    """Accept a suggested pair, with the model of cooperation it will follow."""

    version = pair_version_field()
    cooperation_model = SelectField(
        "Cooperation model",
        validators=[DataRequired("Choose how the parties will cooperate.")],
        choices=[],
    )
    details = _note("Note (optional)")

    def decision(self) -> Decision:
        """The decision this form records."""
        return Decision(
            "accept",
            cooperation_model=self.cooperation_model.data or "",
            details=self.details.data or "",
        )

    def set_choices(self) -> AcceptForm:
        from matchmaker.models import CooperationModel

        self.cooperation_model.choices = _term_choices(
            CooperationModel, "Choose a model"
        )
        return self


class DeclineForm(FlaskForm):
    """Decline a suggested pair with a reason; it is not suggested again."""

    version = pair_version_field()
    reason = SelectField(
        "Reason", validators=[DataRequired("Choose a reason.")], choices=[]
    )
    details = _note("Details (optional)")

    def decision(self) -> Decision:
        """The decision this form records."""
        return Decision(
            "decline", reason=self.reason.data or "", details=self.details.data or ""
        )

    def set_choices(self) -> DeclineForm:
        from matchmaker.models import DeclineReason

        self.reason.choices = _term_choices(DeclineReason, "Choose a reason")
        return self


class DeferForm(FlaskForm):
    """Put a pair aside until a date; it leaves the queue until then."""

    version = pair_version_field()
    until = DayField(
        "Look at it again on",
        validators=[DataRequired("Enter the date to look at it again."),
                    date_in_range],
    )  # fmt: skip
    details = _note("Note (optional)")

    def decision(self) -> Decision:
        """The decision this form records."""
        return Decision(
            "defer", defer_until=self.until.data, details=self.details.data or ""
        )

    def set_choices(self) -> DeferForm:
        return self


class RegionalAcceptForm(FlaskForm):
    """Accept a regional proposal as one cooperation."""

    cooperation_model = SelectField("Cooperation model", choices=[], default="")
    details = _note("Note (optional)")

    def set_choices(self) -> RegionalAcceptForm:
        from matchmaker.models import CooperationModel

        self.cooperation_model.choices = _term_choices(
            CooperationModel, "Regional hub-and-spoke (default)"
        )
        return self


class IntroduceForm(FlaskForm):
    """Introduce the parties: both receive each other's contacts by email."""

    version = pair_version_field()
    details = _note("Note for both parties (optional)")


REPORTABLE = (
    PairingStatus.AGREED,
    PairingStatus.IN_PROGRESS,
    PairingStatus.COMPLETED,
    PairingStatus.STALLED,
)


class ReportForm(FlaskForm):
    """Report how an introduced pairing is going."""

    version = pair_version_field()
    status = SelectField(
        "What has happened",
        validators=[DataRequired("Choose what has happened.")],
        choices=options(
            [("", "Choose")]
            + [
                ("agreed", "The parties agreed to cooperate"),
                ("in_progress", "The cooperation has started"),
                ("completed", "The cooperation is completed"),
                ("stalled", "The cooperation has stalled"),
            ]
        ),
    )
    details = _note("Note (optional)")

    def set_choices(self, allowed: frozenset[PairingStatus]) -> ReportForm:
        """Offer only the steps that follow from where the pairing is now."""
        self.status.choices = [
            c for c in self.status.choices if c.value == "" or
            PairingStatus(c.value) in allowed
        ]  # fmt: skip
        return self


class CloseForm(FlaskForm):
    """End a pairing under way, with a reason."""

    version = pair_version_field()
    reason = SelectField(
        "Reason", validators=[DataRequired("Choose a reason.")], choices=[]
    )
    details = _note("Details (optional)")

    def set_choices(self) -> CloseForm:
        from matchmaker.models import DeclineReason

        self.reason.choices = _term_choices(DeclineReason, "Choose a reason")
        return self


class InterestForm(FlaskForm):
    """Ask for an introduction (focal point) or offer support (partner)."""

    listing = SelectField("", validators=[DataRequired("Choose one.")], choices=[])
    message = _note(
        "Message to the facilitators",
        hint="Say why this would help. The other side is told that you are "
        "interested, but not who you are or how to reach you: a facilitator "
        "introduces you.",
    )

    def set_choices(self, label: str, pairs: list[tuple[str, str]]) -> InterestForm:
        self.listing.label.text = label
        self.listing.choices = options([("", "Choose")] + pairs)
        return self


class QueueFilterForm(FlaskForm):
    """Filters over the review queue (a GET form)."""

    class Meta:
        csrf = False

    country = SelectField("Country", choices=[], default="")
    sub_region = SelectField("Sub-region", choices=[], default="")
    category = SelectField("Category", choices=[], default="")
    support_type = SelectField("Support type", choices=[], default="")
    band = SelectField(
        "Score",
        choices=options(
            [("", "Any score")] + [(k, v[2]) for k, v in SCORE_BANDS.items()]
        ),
        default="",
    )
    interest = BooleanField("Only pairs with interest expressed")

    def set_choices(self) -> QueueFilterForm:
        self.country.choices = options(
            [("", "All countries")]
            + [(c.alpha3, c.name) for c in taxonomy.escap_countries()]
        )
        self.sub_region.choices = options(
            [("", "All sub-regions")]
            + [(s.slug, s.label) for s in taxonomy.sub_regions()]
        )
        self.category.choices = options(
            [("", "All categories")]
            + [(c.slug, c.label) for c in taxonomy.categories()]
        )
        self.support_type.choices = options(
            [("", "All support types")]
            + [(s.slug, s.label) for s in taxonomy.support_types()]
        )
        return self

    def value(self, name: str) -> Any:
        """A filter's value when valid and set, else empty."""
        field = self[name]
        return field.data or "" if not field.errors else ""
