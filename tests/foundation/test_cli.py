"""The matchmaker command line: create-user and seed-demo."""

from __future__ import annotations

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Need, Offer, Organisation, Role, User
from matchmaker.passwords import verify_password

GOOD_PASSWORD = "a long and unusual passphrase"


def test_create_user_reads_the_password_from_stdin(runner):
    result = runner.invoke(
        args=[
            "create-user",
            "Admin@Example.org",
            "--role",
            "admin",
            "--password-stdin",
        ],
        input=GOOD_PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.email == "admin@example.org"))
    assert user.role is Role.ADMIN
    assert verify_password(user.password_hash, GOOD_PASSWORD)
    assert GOOD_PASSWORD not in result.output


def test_create_user_prompts_twice_without_stdin(runner):
    result = runner.invoke(
        args=["create-user", "fac@example.org", "--role", "facilitator"],
        input=f"{GOOD_PASSWORD}\n{GOOD_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created facilitator fac@example.org" in result.output


def test_focal_point_needs_a_country(runner):
    result = runner.invoke(
        args=[
            "create-user",
            "fp@example.org",
            "--role",
            "focal-point",
            "--password-stdin",
        ],
        input=GOOD_PASSWORD + "\n",
    )
    assert result.exit_code != 0
    assert "needs a country" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_focal_point_country_may_be_a_name(runner):
    result = runner.invoke(
        args=[
            "create-user", "fp@example.org", "--role", "focal-point",
            "--country", "Republic of Korea", "--password-stdin",
        ],
        input=GOOD_PASSWORD + "\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User))
    assert user.country_alpha3 == "KOR"


def test_partner_with_unknown_organisation_creates_it(runner):
    result = runner.invoke(
        args=[
            "create-user", "p@example.org", "--role", "partner",
            "--organisation", "Mekong Biotech Ltd", "--password-stdin",
        ],
        input=GOOD_PASSWORD + "\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User))
    assert user.organisation.name == "Mekong Biotech Ltd"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 1


def test_create_user_refuses_bad_input_clearly(runner, make):
    make.user(email="taken@example.org")
    cases = [
        (["not-an-email", "--role", "admin"], GOOD_PASSWORD, "not a valid email"),
        (["taken@example.org", "--role", "admin"], GOOD_PASSWORD, "already exists"),
        (["new@example.org", "--role", "admin"], "short", "at least 8"),
        (
            ["fp@example.org", "--role", "focal-point", "--country", "Atlantis"],
            GOOD_PASSWORD,
            "Unknown country",
        ),
        (["x@example.org", "--role", "superuser"], GOOD_PASSWORD, "Invalid value"),
    ]
    for args, password, message in cases:
        result = runner.invoke(
            args=["create-user", *args, "--password-stdin"], input=password + "\n"
        )
        assert result.exit_code != 0, args
        assert message in result.output, (args, result.output)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def snapshot() -> dict[str, list]:
    """Every demo-relevant row, as plain tuples, to compare runs."""
    db.session.rollback()
    return {
        "organisations": db.session.execute(
            sa.select(Organisation.id, Organisation.name).order_by(Organisation.id)
        ).all(),
        "needs": db.session.execute(
            sa.select(Need.id, Need.reference, Need.title, Need.version).order_by(
                Need.id
            )
        ).all(),
        "offers": db.session.execute(
            sa.select(
                Offer.id, Offer.reference, Offer.capacity, Offer.version
            ).order_by(Offer.id)
        ).all(),
        "offer_countries": db.session.execute(
            sa.text("SELECT * FROM offer_eligible_countries ORDER BY 1, 2")
        ).all(),
    }


def test_seed_demo_twice_leaves_the_same_rows(runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    before = snapshot()
    assert len(before["needs"]) >= 40
    assert len(before["offers"]) >= 25
    assert len(before["organisations"]) >= 12
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert snapshot() == before


def test_demo_data_is_varied_enough_to_show_the_service(runner):
    runner.invoke(args=["seed-demo"])
    countries = set(db.session.scalars(sa.select(Need.country_alpha3)))
    concept_note = {
        "BGD", "IND", "IDN", "KAZ", "MYS", "NPL", "PAK", "PHL", "KOR", "LKA", "THA",
    }  # fmt: skip
    assert concept_note <= countries
    assert len(countries - concept_note) >= 3
    capacities = set(db.session.scalars(sa.select(Offer.capacity)))
    assert 1 in capacities and max(capacities) >= 3
    texts = " ".join(db.session.scalars(sa.select(Need.description)))
    for abbreviation in ("RT-PCR", "BSL-2", "GMP", "ISO 15189"):
        assert abbreviation in texts or abbreviation in " ".join(
            db.session.scalars(sa.select(Offer.description))
        ), abbreviation


def test_seed_demo_if_empty_leaves_a_used_database_alone(runner, make):
    make.need()
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0
    assert "nothing seeded" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Need)) == 1
