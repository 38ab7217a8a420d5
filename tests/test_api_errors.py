"""One way for every API route to answer a mistyped code, a bad body and a stored date-time."""

import re

import pytest

from campaign.api.auth import issue_token
from campaign.api.openapi import build_document
from campaign.letters import codes

# The role each route with a code serves, so that the code (not the token) is what is judged.
CODE_ROUTES = [
    ("get", "/letters/{code}", None),
    ("post", "/letters/{code}/claim", "donor"),
    ("post", "/letters/{code}/publish", "coordinator"),
    ("post", "/letters/{code}/withdraw", "coordinator"),
    ("post", "/parcels/{code}/receive", "coordinator"),
    ("post", "/parcels/{code}/deliver", "coordinator"),
]


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {issue_token(user)}"} if user else {}


def test_the_list_covers_every_route_that_takes_a_code(app):
    documented = {
        (method, path)
        for path, operations in build_document()["paths"].items()
        for method in operations
        if "{code}" in path
    }
    assert documented == {(method, path) for method, path, _role in CODE_ROUTES}


def _mistyped(code: str) -> str:
    prefix, body, check = codes.split(code)
    return prefix + body + next(c for c in codes.ALPHABET if c != check)


@pytest.mark.parametrize(("method", "path", "role"), CODE_ROUTES)
@pytest.mark.parametrize("typo", ["check", "prefix"])
def test_a_typo_in_a_code_is_the_same_422_on_every_route(
    client, make_letter, make_user, method, path, role, typo
):
    letter = make_letter("claimed", donor=make_user())
    _prefix, body, check = codes.split(letter.code)
    # The check character guards only the body: a prefix no campaign has is a typo too.
    code = _mistyped(letter.code) if typo == "check" else "ZZ99" + body + check
    user = make_user(role) if role else None
    url = "/api/v1" + path.replace("{code}", code.lower())

    response = client.open(url, method=method, json={"reason": "x"}, headers=bearer(user))

    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "check_character"
    assert error["message"].startswith("Sprawdź kod: znak kontrolny się nie zgadza")
    assert error["fields"] == {"code": error["message"]}


@pytest.mark.parametrize(("method", "path", "role"), CODE_ROUTES)
def test_what_is_not_a_code_at_all_is_404_on_every_route(client, make_user, method, path, role):
    user = make_user(role) if role else None
    url = "/api/v1" + path.replace("{code}", "nie-kod")

    response = client.open(url, method=method, json={"reason": "x"}, headers=bearer(user))

    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_claimed_at_has_an_offset_like_created_at_and_codes_are_printed_ones(
    client, make_user, make_letter
):
    donor = make_user("donor")
    letter = make_letter()

    claim = client.post(f"/api/v1/letters/{letter.code.lower()}/claim", headers=bearer(donor)).json
    staff = client.post(
        f"/api/v1/parcels/{letter.code}/receive", headers=bearer(make_user("coordinator"))
    ).json

    assert claim["claimed_at"].endswith("Z") and staff["received_at"].endswith("Z")
    assert claim["code"] == staff["code"] == letter.display_code
    assert re.fullmatch(r"[A-Z0-9]+-[A-Z0-9]{5}-[A-Z0-9]", claim["code"])


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"gender": "f", "wish": "Rower"}, "age", "To pole jest wymagane."),
        ({"age": True, "gender": "f", "wish": "Rower"}, "age", "Wiek musi być liczbą od 0 do 18."),
        ({"age": 8, "gender": "f", "wish": "   "}, "wish", "To pole jest wymagane."),
        ({"age": 8, "gender": "f", "wish": "x" * 1001}, "wish", "Najwyżej 1000 znaków."),
        ({"age": 8, "gender": "x", "wish": "Rower"}, "gender", "Wybierz płeć"),
        (
            {"age": 8, "gender": "f", "wish": "Rower", "sibling_group": "a/b"},
            "sibling_group",
            "Tylko",
        ),
        ({"age": 8, "gender": "f", "wish": "Rower", "needs": ["buty"]}, "needs", "Nieprawidłowa"),
    ],
)
def test_a_letters_field_errors_speak_the_forms_polish(
    client, make_user, make_campaign, payload, field, message
):
    make_campaign()
    response = client.post(
        "/api/v1/letters", json=payload, headers=bearer(make_user("coordinator"))
    )

    assert response.status_code == 422
    assert response.json["error"]["message"] == "Popraw dane listu."
    assert list(response.json["error"]["fields"]) == [field]
    assert response.json["error"]["fields"][field].startswith(message)


def test_field_errors_are_in_english_for_an_english_client(client, make_user):
    response = client.post(
        "/api/v1/tokens", json={"email": "a@example.org"}, headers={"Accept-Language": "en"}
    )

    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"password": "This field is required."}


@pytest.mark.parametrize("body", ['["x"]', "null", "{zepsuty"])
@pytest.mark.parametrize("path", ["/api/v1/tokens", "/api/v1/letters"])
def test_a_body_that_is_not_an_object_is_the_same_400_everywhere(client, make_user, path, body):
    response = client.post(
        path, data=body, content_type="application/json", headers=bearer(make_user("coordinator"))
    )

    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"
    assert "obiektem JSON" in response.json["error"]["fields"]["body"]
