"""The application boots, reports its health, and sends security headers."""

import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from campaign import create_app
from campaign.config import DEV_SECRET_KEY, TestConfig


def test_healthz_reports_ok_when_database_is_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_database_is_unreachable(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(Session, "execute", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "error", "database": "unreachable"}


def test_every_page_sends_a_strict_content_security_policy(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "secret",
    [
        DEV_SECRET_KEY,
        "change-me-to-64-random-characters",  # deploy/env.example's
        "change-me-please-i-am-a-placeholder-of-any-length",
        "x",
        "not-a-placeholder-but-too-short",  # 31 characters
        "a" * 31,
    ],
)
def test_production_refuses_to_start_with_a_placeholder_or_short_secret(secret):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"ENV_NAME": "production", "SECRET_KEY": secret})


GOOD_SECRET = "k" * 16 + "7Qz!" * 8


def test_production_starts_with_a_long_random_secret_and_a_shared_limit_store():
    app = create_app(
        {
            "ENV_NAME": "production",
            "SECRET_KEY": GOOD_SECRET,
            "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/10",
        }
    )
    assert app.config["ENV_NAME"] == "production"


@pytest.mark.parametrize("storage", ["memory://", "", "memcached://127.0.0.1:11211"])
def test_production_refuses_to_start_with_limits_counted_per_worker(storage):
    with pytest.raises(RuntimeError, match="RATELIMIT_STORAGE_URI"):
        create_app(
            {"ENV_NAME": "production", "SECRET_KEY": GOOD_SECRET, "RATELIMIT_STORAGE_URI": storage}
        )


def test_unknown_page_is_404_in_the_site_layout(client):
    response = client.get("/nie-ma-takiej-strony")
    assert response.status_code == 404
    assert "Nie znaleziono strony" in response.get_data(as_text=True)


def test_pages_say_service_unavailable_when_the_database_is_down():
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    # Port 9 on loopback: nothing listens, the connection is refused at once.
    dead = "postgresql+psycopg://nobody:x@127.0.0.1:9/none?connect_timeout=2"
    client = create_app({**config, "SQLALCHEMY_DATABASE_URI": dead}).test_client()

    page = client.get("/aktualnosci")
    api = client.get("/api/v1/letters")

    assert page.status_code == 503
    assert "Serwis chwilowo niedostępny" in page.get_data(as_text=True)
    assert api.status_code == 503
    assert api.json["error"]["code"] == "unavailable"


def test_an_unexpected_error_shows_the_500_page_in_the_site_layout(make_app):
    app = make_app()

    def broken():
        raise RuntimeError("boom")

    app.add_url_rule("/test/awaria", "broken", broken)
    response = app.test_client().get("/test/awaria")

    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Błąd serwera" in html and 'id="main"' in html
    assert "boom" not in html


def test_a_forbidden_page_shows_the_403_page(client, login_as):
    login_as("donor")
    response = client.get("/koordynacja")
    assert response.status_code == 403
    assert "Brak dostępu" in response.get_data(as_text=True)
