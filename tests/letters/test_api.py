"""POST /api/v1/letters, /publish and /withdraw: bearer tokens, field errors, centre scoping."""

import pytest

from campaign.api.auth import issue_token
from campaign.extensions import db
from campaign.letters.forms import AGE_MAX, AGE_MIN, WISH_MAX
from campaign.letters.models import Letter

LETTER = {"age": 8, "gender": "f", "wish": "Marzę o rolkach.", "needs": "buty 33"}


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {issue_token(user)}"}


def test_a_social_worker_creates_a_draft_and_gets_its_code(client, world):
    response = client.post(
        "/api/v1/letters", json={**LETTER, "case_reference": "S/1"}, headers=bearer(world.worker)
    )
    assert response.status_code == 201
    body = response.json
    letter = db.session.scalar(db.select(Letter))
    # One spelling of a code in every endpoint: the printed one (KMP26-7KQ4M-X).
    assert body["code"] == body["display_code"] == letter.display_code
    assert (body["status"], body["center"]["number"], body["case_reference"]) == ("draft", 1, "S/1")
    assert response.headers["Location"] == f"/api/v1/letters/{letter.display_code}"
    assert client.get(response.headers["Location"], headers=bearer(world.worker)).status_code == 200


def _letter_count() -> int:
    return db.session.scalar(db.select(db.func.count(Letter.id)))


def test_a_repeat_with_the_same_idempotency_key_returns_the_first_letter(client, world):
    headers = {**bearer(world.worker), "Idempotency-Key": "7f0c2a4e-retry"}
    first = client.post("/api/v1/letters", json=LETTER, headers=headers)
    again = client.post("/api/v1/letters", json=LETTER, headers=headers)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["code"] == first.json["code"]
    assert _letter_count() == 1
    assert db.session.scalar(db.select(Letter.submission_key)) == "7f0c2a4e-retry"


def test_without_an_idempotency_key_or_with_another_each_request_creates_a_letter(client, world):
    codes_made = {
        client.post("/api/v1/letters", json=LETTER, headers=headers).json["code"]
        for headers in (
            bearer(world.worker),
            bearer(world.worker),
            {**bearer(world.worker), "Idempotency-Key": "a"},
            {**bearer(world.worker), "Idempotency-Key": "b"},
        )
    }
    assert len(codes_made) == 4 and _letter_count() == 4


def test_someone_elses_idempotency_key_is_409_and_reveals_nothing(client, world):
    key = {"Idempotency-Key": "shared-key"}
    mine = client.post(
        "/api/v1/letters",
        json={**LETTER, "case_reference": "S/9"},
        headers={**bearer(world.worker), **key},
    )
    theirs = client.post("/api/v1/letters", json=LETTER, headers={**bearer(world.stranger), **key})

    assert mine.status_code == 201
    assert theirs.status_code == 409
    assert "S/9" not in theirs.get_data(as_text=True)
    assert _letter_count() == 1


def test_an_idempotency_key_longer_than_64_is_a_400(client, world):
    headers = {**bearer(world.worker), "Idempotency-Key": "k" * 65}
    response = client.post("/api/v1/letters", json=LETTER, headers=headers)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json["error"]["message"]
    assert _letter_count() == 0


def test_a_sibling_group_longer_than_40_in_upper_case_is_a_422_not_a_500(client, world):
    payload = {**LETTER, "sibling_group": "ß" * 40}  # 80 characters as "SS..."
    response = client.post("/api/v1/letters", json=payload, headers=bearer(world.worker))
    assert response.status_code == 422
    assert "Najwyżej 40 znaków" in response.json["error"]["fields"]["sibling_group"]
    assert db.session.query(Letter).count() == 0


