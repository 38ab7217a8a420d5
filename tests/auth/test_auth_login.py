"""Logging in and out: one answer for bad credentials, a fresh session, throttling, CSRF."""

import pytest

from campaign.auth.models import Role, User
from campaign.auth.services import anonymise_user
from campaign.extensions import db
from tests.auth.helpers import csrf_token_in, log_in
from tests.conftest import TEST_PASSWORD

BAD_CREDENTIALS = "Nieprawidłowy e-mail lub hasło."


def post_login(client, email, password=TEST_PASSWORD, **extra):
    return client.post("/logowanie", data={"email": email, "password": password, **extra})


def is_logged_in(client) -> bool:
    return client.get("/konto").status_code == 200


def test_login_page_has_the_stable_field_names(client):
    html = client.get("/logowanie").get_data(as_text=True)
    assert 'name="email"' in html
    assert 'name="password"' in html


def test_correct_password_logs_in_and_records_the_time(client, make_user):
    user = make_user(Role.DONOR, email="anna@example.org")
    response = post_login(client, "Anna@Example.org")
    assert response.status_code == 302
    assert is_logged_in(client)
    assert db.session.get(User, user.id).last_login_at is not None


def test_admin_lands_on_the_users_page(client, make_user):
    admin = make_user(Role.ADMIN)
    response = post_login(client, admin.email)
    assert response.headers["Location"] == "/admin/uzytkownicy"


@pytest.mark.parametrize("role", [Role.DONOR, Role.SOCIAL_WORKER, Role.COORDINATOR])
def test_every_role_is_logged_in_and_sent_on_from_the_login_page(client, make_user, role):
    user = make_user(role)
    location = post_login(client, user.email).headers["Location"]
    assert not location.startswith("/logowanie")
    assert is_logged_in(client)


def test_unknown_email_and_wrong_password_get_the_same_answer(client, make_user):
    user = make_user(Role.DONOR)
    unknown = post_login(client, "nikt@example.org")
    wrong = post_login(client, user.email, "zle-haslo-123")
    assert unknown.status_code == wrong.status_code == 422
    assert BAD_CREDENTIALS in unknown.get_data(as_text=True)
    assert BAD_CREDENTIALS in wrong.get_data(as_text=True)
    assert not is_logged_in(client)


def test_a_refused_login_keeps_the_typed_address(client):
    html = post_login(client, "nikt@example.org", "x").get_data(as_text=True)
    assert 'value="nikt@example.org"' in html


def test_deactivated_account_cannot_log_in(client, make_user):
    user = make_user(Role.SOCIAL_WORKER, active=False)
    response = post_login(client, user.email)
    assert response.status_code == 422
    assert "wyłączone" in response.get_data(as_text=True)
    assert not is_logged_in(client)


def test_anonymised_account_cannot_log_in(client, make_user):
    user = make_user(Role.DONOR, email="usuniety@example.org")
    anonymise_user(user)
    db.session.commit()
    response = post_login(client, "usuniety@example.org")
    assert BAD_CREDENTIALS in response.get_data(as_text=True)
    assert not is_logged_in(client)


def test_login_starts_a_fresh_session_but_keeps_the_language(client, make_user):
    user = make_user(Role.DONOR)
    with client.session_transaction() as session:
        session["planted_by_attacker"] = "x"
        session["lang"] = "en"
    post_login(client, user.email)
    with client.session_transaction() as session:
        assert "planted_by_attacker" not in session
        assert session["lang"] == "en"
        assert session["_user_id"] == user.get_id()


