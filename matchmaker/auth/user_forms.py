"""Forms of the user-admin pages; their choices depend on who is acting.

A facilitator's invite form offers only the roles they may invite, so the role field
cannot carry anything else (a forged value fails ``SelectField`` validation).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import AnyOf, DataRequired, Email, Length, Optional

from matchmaker.forms.common import no_control_characters
from matchmaker.models import Role, User
from matchmaker.policy.accounts import TOTP_ROLES, invitable_roles
from matchmaker.services.user_queries import country_choices


class _RoleFields(FlaskForm):
    role = SelectField("Role", validators=[DataRequired("Choose a role.")])
    country = SelectField(
        "Country (focal points)", validators=[Optional()], validate_choice=True
    )
    organisation = StringField(
        "Organisation (partners; a new name is created)",
        validators=[Optional(), Length(max=200), no_control_characters],
    )

    def _setup(self, roles: tuple[Role, ...]) -> None:
        self.role.choices = [(r.value, r.label) for r in roles]
        self.country.choices = [("", "—")] + country_choices()

    def validate(
        self,
        extra_validators: Mapping[str, Sequence[Callable[..., object]]] | None = None,
    ) -> bool:
        """Each role brings the field it needs."""
        if not super().validate(extra_validators):
            return False
        role = Role(self.role.data)
        if role is Role.FOCAL_POINT and not self.country.data:
            self.country.errors = [
                *self.country.errors,
                "A focal point needs a country.",
            ]
            return False
        if role is Role.PARTNER and not (self.organisation.data or "").strip():
            message = "A partner needs an organisation."
            self.organisation.errors = [*self.organisation.errors, message]
            return False
        return True


class InviteForm(_RoleFields):
    """Who to invite, to which role, country or organisation."""

    email = StringField(
        "Email",
        validators=[
            DataRequired("Enter an email address."),
            Email("Enter a valid email address.", check_deliverability=False),
            Length(max=254),
            no_control_characters,
        ],
    )
    full_name = StringField(
        "Full name", validators=[Optional(), Length(max=200), no_control_characters]
    )
    submit = SubmitField("Send invitation")

    def __init__(self, actor: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._setup(invitable_roles(actor))


class EditUserForm(_RoleFields):
    """An admin's change of role, country or organisation."""

    submit = SubmitField("Save")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._setup(tuple(Role))


class StatusForm(FlaskForm):
    """Disable or enable an account."""

    action = HiddenField(validators=[AnyOf(["disable", "enable"])])


class SecurityForm(FlaskForm):
    """Which roles must use two-step sign-in."""

    submit = SubmitField("Save")

    @classmethod
    def build(
        cls, required: frozenset[Role], *args: Any, **kwargs: Any
    ) -> SecurityForm:
        """A form class with one checkbox per role that may use a second factor."""

        class _Form(cls):  # type: ignore[valid-type, misc]
            pass

        for role in TOTP_ROLES:
            field = BooleanField(
                f"Require two-step sign-in for {role.label.lower()}s",
                default=role in required,
            )
            setattr(_Form, _field_name(role), field)
        return _Form(*args, **kwargs)

    def requirements(self) -> dict[Role, bool]:
        """The submitted choice for each role."""
        return {role: bool(self[_field_name(role)].data) for role in TOTP_ROLES}


def _field_name(role: Role) -> str:
    return f"require_{role.name.lower()}"
