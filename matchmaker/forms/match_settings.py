"""The match settings form: one number field per setting an admin may change.

The fields are made from ``services.setting_fields`` so that the form, the history
and the explanations never disagree. Each field refuses what is not a finite
number in its range with a plain message; combinations are the engine's to judge
(``MatchSettings`` raises ``InputError``), and the view shows its refusal as a form
error.
"""

from __future__ import annotations

import math
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, FloatField, IntegerField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput, NumberInput

from matchmaker.forms.common import no_control_characters, strip
from matchmaker.services.setting_fields import SettingField, editable_fields


class SettingNumber(FloatField):
    """A finite decimal number; "NaN", "Infinity" and "1e400" are not numbers here."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist:
            return
        try:
            value = float(valuelist[0].strip())
        except (ValueError, TypeError):
            value = math.nan
        if not math.isfinite(value):
            self.data = None
            raise ValueError("Enter a number, for example 0.15.")
        self.data = value


class SettingWholeNumber(IntegerField):
    """A whole number with a plain message for anything else."""

    data: int | None

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist:
            return
        try:
            self.data = int(valuelist[0].strip())
        except (ValueError, TypeError):
            self.data = None
            raise ValueError("Enter a whole number, for example 5.") from None


class BasedOnField(IntegerField):
    """The version the form showed (0 for the defaults), to catch a later save."""

    widget = HiddenInput()

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError:
            self.data = None
            raise ValueError("This form is out of date: reload the page.") from None


def within(spec: SettingField) -> Any:
    """A validator keeping a value within the setting's range."""
    low, high = spec.format(spec.minimum), spec.format(spec.maximum)

    def check(_form: Any, field: Field) -> None:
        if field.data is None:  # already refused as not a number
            return
        if not spec.minimum <= field.data <= spec.maximum:
            raise ValidationError(f"Enter a number from {low} to {high}.")

    return check


def _field(spec: SettingField) -> Any:
    kind = SettingWholeNumber if spec.number is int else SettingNumber
    step = "1" if spec.number is int else "any"
    return kind(
        spec.label,
        description=spec.explanation,
        validators=[InputRequired("Enter a value."), within(spec)],
        widget=NumberInput(
            step=step, min=spec.format(spec.minimum), max=spec.format(spec.maximum)
        ),
    )


class MatchSettingsForm(FlaskForm):
    """Weights, thresholds and a note saying why (the fields are added below)."""

    note = TextAreaField(
        "Why are you changing them? (optional)",
        description="Shown in the history below, for whoever reads it next.",
        filters=[strip],
        validators=[
            Length(max=1000, message="Keep the note to 1,000 characters or fewer."),
            no_control_characters,
        ],
    )
    based_on = BasedOnField("Settings shown", validators=[Optional()])
    submit = SubmitField("Save settings")

    def values(self) -> dict[str, Any]:
        """The validated settings, by the engine's names."""
        return {spec.name: self[spec.name].data for spec in editable_fields()}


for _spec in editable_fields():
    setattr(MatchSettingsForm, _spec.name, _field(_spec))


class RestoreDefaultsForm(FlaskForm):
    """The "Restore the engine's defaults" button (CSRF only)."""
