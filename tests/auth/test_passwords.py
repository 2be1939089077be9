"""Password rules: any characters, 8 to 128; common ones and the email refused."""

from __future__ import annotations

import pytest

from matchmaker.passwords import (
    PasswordRejected,
    hash_password,
    is_common,
    validate_new_password,
    verify_password,
)


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "ñandú-über-straße",
        "日本語のパスワードです",
        "x" * 128,
    ],
    ids=["passphrase", "latin-accents", "japanese", "128-chars"],
)
def test_accepted(password):
    validate_new_password(password, "someone@example.org")


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1!", "at least 8"),
        ("x" * 129, "at most 128"),
        ("password1", "commonly used"),
        ("Password123", "commonly used"),
        ("QWERTYUIOP", "commonly used"),
        ("someone@example.org", "email"),
        ("SOMEONE@example.org", "email"),
    ],
    ids=["7-chars", "129-chars", "common", "common-capitalised", "common-upper",
         "email", "email-case"],
)  # fmt: skip
def test_refused(password, reason):
    with pytest.raises(PasswordRejected, match=reason):
        validate_new_password(password, "someone@example.org")


def test_common_list_is_loaded_and_sized():
    assert is_common("iloveyou1") and is_common("football")
    assert not is_common("glacier-lantern-orbit-71")


def test_hash_is_argon2id_and_verifies():
    hashed = hash_password("glacier-lantern-orbit-71")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "glacier-lantern-orbit-71")
    assert not verify_password(hashed, "glacier-lantern-orbit-72")
    assert not verify_password(None, "anything at all")
