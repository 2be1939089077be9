"""Fields and validators shared by every form, hardened against hostile input."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    IntegerField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

MAX_BUDGET_USD = Decimal("10000000000")  # ten billion: past any single programme
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)
# Control characters other than tab and newlines: NUL breaks PostgreSQL text, the
# others only hide content from reviewers.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def options(pairs: Any) -> list[SelectChoice]:
    """Choices as WTForms wants them, from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def strip(value: Any) -> Any:
    """Trim surrounding white space from text input."""
    return value.strip() if isinstance(value, str) else value


def no_control_characters(_form: Any, field: Any) -> None:
    """Refuse NUL and other invisible control characters."""
    if isinstance(field.data, str) and _CONTROL.search(field.data):
        raise ValidationError("Remove the control characters from this text.")


def budget_in_range(_form: Any, field: Any) -> None:
    """A budget is a finite amount from 0 to ten billion, to the cent."""
    value = field.data
    if value is None:
        return
    if not value.is_finite():
        raise ValidationError("Enter the budget as a number, for example 250000.")
    if value < 0 or value > MAX_BUDGET_USD:
        raise ValidationError("Enter a budget between 0 and 10,000,000,000 USD.")
    if value != value.quantize(Decimal("0.01"), rounding="ROUND_DOWN"):
        raise ValidationError("Enter the budget to the cent at most.")


def date_in_range(_form: Any, field: Any) -> None:
    """Dates outside 2000–2100 are typing mistakes."""
    if field.data is not None and not EARLIEST_DATE <= field.data <= LATEST_DATE:
        raise ValidationError("Enter a date between 2000 and 2100.")


def not_in_past(_form: Any, field: Any) -> None:
    """A deadline or validity already over makes the listing useless."""
    if field.data is not None and field.data < date.today():
        raise ValidationError("Enter today's date or a later one.")


class BudgetField(DecimalField):
    """An optional budget in US dollars."""

    def __init__(self, label: str = "Budget (USD)", **kwargs: Any) -> None:
        kwargs.setdefault("description", "Optional. Whole dollars or cents, no commas.")
        super().__init__(label, places=None, **kwargs)


class DayField(DateField):
    """A calendar date typed as YYYY-MM-DD (the browser's date picker sends it)."""

    def __init__(self, label: str, **kwargs: Any) -> None:
        kwargs.setdefault("render_kw", {"type": "date"})
        super().__init__(label, format="%Y-%m-%d", **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        """Report one clear message for anything that is not a date."""
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            super().process_formdata([valuelist[0].strip()])
        except ValueError as error:
            self.data = None
            raise ValueError(
                "Enter a date as YYYY-MM-DD, for example 2027-06-30."
            ) from (error)


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class VersionField(IntegerField):
    """The version a row had when its form was opened (hidden).

    ``minimum`` is 0 where "no row yet" is a version too (a suggested pair that
    nobody has acted on has no pairing).
    """

    widget = HiddenInput()

    def __init__(self, minimum: int = 1, **kwargs: Any) -> None:
        super().__init__(
            "Version",
            validators=[
                InputRequired("This form has lost its version. Reload the page."),
                NumberRange(minimum, 2**31, "This form's version is not valid."),
            ],
            **kwargs,
        )


class ActionForm(FlaskForm):
    """A button that changes state: nothing but the CSRF token."""


class VersionedActionForm(FlaskForm):
    """A status change on a listing, made on a known version of it."""

    version = VersionField()


class ListingTextForm(FlaskForm):
    """The title and description every listing has, with the same limits."""

    title = StringField(
        "Title",
        filters=[strip],
        validators=[
            DataRequired("Enter a title."),
            Length(max=200, message="Keep the title to 200 characters or fewer."),
            no_control_characters,
        ],
    )
    description = TextAreaField(
        "Description",
        filters=[strip],
        validators=[
            Length(max=10000, message="Keep the description to 10,000 characters."),
            no_control_characters,
        ],
    )