def test_the_cookie_a_login_sets_serves_later_pages_without_setting_another(make_app, make_user):
    # A script or a browser holding the login's cookie: the pages after it must not re-sign the
    # session each time (a CSRF token first made on a later page would be added to it).
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    user = make_user(Role.DONOR)
    token = csrf_token_in(client.get("/logowanie").get_data(as_text=True))
    logged_in = post_login(client, user.email, csrf_token=token)
    assert logged_in.status_code == 302 and "Set-Cookie" in logged_in.headers

    for path in ("/listy", "/konto", "/moje-listy"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert "Set-Cookie" not in page.headers, path
    new_token = csrf_token_in(client.get("/konto").get_data(as_text=True))
    assert new_token != token  # a fresh session has a fresh token
    assert client.post("/wyloguj", data={"csrf_token": new_token}).status_code == 302


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/konto", "/konto"),
        ("/konto?tab=haslo", "/konto?tab=haslo"),
        ("https://zly.example/", "/admin/uzytkownicy"),
        ("//zly.example/", "/admin/uzytkownicy"),
        ("/\\zly.example", "/admin/uzytkownicy"),
        ("javascript:alert(1)", "/admin/uzytkownicy"),
        ("/\t/zly.example", "/admin/uzytkownicy"),
    ],
)
def test_login_returns_only_to_local_pages(client, make_user, next_url, expected):
    admin = make_user(Role.ADMIN)
    response = client.post(
        "/logowanie",
        query_string={"next": next_url},
        data={"email": admin.email, "password": TEST_PASSWORD},
    )
    assert response.headers["Location"] == expected


def test_a_page_that_needs_login_sends_back_after_it(client, make_user):
    user = make_user(Role.DONOR)
    location = client.get("/konto").headers["Location"]
    assert location.startswith("/logowanie")
    response = client.post(location, data={"email": user.email, "password": TEST_PASSWORD})
    assert response.headers["Location"] == "/konto"


def test_logout_is_post_only(client, make_user):
    log_in(client, make_user(Role.DONOR))
    assert client.get("/wyloguj").status_code == 405
    assert is_logged_in(client)
    response = client.post("/wyloguj")
    assert response.status_code == 302
    assert not is_logged_in(client)


def test_logout_also_forgets_a_remembered_login(client, make_user):
    user = make_user(Role.DONOR)
    post_login(client, user.email, remember="y")
    assert client.get_cookie("remember_token") is not None
    client.post("/wyloguj")
    assert client.get_cookie("remember_token") is None
    assert not is_logged_in(client)


def test_remembered_login_survives_the_end_of_the_browser_session(client, make_user):
    user = make_user(Role.DONOR)
    post_login(client, user.email, remember="y")
    client.delete_cookie("session")
    assert is_logged_in(client)


def test_navigation_offers_login_or_logout(client, make_user):
    html = client.get("/logowanie").get_data(as_text=True)
    assert "Załóż konto" in html
    assert "Wyloguj" not in html
    log_in(client, make_user(Role.DONOR))
    html = client.get("/konto").get_data(as_text=True)
    assert 'action="/wyloguj"' in html
    assert "Użytkownicy" not in html


def test_fourth_login_attempt_in_a_minute_is_throttled(throttled_app, make_user):
    client = throttled_app.test_client()
    user = make_user(Role.DONOR)
    for _ in range(3):
        assert post_login(client, user.email, "zle-haslo-123").status_code == 422
    response = post_login(client, user.email)
    assert response.status_code == 429
    assert "Zbyt wiele prób" in response.get_data(as_text=True)
    assert not is_logged_in(client)
    # Only attempts count: the form itself still opens.
    assert client.get("/logowanie").status_code == 200


def test_login_without_csrf_token_is_refused(make_app, make_user):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    user = make_user(Role.DONOR)
    assert post_login(client, user.email).status_code == 400
    assert not is_logged_in(client)
    token = csrf_token_in(client.get("/logowanie").get_data(as_text=True))
    assert post_login(client, user.email, csrf_token=token).status_code == 302
    assert is_logged_in(client)


def test_logout_without_csrf_token_is_refused(make_app, make_user):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    user = make_user(Role.DONOR)
    token = csrf_token_in(client.get("/logowanie").get_data(as_text=True))
    assert post_login(client, user.email, csrf_token=token).status_code == 302
    assert client.post("/wyloguj").status_code == 400
    assert is_logged_in(client)
    token = csrf_token_in(client.get("/konto").get_data(as_text=True))
    assert client.post("/wyloguj", data={"csrf_token": token}).status_code == 302
    assert not is_logged_in(client)


def test_the_session_carries_no_part_of_the_password_hash(make_user):
    user = make_user("donor")
    fingerprint = user.get_id().split(":")[1]

    assert len(fingerprint) == 16
    assert fingerprint not in user.password_hash
