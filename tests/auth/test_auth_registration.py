"""Donors register themselves and prove their address with a signed link before they can act."""

import re

import pytest
from flask import Blueprint

from campaign.auth.decorators import verified_required
from campaign.auth.models import Role, User
from campaign.extensions import db
from tests.auth.helpers import log_in, mail_links, mail_text

CHECK_INBOX = "Sprawdź skrzynkę e-mail"


def registration(**fields) -> dict:
    data = {
        "email": "ola@example.org",
        "password": "dlugie-haslo-123",
        "password_confirm": "dlugie-haslo-123",
        "display_name": "Ola",
        "locale": "pl",
        "consent": "y",
    }
    data.update(fields)
    return data


def user_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == email))


def without_tokens(response) -> str:
    """A page's HTML without its per-request CSRF tokens, to compare two answers."""
    return re.sub(r'name="csrf_token" value="[^"]*"', "", response.get_data(as_text=True))


def verify_link(message) -> str:
    return next(path for path in mail_links(message) if path.startswith("/weryfikacja/"))


@pytest.fixture
def guarded_app(app):
    """The app with one test-only view guarded by `verified_required`, as donors' views will be."""
    bp = Blueprint("guarded", __name__)

    @bp.get("/test/dzialanie-darczyncy")
    @verified_required
    def act():
        """Stands for claiming a letter."""
        return "acted"

    app.register_blueprint(bp)
    return app


def test_registration_creates_an_unverified_donor_and_mails_a_working_link(client, outbox):
    response = client.post("/rejestracja", data=registration(email="Ola@Example.org"))
    assert response.status_code == 200
    assert CHECK_INBOX in response.get_data(as_text=True)
    user = user_by_email("ola@example.org")
    assert user.role == Role.DONOR
    assert user.display_name == "Ola"
    assert user.email_verified_at is None
    assert [m["To"] for m in outbox] == ["ola@example.org"]
    assert "/weryfikacja/" in outbox[0].get_body(("html",)).get_content()

    response = client.get(verify_link(outbox[0]))
    assert response.status_code == 302
    assert "Adres e-mail został potwierdzony" in client.get("/logowanie").get_data(as_text=True)
    assert db.session.get(User, user.id).email_verified_at is not None


def test_registration_stores_an_organisation_and_its_language(client, outbox):
    client.post(
        "/rejestracja",
        data=registration(display_name="Szkoła Podstawowa nr 7", is_organisation="y", locale="en"),
    )
    user = user_by_email("ola@example.org")
    assert user.is_organisation
    assert user.locale == "en"


@pytest.mark.parametrize(("locale", "validity"), [("pl", "3 dni"), ("en", "3 days")])
def test_verification_mail_is_written_in_the_donors_language(client, outbox, locale, validity):
    client.post("/rejestracja", data=registration(locale=locale))
    assert validity in mail_text(outbox[0])


def test_password_is_stored_hashed(client):
    client.post(
        "/rejestracja",
        data=registration(password="tajne-haslo-1", password_confirm="tajne-haslo-1"),
    )
    user = user_by_email("ola@example.org")
    assert "tajne-haslo-1" not in user.password_hash
    assert user.check_password("tajne-haslo-1")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"password": "krotkie", "password_confirm": "krotkie"}, "Hasło musi mieć od 10"),
        ({"password_confirm": "inne-haslo-123"}, "Hasła nie są takie same."),
        ({"consent": ""}, "Potwierdź, że znasz klauzulę informacyjną."),
        ({"email": "to-nie-adres"}, "Nieprawidłowy adres e-mail."),
        ({"display_name": ""}, "Podaj imię lub nazwę organizacji."),
        ({"display_name": "x" * 121}, "Imię lub nazwa organizacji"),
    ],
)
def test_bad_registration_is_refused_and_keeps_what_was_typed(client, outbox, fields, message):
    response = client.post("/rejestracja", data=registration(**fields))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert 'value="Ola"' in html or "display_name" in fields
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0
    assert outbox == []


def test_registration_links_the_privacy_clause(client):
    html = client.get("/rejestracja").get_data(as_text=True)
    assert 'href="/rodo"' in html


def test_registering_a_taken_address_reveals_nothing(client, make_user, outbox):
    owner = make_user(Role.DONOR, email="ola@example.org")
    fresh = client.post("/rejestracja", data=registration(email="nowa@example.org"))
    taken = client.post("/rejestracja", data=registration(email="OLA@example.org"))
    assert taken.status_code == fresh.status_code == 200
    assert without_tokens(taken) == without_tokens(fresh)
    assert db.session.scalar(db.select(db.func.count(User.id))) == 2
    # The owner hears about the attempt; their password is untouched.
    warning = outbox[-1]
    assert warning["To"] == "ola@example.org"
    assert "Próba rejestracji" in warning["Subject"]
    assert "/haslo/reset" in mail_links(warning)
    assert db.session.get(User, owner.id).check_password("correct-horse-battery")


