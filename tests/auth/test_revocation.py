"""Server-side revocation: a per-user session version in the session, the remember-me cookie and
API tokens; logout (everywhere), a password change and a role change raise it."""

from campaign.auth import services
from campaign.auth.models import Role, User
from campaign.extensions import db
from tests.conftest import TEST_PASSWORD

PERSONAL_DATA = "/moje-dane/pobierz"
ELSEWHERE = {"REMOTE_ADDR": "203.0.113.50", "HTTP_USER_AGENT": "another browser"}


def _remembered_login(app, user):
    client = app.test_client()
    response = client.post(
        "/logowanie", data={"email": user.email, "password": TEST_PASSWORD, "remember": "y"}
    )
    assert response.status_code == 302
    return client, client.get_cookie("remember_token").value


def _thief_with(app, cookie: str):
    thief = app.test_client()
    thief.environ_base.update(ELSEWHERE)
    thief.set_cookie("remember_token", cookie)
    return thief


def test_a_remember_cookie_copied_before_logout_no_longer_opens_personal_data(app, make_user):
    donor = make_user(Role.DONOR, phone="600 100 200")
    owner, cookie = _remembered_login(app, donor)
    assert _thief_with(app, cookie).get(PERSONAL_DATA).status_code == 200

    owner.post("/wyloguj")

    response = _thief_with(app, cookie).get(PERSONAL_DATA)
    assert response.status_code == 302
    assert "/logowanie" in response.headers["Location"]
    assert "600 100 200" not in response.get_data(as_text=True)


def test_a_copied_session_cookie_dies_with_the_logout(app, make_user):
    donor = make_user(Role.DONOR)
    owner, _cookie = _remembered_login(app, donor)
    copy = app.test_client()
    copy.set_cookie("session", owner.get_cookie("session").value)
    assert copy.get(PERSONAL_DATA).status_code == 200

    owner.post("/wyloguj")

    assert copy.get(PERSONAL_DATA).status_code == 302


def test_a_password_change_ends_remembered_logins_elsewhere(app, make_user):
    donor = make_user(Role.DONOR)
    owner, cookie = _remembered_login(app, donor)
    response = owner.post(
        "/konto/haslo",
        data={
            "current_password": TEST_PASSWORD,
            "password": "inne-dlugie-haslo-77",
            "password_confirm": "inne-dlugie-haslo-77",
        },
    )
    assert response.status_code == 302

    assert _thief_with(app, cookie).get(PERSONAL_DATA).status_code == 302
    assert owner.get("/konto").status_code == 200  # the changing browser stays logged in


def test_a_role_change_ends_the_accounts_sessions(app, make_user):
    coordinator = make_user(Role.COORDINATOR)
    admin = make_user(Role.ADMIN)
    owner, cookie = _remembered_login(app, coordinator)
    assert owner.get("/konto").status_code == 200

    services.change_role(coordinator, Role.DONOR, None, actor=admin)

    assert owner.get("/konto").status_code == 302
    assert _thief_with(app, cookie).get("/konto").status_code == 302


def test_logout_everywhere_voids_the_accounts_api_tokens(app, make_user):
    donor = make_user(Role.DONOR)
    client = app.test_client()
    token = client.post(
        "/api/v1/tokens", json={"email": donor.email, "password": TEST_PASSWORD}
    ).get_json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/claims", headers=bearer).status_code == 200

    services.log_out_everywhere(db.session.get(User, donor.id))

    assert client.get("/api/v1/claims", headers=bearer).status_code == 401