def test_age_zero_is_a_valid_age(client, world):
    response = client.post(
        "/api/v1/letters", json={**LETTER, "age": 0}, headers=bearer(world.worker)
    )
    assert response.status_code == 201 and response.json["age"] == 0


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({**LETTER, "age": 19}, {"age"}),
        ({**LETTER, "age": "osiem", "gender": "x"}, {"age", "gender"}),
        ({"gender": "m"}, {"age", "wish"}),
        ({**LETTER, "wish": "Rower, mama 600 700 800", "needs": "SP nr 12"}, {"wish", "needs"}),
        ({**LETTER, "wish": "Lalka dla Zosi"}, {"wish"}),
        ({**LETTER, "center": 99}, {"center"}),
    ],
)
def test_bad_letters_get_422_with_field_errors(client, world, payload, fields):
    headers = bearer(world.coordinator if "center" in payload else world.worker)
    response = client.post("/api/v1/letters", json=payload, headers=headers)
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == fields
    assert db.session.query(Letter).count() == 0


def test_the_privacy_message_names_what_was_found(client, world):
    payload = {**LETTER, "wish": "Rower, mama 600 700 800"}
    response = client.post("/api/v1/letters", json=payload, headers=bearer(world.worker))
    assert "numer telefonu" in response.json["error"]["fields"]["wish"]


def test_names_pass_when_confirmed(client, world):
    payload = {**LETTER, "wish": "Lalka dla Zosi", "confirm_names": True}
    assert (
        client.post("/api/v1/letters", json=payload, headers=bearer(world.worker)).status_code
        == 201
    )


def test_a_coordinator_names_the_centre_a_social_worker_may_not(client, world):
    ok = client.post(
        "/api/v1/letters", json={**LETTER, "center": 2}, headers=bearer(world.coordinator)
    )
    assert ok.status_code == 201 and ok.json["center"]["number"] == 2
    refused = client.post(
        "/api/v1/letters", json={**LETTER, "center": 2}, headers=bearer(world.worker)
    )
    assert refused.status_code == 403
    missing = client.post("/api/v1/letters", json=LETTER, headers=bearer(world.coordinator))
    assert missing.status_code == 422 and "center" in missing.json["error"]["fields"]


def test_a_donor_gets_403_and_no_token_401(client, world, make_user):
    assert (
        client.post("/api/v1/letters", json=LETTER, headers=bearer(make_user("donor"))).status_code
        == 403
    )
    assert client.post("/api/v1/letters", json=LETTER).status_code == 401
    assert db.session.query(Letter).count() == 0


def test_a_body_that_is_not_an_object_is_a_clear_400(client, world):
    response = client.post(
        "/api/v1/letters",
        data="[1, 2]",
        content_type="application/json",
        headers=bearer(world.worker),
    )
    assert response.status_code == 400


def test_publish_submits_then_a_colleague_approves(client, world, letter_of):
    letter = letter_of("draft")
    first = client.post(
        f"/api/v1/letters/{letter.display_code.lower()}/publish", headers=bearer(world.worker)
    )
    assert first.status_code == 200 and first.json["status"] == "review"
    own = client.post(f"/api/v1/letters/{letter.code}/publish", headers=bearer(world.worker))
    assert own.status_code == 403
    second = client.post(f"/api/v1/letters/{letter.code}/publish", headers=bearer(world.colleague))
    assert second.status_code == 200 and second.json["status"] == "available"
    again = client.post(f"/api/v1/letters/{letter.code}/publish", headers=bearer(world.colleague))
    assert again.status_code == 409


def test_withdraw_needs_a_reason_and_refuses_a_taken_letter(client, world, letter_of):
    letter, taken = letter_of("available"), letter_of("claimed")
    no_reason = client.post(
        f"/api/v1/letters/{letter.code}/withdraw", json={}, headers=bearer(world.worker)
    )
    assert no_reason.status_code == 422 and "reason" in no_reason.json["error"]["fields"]
    done = client.post(
        f"/api/v1/letters/{letter.code}/withdraw",
        json={"reason": "Rodzina wyjechała."},
        headers=bearer(world.worker),
    )
    assert done.status_code == 200 and done.json["status"] == "withdrawn"
    refused = client.post(
        f"/api/v1/letters/{taken.code}/withdraw", json={"reason": "x"}, headers=bearer(world.worker)
    )
    assert refused.status_code == 409


