"""Password links work once and briefly; a new password ends every other session."""

import re

from campaign.auth.models import Role, User
from campaign.core.audit import Event
from campaign.extensions import db
from tests.auth.helpers import log_in, mail_links
from tests.conftest import TEST_PASSWORD

NEW_PASSWORD = "nowe-haslo-2026"
USED_OR_OLD = "Ten link został już użyty lub jest nieaktualny."


def reset_link(message) -> str:
    return next(p for p in mail_links(message) if p.startswith("/haslo/reset/"))


def ask_for_link(client, email: str):
    return client.post("/haslo/reset", data={"email": email})


def set_password(client, link: str, password: str = NEW_PASSWORD):
    return client.post(link, data={"password": password, "password_confirm": password})


def strip_tokens(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', "", html)


def test_asking_for_a_link_gives_one_answer_whether_or_not_the_account_exists(
    client, make_user, outbox
):
    user = make_user(Role.DONOR)
    known = ask_for_link(client, user.email)
    unknown = ask_for_link(client, "nikt@example.org")
    assert known.status_code == unknown.status_code == 200
    assert strip_tokens(known.get_data(as_text=True)) == strip_tokens(
        unknown.get_data(as_text=True)
    )
    assert [m["To"] for m in outbox] == [user.email]


def test_a_deactivated_account_gets_no_link(client, make_user, outbox):
    user = make_user(Role.SOCIAL_WORKER, active=False)
    ask_for_link(client, user.email)
    assert outbox == []


def test_reset_link_sets_the_password_once(client, make_user, outbox):
    user = make_user(Role.DONOR)
    ask_for_link(client, user.email)
    link = reset_link(outbox[0])
    assert client.get(link).status_code == 200

    response = set_password(client, link)
    assert response.status_code == 302
    assert response.headers["Location"] == "/logowanie"
    user = db.session.get(User, user.id)
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(TEST_PASSWORD)
    assert db.session.scalar(db.select(Event.kind).where(Event.actor_id == user.id)) == (
        "auth.password_reset"
    )

    # Used twice: the password fingerprint in the link no longer matches.
    assert USED_OR_OLD in client.get(link).get_data(as_text=True)
    refused = set_password(client, link, "trzecie-haslo-99")
    assert USED_OR_OLD in refused.get_data(as_text=True)
    assert db.session.get(User, user.id).check_password(NEW_PASSWORD)


def test_after_a_reset_the_person_logs_in_with_the_new_password(client, make_user, outbox):
    user = make_user(Role.DONOR)
    log_in(client, user)
    ask_for_link(client, user.email)
    set_password(client, reset_link(outbox[0]))
    assert client.get("/konto").status_code == 302  # logged out, must log in
    log_in(client, user, NEW_PASSWORD)
    assert client.get("/konto").status_code == 200


def test_expired_reset_link_is_refused(app, client, make_user, outbox, clock_ahead):
    user = make_user(Role.DONOR)
    ask_for_link(client, user.email)
    clock_ahead(app.config["PASSWORD_RESET_MAX_AGE"] + 1)
    link = reset_link(outbox[0])
    page = client.get(link).get_data(as_text=True)
    assert "Ten link do ustawienia hasła wygasł." in page
    assert 'action="/haslo/reset"' in page  # with a form to ask for a new one
    set_password(client, link)
    assert db.session.get(User, user.id).check_password(TEST_PASSWORD)


def test_reset_link_is_refused_when_the_configured_lifetime_is_over(make_app, make_user):
    app = make_app(PASSWORD_RESET_MAX_AGE=-1)
    client = app.test_client()
    user = make_user(Role.DONOR)
    ask_for_link(client, user.email)
    link = reset_link(app.extensions["mail_outbox"][0])
    assert "wygasł" in client.get(link).get_data(as_text=True)


def test_tampered_reset_link_is_refused(client, make_user, outbox):
    user = make_user(Role.DONOR)
    ask_for_link(client, user.email)
    link = reset_link(outbox[0])
    page = client.get(link[:-2] + ("xx" if not link.endswith("xx") else "yy"))
    assert USED_OR_OLD in page.get_data(as_text=True)


def test_a_reset_ends_every_other_session(app, client, make_user, outbox):
    user = make_user(Role.DONOR)
    other_device = app.test_client()
    log_in(other_device, user)
    assert other_device.get("/konto").status_code == 200
    ask_for_link(client, user.email)
    set_password(client, reset_link(outbox[0]))
    assert other_device.get("/konto").status_code == 302


def test_a_reset_link_also_proves_the_address(client, make_user, outbox):
    user = make_user(Role.DONOR, email_verified_at=None)
    ask_for_link(client, user.email)
    set_password(client, reset_link(outbox[0]))
    assert db.session.get(User, user.id).is_verified


def test_new_password_must_be_long_enough_and_confirmed(client, make_user, outbox):
    user = make_user(Role.DONOR)
    ask_for_link(client, user.email)
    link = reset_link(outbox[0])
    short = set_password(client, link, "krotkie")
    assert short.status_code == 422
    mismatch = client.post(link, data={"password": NEW_PASSWORD, "password_confirm": "inne"})
    assert "Hasła nie są takie same." in mismatch.get_data(as_text=True)
    assert db.session.get(User, user.id).check_password(TEST_PASSWORD)
    assert set_password(client, link).status_code == 302  # the link still works after a typo


def test_changing_the_password_keeps_this_session_and_ends_the_others(app, client, make_user):
    user = make_user(Role.COORDINATOR)
    other_device = app.test_client()
    log_in(client, user)
    log_in(other_device, user)
    response = client.post(
        "/konto/haslo",
        data={
            "current_password": TEST_PASSWORD,
            "password": NEW_PASSWORD,
            "password_confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert client.get("/konto").status_code == 200
    assert other_device.get("/konto").status_code == 302
    assert db.session.get(User, user.id).check_password(NEW_PASSWORD)


def test_changing_the_password_needs_the_current_one(client, make_user):
    user = make_user(Role.DONOR)
    log_in(client, user)
    response = client.post(
        "/konto/haslo",
        data={
            "current_password": "nie-to-haslo",
            "password": NEW_PASSWORD,
            "password_confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 422
    assert "Obecne hasło jest nieprawidłowe." in response.get_data(as_text=True)
    assert db.session.get(User, user.id).check_password(TEST_PASSWORD)
