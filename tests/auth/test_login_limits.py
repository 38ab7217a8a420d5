"""The per-account login limit: one bucket per account whatever the spelling, shared by the web
login and the API, counting failures only, and never locking the owner's known browser out."""

import pytest

from campaign.auth.limits import KNOWN_DEVICE_COOKIE, canonical_address
from campaign.extensions import limiter
from campaign.models import Role
from tests.conftest import TEST_PASSWORD

SPELLINGS = [
    "klub@demo.mopr.gda.pl",
    "KLUB@DEMO.MOPR.GDA.PL",
    "klub@\uff44emo.mopr.gda.pl",  # full-width d
    "klub@demo\u3002mopr.gda.pl",  # ideographic full stop
    "klub@demo\uff0emopr\uff61gda.pl",  # full-width and half-width ideographic full stops
    "\uff4b\uff4c\uff55\uff42@demo.mopr.gda.pl",  # full-width local part
    "  klub@demo.mopr.gda.pl\t",
]


@pytest.fixture
def guarded_app(app, make_app, limit_storage):
    """Limits on, strangers told apart by X-Forwarded-For, the address limit out of the way."""
    app = make_app(
        RATELIMIT_ENABLED=True,
        LOGIN_RATE_LIMIT="1000 per minute",
        LOGIN_ACCOUNT_RATE_LIMIT="20 per hour",
        PROXY_COUNT=1,
        RATELIMIT_STORAGE_URI=limit_storage,
    )
    limiter.reset()
    yield app
    limiter.reset()


@pytest.fixture
def owner(guarded_app, make_user):
    return make_user(Role.COORDINATOR, email="klub@demo.mopr.gda.pl")


def _web_login(client, email, password, ip="198.51.100.1"):
    return client.post(
        "/logowanie",
        data={"email": email, "password": password},
        headers={"X-Forwarded-For": ip},
    )


def _api_login(client, email, password, ip="198.51.100.1"):
    return client.post(
        "/api/v1/tokens",
        json={"email": email, "password": password},
        headers={"X-Forwarded-For": ip},
    )


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_of_an_address_has_one_canonical_form(spelling):
    assert canonical_address(spelling) == "klub@demo.mopr.gda.pl"


@pytest.mark.parametrize("spelling", SPELLINGS[2:])
def test_another_spelling_does_not_dodge_the_account_limit(guarded_app, owner, spelling):
    client = guarded_app.test_client()
    for n in range(20):
        assert (
            _web_login(client, owner.email, "wrong-password", f"203.0.113.{n}").status_code == 422
        )

    response = _web_login(client, spelling, TEST_PASSWORD, "192.0.2.77")

    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "Zbyt wiele prób logowania" in response.get_data(as_text=True)


def test_web_login_and_the_token_endpoint_share_one_account_limit(guarded_app, owner):
    client = guarded_app.test_client()
    for n in range(10):
        assert _web_login(client, SPELLINGS[2], "nope-nope", f"203.0.113.{n}").status_code == 422
    for n in range(10):
        assert _api_login(client, SPELLINGS[3], "nope-nope", f"203.0.114.{n}").status_code == 401

    assert _api_login(client, owner.email, TEST_PASSWORD, "192.0.2.1").status_code == 429
    assert _web_login(client, owner.email, TEST_PASSWORD, "192.0.2.2").status_code == 429


def test_successful_logins_do_not_count_towards_the_account_limit(guarded_app, owner):
    for n in range(25):
        client = guarded_app.test_client()
        assert _web_login(client, owner.email, TEST_PASSWORD, f"203.0.113.{n}").status_code == 302


def test_after_fifty_failures_by_strangers_the_owner_gets_in_from_a_known_browser(
    guarded_app, owner
):
    owners_browser = guarded_app.test_client()
    assert _web_login(owners_browser, owner.email, TEST_PASSWORD).status_code == 302
    assert owners_browser.get_cookie(KNOWN_DEVICE_COOKIE) is not None
    owners_browser.post("/wyloguj")

    strangers = guarded_app.test_client()
    for n in range(50):
        spelling = SPELLINGS[n % len(SPELLINGS)]
        _web_login(strangers, spelling, f"guess-{n}", f"203.0.113.{n}")

    response = _web_login(owners_browser, owner.email, TEST_PASSWORD)
    assert response.status_code == 302
    assert (
        owners_browser.get("/konto", headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 200
    )

    # A guesser, even one holding the right password, still gets 429 under every spelling.
    guesser = guarded_app.test_client()
    for n, spelling in enumerate(SPELLINGS):
        assert _web_login(guesser, spelling, TEST_PASSWORD, f"192.0.2.{n}").status_code == 429
        assert _api_login(guesser, spelling, TEST_PASSWORD, f"192.0.2.{n}").status_code == 429


def test_a_known_browser_is_held_back_by_its_own_failures(guarded_app, owner):
    browser = guarded_app.test_client()
    assert _web_login(browser, owner.email, TEST_PASSWORD).status_code == 302
    browser.post("/wyloguj")
    for _ in range(20):
        assert _web_login(browser, owner.email, "wrong-password").status_code == 422

    assert _web_login(browser, owner.email, TEST_PASSWORD).status_code == 429


def test_a_forged_known_device_cookie_does_not_pass_the_lock(guarded_app, owner):
    guesser = guarded_app.test_client()
    guesser.set_cookie(KNOWN_DEVICE_COOKIE, f'{{"uid": {owner.id}, "n": "x"}}')
    for n in range(20):
        _web_login(guesser, owner.email, "wrong-password", f"203.0.113.{n}")

    assert _web_login(guesser, owner.email, TEST_PASSWORD).status_code == 429


def test_another_accounts_known_browser_does_not_pass_the_lock(guarded_app, owner, make_user):
    other = make_user(Role.DONOR)
    browser = guarded_app.test_client()
    assert _web_login(browser, other.email, TEST_PASSWORD).status_code == 302
    browser.post("/wyloguj")
    for n in range(20):
        _web_login(guarded_app.test_client(), owner.email, "wrong", f"203.0.113.{n}")

    assert _web_login(browser, owner.email, TEST_PASSWORD).status_code == 429
