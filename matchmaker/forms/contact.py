"""The "Contact and notifications" form of the account page: phone and email choice."""

from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import ValidationError

from matchmaker.forms.common import no_control_characters, options
from matchmaker.models import EmailPreference

PHONE_MAX_LENGTH = 40  # the column's size
# A leading +, then digits and the separators people type between them.
_PHONE = re.compile(r"\+?[0-9][0-9 ()./-]*")
MIN_DIGITS, MAX_DIGITS = 6, 15  # 15: the longest international number (E.164)

PREFERENCE_CHOICES = (
    (EmailPreference.IMMEDIATELY.value, "Immediately"),
    (EmailPreference.DAILY.value, "Once a day"),
    (EmailPreference.NEVER.value, "Never"),
)


def tidy_phone(value: Any) -> Any:
    """Trim the number and collapse runs of spaces, as people paste them."""
    return " ".join(value.split()) if isinstance(value, str) else value


def valid_phone(_form: Any, field: Any) -> None:
    """Optional; otherwise digits with the usual separators, 6 to 15 digits."""
    value = field.data or ""
    if not value:
        return
    if len(value) > PHONE_MAX_LENGTH:
        raise ValidationError(
            f"Keep the phone number to {PHONE_MAX_LENGTH} characters or fewer."
        )
    if not _PHONE.fullmatch(value):
        raise ValidationError(
            "Use digits, spaces, brackets and dashes only, with + for the country "
            "code, for example +977 1 4123456."
        )
    digits = sum(ch.isdigit() for ch in value)
    if not MIN_DIGITS <= digits <= MAX_DIGITS:
        raise ValidationError(
            f"A phone number has {MIN_DIGITS} to {MAX_DIGITS} digits, with the "
            "country code, for example +977 1 4123456."
        )


class PreferenceField(RadioField):
    """Radio buttons whose one error says what to do."""

    def pre_validate(self, form: Any) -> None:
        if self.data not in {value for value, _ in PREFERENCE_CHOICES}:
            raise ValidationError(
                "Choose when to get notifications by email: immediately, once a "
                "day or never."
            )


class ContactSettingsForm(FlaskForm):
    """Phone (optional) and how often notifications come by email."""

    phone = StringField(
        "Phone (optional)",
        filters=[tidy_phone],
        validators=[no_control_characters, valid_phone],
        description="With the country code, for example +977 1 4123456.",
        render_kw={"autocomplete": "tel", "type": "tel"},
    )
    email_preference = PreferenceField(
        "Email me about notifications", choices=options(PREFERENCE_CHOICES)
    )
    submit = SubmitField("Save contact and notifications")
