"""`flask users create EMAIL --role ROLE [--center N] [--password P]`."""

import re

import pytest

from campaign.auth.models import User
from campaign.extensions import db


def account(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == email))


def test_creates_an_active_verified_account_with_the_given_password(runner, make_center):
    make_center(number=3)
    result = runner.invoke(
        args=[
            "users", "create", "ewa@mopr.example", "--role", "social_worker",
            "--center", "3", "--password", "haslo-ewy-123",
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = account("ewa@mopr.example")
    assert (user.role, user.center.number) == ("social_worker", 3)
    assert user.is_active and user.is_verified
    assert user.check_password("haslo-ewy-123")


def test_without_a_password_one_is_generated_and_printed(runner):
    result = runner.invoke(args=["users", "create", "Szef@MOPR.example", "--role", "admin"])
    assert result.exit_code == 0, result.output
    password = re.search(r"password: (\S+)", result.output).group(1)
    assert len(password) >= 12
    assert account("szef@mopr.example").check_password(password)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "king"], "Invalid value for '--role'"),
        (["--role", "social_worker"], "Pracownik socjalny musi należeć do centrum"),
        (["--role", "coordinator", "--center", "99"], "Nie ma centrum o numerze 99."),
    ],
)
def test_bad_role_or_centre_is_a_clear_error(runner, args, message):
    result = runner.invoke(args=["users", "create", "x@mopr.example", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert account("x@mopr.example") is None


def test_an_existing_address_is_refused(runner, make_user):
    make_user("donor", email="jest@example.org")
    result = runner.invoke(args=["users", "create", "jest@example.org", "--role", "admin"])
    assert result.exit_code != 0
    assert "już istnieje" in result.output
    assert account("jest@example.org").role == "donor"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "coordinator", "--password", "krotkie"], "co najmniej 10"),
        (["--role", "donor", "--center", "1"], "nie należy do żadnego centrum"),
    ],
)
def test_users_create_keeps_the_account_rules(runner, make_center, args, message):
    make_center(number=1)
    result = runner.invoke(args=["users", "create", "rule@example.org", *args])

    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(db.select(User).where(User.email == "rule@example.org")) is None