@pytest.mark.parametrize("action", ["publish", "withdraw"])
def test_another_centres_letter_is_404(client, world, letter_of, action):
    letter = letter_of("draft")
    response = client.post(
        f"/api/v1/letters/{letter.code}/{action}",
        json={"reason": "x"},
        headers=bearer(world.stranger),
    )
    assert response.status_code == 404
    assert db.session.get(Letter, letter.id).status == "draft"


@pytest.mark.parametrize("action", ["publish", "withdraw"])
def test_a_wrong_check_character_is_422_check_character_as_in_the_parcels_api(
    client, world, letter_of, action
):
    from campaign.letters import codes

    letter = letter_of("draft")
    prefix, body, check = codes.split(letter.code)
    wrong = prefix + body + next(c for c in codes.ALPHABET if c != check)
    response = client.post(
        f"/api/v1/letters/{wrong}/{action}", json={"reason": "x"}, headers=bearer(world.worker)
    )
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "check_character"
    assert error["message"].startswith("Sprawdź kod") and "code" in error["fields"]
    assert db.session.get(Letter, letter.id).status == "draft"


def test_the_openapi_document_describes_the_letter_routes(client):
    document = client.get("/api/v1/openapi.json").json
    paths = document["paths"]
    create = paths["/letters"]["post"]
    assert set(create["responses"]) >= {"201", "401", "403", "422"}
    ref = create["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(schema["required"]) == {"age", "gender", "wish"}
    assert {"center", "confirm_names", "case_reference"} <= set(schema["properties"])
    # The limits are the web form's: one source for both.
    assert schema["properties"]["wish"]["maxLength"] == WISH_MAX
    assert schema["properties"]["wish"]["minLength"] == 1
    assert (schema["properties"]["age"]["minimum"], schema["properties"]["age"]["maximum"]) == (
        AGE_MIN,
        AGE_MAX,
    )
    [header] = create["parameters"]
    assert (header["name"], header["in"], header["schema"]["maxLength"]) == (
        "Idempotency-Key",
        "header",
        64,
    )
    assert "200" in create["responses"]
    for action in ("publish", "withdraw"):
        responses = paths[f"/letters/{{code}}/{action}"]["post"]["responses"]
        assert {"404", "422"} <= set(responses)
        assert "check_character" in responses["422"]["description"]
    assert paths["/letters/{code}/withdraw"]["post"]["requestBody"]["required"] is True


@pytest.mark.parametrize(
    "wish",
    [
        pytest.param("Marzę o rolkach. " * 60_000, id="a-megabyte"),
        pytest.param("Marzę o\x00 rolkach.", id="nul"),
        pytest.param("Marzę o\x07 rolkach\x1b[2J.", id="control-characters"),
        pytest.param("Marzę o \u202erolkach\u202c.", id="bidi-override"),
        pytest.param("Marzę o rolkach, tel. 5О1 2З4 567", id="mixed-scripts-hiding-a-phone"),
    ],
)
def test_bad_text_is_a_422_on_the_field_and_nothing_is_stored(client, world, wish):
    response = client.post(
        "/api/v1/letters", json={**LETTER, "wish": wish}, headers=bearer(world.worker)
    )

    assert response.status_code == 422
    assert response.json["error"]["fields"]["wish"]
    assert _letter_count() == 0


def test_ordinary_text_in_other_scripts_is_kept_as_written(client, world):
    wish = "Marzę o zestawie origami 折り紙 i książce o Kijowie (Київ) 🎁"
    response = client.post(
        "/api/v1/letters", json={**LETTER, "wish": wish}, headers=bearer(world.worker)
    )

    assert response.status_code == 201
    assert db.session.scalar(db.select(Letter.wish)) == wish
