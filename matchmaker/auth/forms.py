"""Forms of the sign-in and own-account pages (Flask-WTF: CSRF on every one)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from matchmaker.forms.common import no_control_characters
from matchmaker.passwords import MAX_LENGTH

# Longer input than any allowed password is refused before it reaches argon2.
_PASSWORD_INPUT = Length(max=MAX_LENGTH * 4, message="That is too long.")
_EMAIL_INPUT = Length(max=254, message="That is too long for an email address.")


def no_nul(_form: object, field: object) -> None:
    """A password may hold any character but NUL.

    Passwords are only hashed, so other control characters are harmless and kept;
    NUL is refused because no text column can store it, and the rule "no NUL in
    any field" is then true without exceptions, with the same message everywhere.
    """
    data = getattr(field, "data", None)
    if isinstance(data, str) and "\x00" in data:
        raise ValidationError("Remove the control characters from this text.")


class SignInForm(FlaskForm):
    """Email and password."""

    email = StringField(
        "Email",
        validators=[
            DataRequired("Enter your email address."),
            _EMAIL_INPUT,
            no_control_characters,
        ],
        render_kw={"autocomplete": "username", "type": "email"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password."), _PASSWORD_INPUT, no_nul],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField("Sign in")


class CodeForm(FlaskForm):
    """A six-digit code from an authenticator app."""

    code = StringField(
        "Authentication code",
        validators=[
            DataRequired("Enter the code from your authenticator app."),
            no_control_characters,
            Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message="The code has six digits."),
        ],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )
    submit = SubmitField("Continue")


class _NewPasswordMixin:
    new_password = PasswordField(
        "New password",
        validators=[DataRequired("Choose a new password."), _PASSWORD_INPUT, no_nul],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[
            DataRequired("Repeat the new password."),
            EqualTo("new_password", message="The two passwords differ."),
            no_nul,
        ],
        render_kw={"autocomplete": "new-password"},
    )


class ChangePasswordForm(_NewPasswordMixin, FlaskForm):
    """Current password, then the new one twice."""

    current_password = PasswordField(
        "Current password",
        validators=[
            DataRequired("Enter your current password."),
            _PASSWORD_INPUT,
            no_nul,
        ],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField("Change password")


class SetPasswordForm(_NewPasswordMixin, FlaskForm):
    """Choosing a password through an invitation or reset link."""

    submit = SubmitField("Set password")


class ForgotPasswordForm(FlaskForm):
    """The address to send a reset link to."""

    email = StringField(
        "Email",
        validators=[
            DataRequired("Enter your email address."),
            _EMAIL_INPUT,
            no_control_characters,
        ],
        render_kw={"autocomplete": "username", "type": "email"},
    )
    submit = SubmitField("Send reset link")


class TotpDisableForm(FlaskForm):
    """Turning the second factor off needs the password again."""

    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password."), _PASSWORD_INPUT, no_nul],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField("Turn off two-step sign-in")


class PostOnlyForm(FlaskForm):
    """A button that changes state: nothing but the CSRF token."""
