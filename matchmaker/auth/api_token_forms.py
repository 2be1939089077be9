"""The form of the "API tokens" page: a name, what the token may do, how long it lasts.

The longest lifetime and the suggested one are settings, so the days field reads
them when the form is made rather than at import.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

from matchmaker.forms.common import no_control_characters, options, strip
from matchmaker.models import TokenScope
from matchmaker.services.api_tokens import NAME_MAX_LENGTH

SCOPE_CHOICES = (
    (TokenScope.READ.value, "Read only: it can look at listings, never change them"),
    (
        TokenScope.READ_WRITE.value,
        "Read and write: it can also create and change your listings",
    ),
)

MISSING_DAYS = "Enter for how many days the token works, for example 90."


class ScopeField(RadioField):
    """Radio buttons whose one error says what to do."""

    def pre_validate(self, form: Any) -> None:
        if self.data not in {value for value, _ in SCOPE_CHOICES}:
            raise ValidationError(
                "Choose what the token may do: read only, or read and write."
            )


class DaysField(IntegerField):
    """A whole number of days, from 1 to the ``API_TOKEN_MAX_DAYS`` setting."""

    data: int | None

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist:
            return  # not sent at all: the suggested lifetime stands
        text = valuelist[0].strip()
        self.data = None
        if not text:
            raise ValueError(MISSING_DAYS)
        try:
            self.data = int(text)
        except ValueError:
            raise ValueError("Enter a whole number of days, for example 90.") from None

    def pre_validate(self, form: Any) -> None:
        if self.process_errors:
            return  # already told what is wrong
        longest = current_app.config["API_TOKEN_MAX_DAYS"]
        if self.data is None:
            raise ValidationError(MISSING_DAYS)
        if not 1 <= self.data <= longest:
            raise ValidationError(f"Enter a number of days from 1 to {longest}.")


class ApiTokenForm(FlaskForm):
    """Name the token, choose what it may do and for how many days."""

    name = StringField(
        "Name",
        filters=[strip],
        validators=[
            DataRequired("Give the token a name, so you can recognise it later."),
            Length(
                max=NAME_MAX_LENGTH,
                message=f"Keep the name to {NAME_MAX_LENGTH} characters or fewer.",
            ),
            no_control_characters,
        ],
        description="Where it is used, for example “Ministry portal sync”.",
        render_kw={"autocomplete": "off", "maxlength": NAME_MAX_LENGTH},
    )
    scope = ScopeField(
        "What the token may do",
        choices=options(SCOPE_CHOICES),
        default=TokenScope.READ.value,
    )
    days = DaysField("Valid for (days)", render_kw={"inputmode": "numeric"})
    submit = SubmitField("Create token")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        config = current_app.config
        kwargs.setdefault("days", config["API_TOKEN_DEFAULT_DAYS"])
        super().__init__(*args, **kwargs)
        longest = config["API_TOKEN_MAX_DAYS"]
        self.days.description = (
            f"From 1 to {longest}. After that the token stops working and you "
            "make a new one."
        )
