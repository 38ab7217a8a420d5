"""Cross-cutting defences: proxies and rate limits, NUL bytes, odd numbers, redirects, caching."""

import pytest

from campaign.extensions import limiter
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def limited_app(app, make_app, limit_storage):
    limited = make_app(
        RATELIMIT_ENABLED=True,
        LOGIN_RATE_LIMIT="3 per minute",
        PROXY_COUNT=1,
        RATELIMIT_STORAGE_URI=limit_storage,
    )
    limiter.reset()
    yield limited
    limiter.reset()


def _login(client, email, address):
    return client.post(
        "/logowanie",
        data={"email": email, "password": "wrong-password"},
        headers={"X-Forwarded-For": address},
    )


def test_behind_a_proxy_each_visitor_has_their_own_login_limit(limited_app):
    client = limited_app.test_client()
    for n in range(3):
        assert _login(client, f"a{n}@example.org", "203.0.113.1").status_code != 429
    assert _login(client, "a9@example.org", "203.0.113.1").status_code == 429
    # Another visitor behind the same proxy is not throttled by the first one's attempts.
    assert _login(client, "b@example.org", "203.0.113.2").status_code != 429


def test_one_account_is_throttled_whatever_the_client_address(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_ACCOUNT_RATE_LIMIT="2 per hour", PROXY_COUNT=1)
    limiter.reset()
    client = app.test_client()
    try:
        statuses = [
            _login(client, "Ofiara@example.org", f"198.51.100.{n}").status_code for n in range(3)
        ]
    finally:
        limiter.reset()
    assert statuses[:2] != [429, 429] and statuses[2] == 429


def test_token_endpoint_has_the_same_limits(limited_app):
    client = limited_app.test_client()
    body = {"email": "x@example.org", "password": "nope"}
    codes = [
        client.post("/api/v1/tokens", json=body, headers={"X-Forwarded-For": "203.0.113.7"})
        for _ in range(4)
    ]
    assert [c.status_code for c in codes] == [401, 401, 401, 429]


@pytest.mark.parametrize(
    "method, path, kwargs",
    [
        ("get", "/listy?q=a%00b", {}),
        ("post", "/logowanie", {"data": {"email": "a\x00@example.org", "password": "x"}}),
        ("get", "/api/v1/letters?q=%00", {}),
    ],
)
def test_nul_characters_are_refused_with_400_not_a_server_error(client, method, path, kwargs):
    assert getattr(client, method)(path, **kwargs).status_code == 400


def test_nul_characters_in_a_json_body_are_a_422_naming_the_field(client):
    response = client.post("/api/v1/tokens", json={"email": "a\x00@example.org", "password": "x"})

    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == ["email"]


@pytest.mark.parametrize(
    "path",
    [
        "/listy?center=99999999999999999999",
        "/api/v1/letters?center=99999999999999999999",
        "/moje-listy/99999999999999999999/kupon.pdf",
        "/biuro/aktualnosci/99999999999999999999",
    ],
)
def test_huge_numbers_never_cause_a_server_error(login_as, client, path):
    login_as("coordinator")
    assert client.get(path).status_code < 500


@pytest.mark.parametrize("body", [[], "text", 3, None])
def test_token_endpoint_refuses_a_body_that_is_not_an_object(client, body):
    response = client.post("/api/v1/tokens", json=body)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"


def test_token_answer_is_the_same_for_a_disabled_account(client, make_user):
    user = make_user("donor", active=False)
    response = client.post("/api/v1/tokens", json={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "invalid_credentials"


@pytest.mark.parametrize(
    "target", ["/\t/evil.example", "//evil.example", "https://evil.example", "/a\r\nX: y"]
)
def test_language_switch_never_redirects_off_site(client, target):
    response = client.post("/jezyk/en", data={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "http://localhost/")


def test_api_answers_to_a_token_are_never_cached(client, make_user):
    user = make_user("donor")
    token = client.post(
        "/api/v1/tokens", json={"email": user.email, "password": TEST_PASSWORD}
    ).json["token"]
    response = client.get("/api/v1/claims", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_remember_me_cookie_is_secure_when_sessions_are(make_app, make_user):
    app = make_app(SESSION_COOKIE_SECURE=True)
    user = make_user("donor")
    response = app.test_client().post(
        "/logowanie",
        data={"email": user.email, "password": TEST_PASSWORD, "remember": "y"},
        base_url="https://localhost",
    )
    remember = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token")]
    assert remember and "Secure" in remember[0]