def test_unverified_donor_is_asked_to_verify_before_acting(guarded_app, make_user, outbox):
    client = guarded_app.test_client()
    donor = make_user(Role.DONOR, email_verified_at=None)
    log_in(client, donor)
    response = client.get("/test/dzialanie-darczyncy")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "Potwierdź adres e-mail" in page
    assert 'action="/weryfikacja/ponownie"' in page

    client.post("/weryfikacja/ponownie", data={"email": donor.email})
    assert [m["To"] for m in outbox] == [donor.email]
    client.get(verify_link(outbox[0]))
    assert client.get("/test/dzialanie-darczyncy").get_data(as_text=True) == "acted"


@pytest.mark.parametrize("role", [Role.DONOR, Role.SOCIAL_WORKER, Role.COORDINATOR])
def test_verified_users_may_act(guarded_app, make_user, role):
    client = guarded_app.test_client()
    log_in(client, make_user(role))
    assert client.get("/test/dzialanie-darczyncy").get_data(as_text=True) == "acted"


def test_anonymous_visitor_is_sent_to_login_before_acting(guarded_app):
    response = guarded_app.test_client().get("/test/dzialanie-darczyncy")
    assert response.headers["Location"].startswith("/logowanie")


def test_unverified_donor_may_log_in_and_is_told_to_verify(client, make_user):
    donor = make_user(Role.DONOR, email_verified_at=None)
    log_in(client, donor)
    assert "Potwierdź adres e-mail" in client.get("/konto").get_data(as_text=True)


def test_tampered_verification_link_says_so_and_offers_a_new_one(client, outbox):
    client.post("/rejestracja", data=registration())
    link = verify_link(outbox[0])
    response = client.get(link[:-3] + ("abc" if not link.endswith("abc") else "xyz"))
    html = response.get_data(as_text=True)
    assert "Ten link weryfikacyjny jest nieprawidłowy." in html
    assert 'action="/weryfikacja/ponownie"' in html
    assert user_by_email("ola@example.org").email_verified_at is None


def test_expired_verification_link_says_so_and_offers_a_new_one(app, client, outbox, clock_ahead):
    client.post("/rejestracja", data=registration())
    clock_ahead(app.config["EMAIL_VERIFY_MAX_AGE"] + 1)
    html = client.get(verify_link(outbox[0])).get_data(as_text=True)
    assert "Ten link weryfikacyjny wygasł." in html
    assert 'value="ola@example.org"' in html  # the new-link form is already filled in
    assert user_by_email("ola@example.org").email_verified_at is None

    client.post("/weryfikacja/ponownie", data={"email": "ola@example.org"})
    assert len(outbox) == 2


def test_verification_link_used_twice_is_harmless(client, outbox):
    client.post("/rejestracja", data=registration())
    link = verify_link(outbox[0])
    client.get(link)
    verified_at = user_by_email("ola@example.org").email_verified_at
    response = client.get(link)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ten adres e-mail jest już potwierdzony." in page
    assert user_by_email("ola@example.org").email_verified_at == verified_at


def test_resending_gives_one_answer_and_mails_only_a_waiting_address(client, make_user, outbox):
    waiting = make_user(Role.DONOR, email_verified_at=None)
    verified = make_user(Role.DONOR)
    answers = {
        without_tokens(client.post("/weryfikacja/ponownie", data={"email": email}))
        for email in (waiting.email, verified.email, "nikt@example.org")
    }
    assert len(answers) == 1
    assert [m["To"] for m in outbox] == [waiting.email]


def test_registration_survives_a_mail_server_that_is_down(make_app):
    # Port 9 on loopback: nothing listens there, so the SMTP connection is refused.
    app = make_app(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=9, MAIL_TIMEOUT=2)
    client = app.test_client()

    response = client.post(
        "/rejestracja",
        data={
            "email": "nowa@example.org",
            "password": "dlugie-haslo-123",
            "password_confirm": "dlugie-haslo-123",
            "display_name": "Nowa",
            "locale": "pl",
            "consent": "y",
        },
    )

    assert response.status_code in (200, 302)
    assert db.session.scalar(db.select(User).where(User.email == "nowa@example.org")) is not None
