"""New passwords: the length rule and a blocklist of common passwords shipped as data; re-entering
the password on a signed-in page is throttled per account."""

import pytest

from campaign.auth.models import Role, User
from campaign.auth.passwords import common_passwords
from campaign.extensions import db, limiter
from tests.auth.helpers import log_in
from tests.auth.test_auth_registration import registration
from tests.conftest import TEST_PASSWORD

COMMON = ["1234567890", "password12", "qwertyuiop", "QwertyUIOP", "zaq12wsxcde", "haslo12345"]
REFUSED = "To hasło jest na liście najczęściej używanych haseł"


def test_the_blocklist_ships_thousands_of_passwords():
    assert len(common_passwords()) > 19_000
    assert "1234567890" in common_passwords()


@pytest.mark.parametrize("password", COMMON)
def test_registration_refuses_a_common_password_in_polish(client, outbox, password):
    response = client.post(
        "/rejestracja",
        data=registration(email="nowa@example.org", password=password, password_confirm=password),
    )

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert REFUSED in html
    assert 'value="nowa@example.org"' in html
    assert db.session.scalar(db.select(User).where(User.email == "nowa@example.org")) is None
    assert outbox == []


def test_a_long_uncommon_password_is_accepted(client, outbox):
    data = registration(
        password="zielony-rower-nad-motława", password_confirm="zielony-rower-nad-motława"
    )
    assert client.post("/rejestracja", data=data).status_code == 200
    assert len(outbox) == 1


def test_changing_to_a_common_password_is_refused(client, make_user):
    user = make_user(Role.DONOR)
    log_in(client, user)
    response = client.post(
        "/konto/haslo",
        data={
            "current_password": TEST_PASSWORD,
            "password": "password12",
            "password_confirm": "password12",
        },
    )
    assert response.status_code == 422
    assert REFUSED in response.get_data(as_text=True)
    assert db.session.get(User, user.id).check_password(TEST_PASSWORD)


def test_users_create_refuses_a_common_password(runner, app):
    result = runner.invoke(
        args=["users", "create", "szef@example.org", "--role", "admin", "--password", "qwertyuiop"]
    )
    assert result.exit_code != 0
    assert REFUSED in result.output
    assert db.session.scalar(db.select(User).where(User.email == "szef@example.org")) is None


@pytest.fixture
def checked_app(app, make_app, limit_storage):
    app = make_app(
        RATELIMIT_ENABLED=True,
        PASSWORD_CHECK_RATE_LIMIT="3 per hour",
        RATELIMIT_STORAGE_URI=limit_storage,
    )
    limiter.reset()
    yield app
    limiter.reset()


def test_guessing_the_current_password_on_the_account_page_is_throttled(checked_app, make_user):
    user = make_user(Role.DONOR)
    client = checked_app.test_client()
    log_in(client, user)
    attempt = {
        "current_password": "zgaduje-haslo",
        "password": "x" * 12,
        "password_confirm": "x" * 12,
    }
    statuses = [client.post("/konto/haslo", data=attempt).status_code for _ in range(4)]

    assert statuses == [422, 422, 422, 429]
    # The right password does not get through either while the limit holds.
    right = {**attempt, "current_password": TEST_PASSWORD}
    assert client.post("/konto/haslo", data=right).status_code == 429
    assert db.session.get(User, user.id).check_password(TEST_PASSWORD)


def test_guessing_the_password_to_delete_the_account_is_throttled(checked_app, make_user):
    user = make_user(Role.DONOR)
    client = checked_app.test_client()
    log_in(client, user)
    statuses = [
        client.post("/moje-dane/usun-konto", data={"password": f"zgaduje-{n}"}).status_code
        for n in range(4)
    ]

    assert statuses == [422, 422, 422, 429]
    assert client.get("/moje-dane/usun-konto").status_code == 200  # only submissions count
    assert db.session.get(User, user.id).is_active


def test_the_password_check_limit_is_per_account(checked_app, make_user):
    first, second = make_user(Role.DONOR), make_user(Role.DONOR)
    client = checked_app.test_client()
    log_in(client, first)
    for _ in range(3):
        client.post("/moje-dane/usun-konto", data={"password": "zgaduje"})
    client.post("/wyloguj")
    log_in(client, second)

    assert client.post("/moje-dane/usun-konto", data={"password": "zgaduje"}).status_code == 422
