"""Every text field of every form refuses control characters with a plain message.

PostgreSQL refuses NUL in text; a form that let one through failed in the driver
with a server error instead of telling the person what to fix. Walking every form
class finds a field added later without the check.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Form, HiddenField, PasswordField, StringField
from wtforms.fields.core import UnboundField

import matchmaker.forms
from matchmaker.models import Role

MESSAGE = "Remove the control characters from this text."
HOSTILE = ["a\x00b", "a\x01b", "a\x1fb", "a\x7fb"]
# Hidden fields are not typed by people: the form token replaces a malformed value
# with a fresh one, and the others are checked against a fixed set of values.
NOT_TYPED = (HiddenField,)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _all_form_classes() -> list[type[FlaskForm]]:
    for module in pkgutil.iter_modules(matchmaker.forms.__path__):
        importlib.import_module(f"matchmaker.forms.{module.name}")
    importlib.import_module("matchmaker.auth.forms")
    importlib.import_module("matchmaker.auth.user_forms")
    found: list[type[FlaskForm]] = []
    pending = [FlaskForm]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("matchmaker."):
                found.append(sub)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _text_fields(form_class: type[FlaskForm]) -> list[tuple[str, UnboundField]]:
    fields = []
    for name in dir(form_class):
        unbound = getattr(form_class, name)
        if not isinstance(unbound, UnboundField):
            continue
        if issubclass(unbound.field_class, StringField) and not issubclass(
            unbound.field_class, NOT_TYPED
        ):
            fields.append((name, unbound))
    return fields


FORMS = _all_form_classes()
TEXT_FIELDS = [
    pytest.param(unbound, id=f"{form.__module__}.{form.__qualname__}.{name}")
    for form in FORMS
    for name, unbound in _text_fields(form)
]

NOT_PASSWORDS = [
    field
    for field in TEXT_FIELDS
    if not issubclass(field.values[0].field_class, PasswordField)
]


def test_the_walk_finds_the_forms_people_type_into():
    names = {form.__qualname__ for form in FORMS}
    assert {"SignInForm", "InviteForm", "ContactSettingsForm", "OrganisationForm"} <= (
        names
    )
    assert len(TEXT_FIELDS) >= 20


def _validated(app, unbound: UnboundField, value: str):
    with app.test_request_context():
        form = Form()
        field = unbound.bind(form=form, name="field")
        field.process(MultiDict({"field": value}))
        field.validate(form)
    return field


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("unbound", NOT_PASSWORDS)
def test_every_text_field_refuses_control_characters(app, unbound, value):
    """Any C0 character or DEL (passwords: see the NUL test below). A field whose
    filter already tidies the character away (a phone number's spaces, where 0x1c
    to 0x1f count as spaces) may refuse the value for another reason instead."""
    field = _validated(app, unbound, value)
    if MESSAGE not in field.errors:
        assert not CONTROL.search(field.data or ""), (field.data, field.errors)
    assert field.errors, "a hostile value passed as valid"


@pytest.mark.parametrize("unbound", TEXT_FIELDS)
def test_a_nul_is_refused_in_plain_words_in_every_text_field(app, unbound):
    assert MESSAGE in _validated(app, unbound, "a\x00b").errors


def test_a_nul_in_each_form_on_the_sign_in_page_is_a_form_error(client):
    """End to end on the real database: the answer is a form error, never a 500."""
    for path, data in [
        ("/sign-in", {"email": "a@example.org", "password": "pass\x00word"}),
        ("/account/forgot-password", {"email": "a\x00@example.org"}),
    ]:
        answer = client.post(path, data=data)
        assert answer.status_code in (200, 422), (path, answer.status_code)
        assert MESSAGE in answer.get_data(as_text=True)


def test_a_nul_in_an_invitation_is_a_form_error(client, make, signed_in):
    admin = make.user(Role.ADMIN, email="admin@example.org")
    signed_in(admin)
    answer = client.post(
        "/admin/users/invite",
        data={
            "email": "new@example.org",
            "full_name": "New\x00Person",
            "role": Role.FACILITATOR.value,
        },
    )
    assert answer.status_code in (200, 422), answer.status_code
    assert MESSAGE in answer.get_data(as_text=True)
