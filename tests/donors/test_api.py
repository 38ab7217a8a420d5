"""The JSON API for the catalogue and claims: statuses, scopes, and the OpenAPI document."""

import pytest

from campaign.api.auth import issue_token
from campaign.donors.models import Claim, ClaimStatus
from campaign.donors.services import claim_letters
from campaign.extensions import db
from campaign.letters import codes
from campaign.letters.models import Letter, LetterStatus


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {issue_token(user)}"}


def test_anyone_lists_available_letters_with_filters_and_pagination(client, make_letter):
    girl = make_letter(age=8, gender="f", case_reference="SPRAWA/1")
    make_letter(age=8, gender="m")
    make_letter("claimed", age=8, gender="f")

    response = client.get("/api/v1/letters?gender=f&age_min=7&age_max=9&page=abc")

    assert response.status_code == 200
    body = response.json
    assert [item["code"] for item in body["items"]] == [girl.display_code]
    assert (body["total"], body["page"], body["pages"]) == (1, 1, 1)
    assert "case_reference" not in body["items"][0]
    assert body["items"][0]["drop_off_point"]["name"] == girl.center.name


def test_anyone_reads_one_letter_by_code_in_any_spelling(client, make_letter):
    letter = make_letter(case_reference="SPRAWA/2")

    response = client.get(f"/api/v1/letters/{letter.code.lower()}")

    assert response.status_code == 200
    assert response.json["code"] == letter.display_code
    assert "case_reference" not in response.json
    assert "status" not in response.json


@pytest.mark.parametrize("status", ["draft", "review", "withdrawn"])
def test_unpublished_letters_are_404_for_the_public(client, make_letter, status):
    letter = make_letter(status)

    assert client.get(f"/api/v1/letters/{letter.code}").status_code == 404


@pytest.mark.parametrize(
    ("role", "own_center", "sees_reference"),
    [
        ("coordinator", False, True),
        ("social_worker", True, True),
        ("social_worker", False, False),
        ("donor", False, False),
    ],
)
def test_case_reference_only_for_its_centres_staff_and_coordinators(
    client, make_letter, make_user, make_center, role, own_center, sees_reference
):
    center = make_center()
    letter = make_letter(center=center, case_reference="SPRAWA/3")
    other = make_center() if role == "social_worker" else None
    user = make_user(role, center=center if own_center else other)

    body = client.get(f"/api/v1/letters/{letter.code}", headers=bearer(user)).json

    assert ("case_reference" in body) is sees_reference


def test_a_social_worker_of_another_centre_sees_a_taken_letter_only_as_the_public_does(
    client, make_letter, make_user, make_center
):
    letter = make_letter("claimed", center=make_center(), sibling_group="rodzina-7")
    foreign = make_user("social_worker", center=make_center())

    response = client.get(f"/api/v1/letters/{letter.code}", headers=bearer(foreign))

    # The web page answers 404 for them; the API may say no more than it says to anyone.
    assert response.status_code == 200
    assert response.json == {"code": letter.display_code, "available": False}


def test_a_social_worker_of_another_centre_gets_no_status_or_family_key_of_an_available_letter(
    client, make_letter, make_user, make_center
):
    letter = make_letter(center=make_center(), sibling_group="rodzina-8")
    foreign = make_user("social_worker", center=make_center())

    body = client.get(f"/api/v1/letters/{letter.code}", headers=bearer(foreign)).json
    listed = client.get("/api/v1/letters", headers=bearer(foreign)).json["items"]

    for seen in (body, listed[0]):
        assert seen["wish"] == letter.wish
        assert not {"status", "sibling_group", "case_reference"} & set(seen)


def test_donor_claims_over_the_api_and_gets_201(client, make_user, make_letter, outbox):
    donor = make_user("donor")
    letter = make_letter()

    response = client.post(f"/api/v1/letters/{letter.display_code}/claim", headers=bearer(donor))

    assert response.status_code == 201
    assert response.json["code"] == letter.display_code
    assert response.json["status"] == "active"
    assert db.session.get(Letter, letter.id).status == LetterStatus.CLAIMED
    assert len(outbox) == 1


def test_a_repeated_claim_request_answers_200_with_the_same_claim(client, make_user, make_letter):
    donor = make_user("donor")
    letter = make_letter()
    url = f"/api/v1/letters/{letter.code}/claim"

    first = client.post(url, headers=bearer(donor))
    second = client.post(url, headers=bearer(donor))

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json["id"] == second.json["id"]


def test_siblings_over_the_api(client, make_user, make_letter):
    donor = make_user("donor")
    letter = make_letter(sibling_group="g1")
    sister = make_letter(sibling_group="g1")

    response = client.post(
        f"/api/v1/letters/{letter.code}/claim", headers=bearer(donor), json={"siblings": True}
    )

    assert response.status_code == 201
    assert {c["code"] for c in response.json["claims"]} == {
        letter.display_code,
        sister.display_code,
    }


@pytest.mark.parametrize(
    ("setup", "status", "code"),
    [
        ("taken", 409, "conflict"),
        ("withdrawn", 409, "withdrawn"),
        ("draft", 404, "not_found"),
        ("limit", 422, "limit_reached"),
        ("closed", 422, "campaign_closed"),
        ("unverified", 403, "forbidden"),
    ],
)
def test_claim_refusals_have_their_own_status_and_code(
    client, make_user, make_letter, make_campaign, setup, status, code
):
    from datetime import timedelta

    from campaign.core.clock import utcnow

    donor = make_user("donor", email_verified_at=None if setup == "unverified" else utcnow())
    campaign = make_campaign(
        default_letter_limit=1,
        claims_close_at=utcnow() - timedelta(days=1)
        if setup == "closed"
        else utcnow() + timedelta(days=9),
    )
    letter_status = {"taken": "claimed", "withdrawn": "withdrawn", "draft": "draft"}.get(
        setup, "available"
    )
    letter = make_letter(letter_status, campaign=campaign)
    if setup == "limit":
        claim_letters(donor, [make_letter(campaign=campaign)], send_confirmation=False)

    response = client.post(f"/api/v1/letters/{letter.code}/claim", headers=bearer(donor))

    assert response.status_code == status
    assert response.json["error"]["code"] == code
    assert response.json["error"]["message"]


def _mistyped(code: str) -> str:
    prefix, body, check = codes.split(code)
    return prefix + body + next(c for c in codes.ALPHABET if c != check)


def _assert_check_character(response):
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "check_character"
    assert error["message"].startswith("Sprawdź kod")
    assert error["fields"]["code"] == error["message"]


def test_reading_a_code_with_a_wrong_check_character_is_422_check_character(client, make_letter):
    letter = make_letter()

    _assert_check_character(client.get(f"/api/v1/letters/{_mistyped(letter.code)}"))


def test_claiming_a_code_with_a_wrong_check_character_is_422_and_claims_nothing(
    client, make_user, make_letter
):
    donor = make_user("donor")
    letter = make_letter()

    response = client.post(f"/api/v1/letters/{_mistyped(letter.code)}/claim", headers=bearer(donor))

    _assert_check_character(response)
    assert db.session.get(Letter, letter.id).status == LetterStatus.AVAILABLE
    assert db.session.scalar(db.select(db.func.count(Claim.id))) == 0


def test_unknown_code_is_404_and_a_missing_token_401(client, make_user):
    donor = make_user("donor")

    assert client.post("/api/v1/letters/XX/claim", headers=bearer(donor)).status_code == 404
    assert client.post("/api/v1/letters/XX/claim").status_code == 401


def test_staff_tokens_cannot_claim(client, make_user, make_letter):
    coordinator = make_user("coordinator")

    response = client.post(
        f"/api/v1/letters/{make_letter().code}/claim", headers=bearer(coordinator)
    )

    assert response.status_code == 403


def test_donor_lists_only_own_claims(client, make_user, make_claim):
    donor = make_user("donor")
    mine = make_claim(donor=donor)
    make_claim()

    response = client.get("/api/v1/claims", headers=bearer(donor))

    assert [c["id"] for c in response.json["claims"]] == [mine.id]


def test_donor_cancels_own_claim_and_the_letter_is_available_again(client, make_user, make_letter):
    donor = make_user("donor")
    letter = make_letter()
    [claim] = claim_letters(donor, [letter], send_confirmation=False)

    response = client.delete(f"/api/v1/claims/{claim.id}", headers=bearer(donor))

    assert response.status_code == 200
    assert response.json["status"] == "cancelled"
    assert db.session.get(Letter, letter.id).status == LetterStatus.AVAILABLE


def test_cancelling_another_donors_claim_is_404(client, make_user, make_claim):
    claim = make_claim()

    response = client.delete(f"/api/v1/claims/{claim.id}", headers=bearer(make_user("donor")))

    assert response.status_code == 404
    assert db.session.get(Claim, claim.id).status == ClaimStatus.ACTIVE


def test_cancelling_after_the_parcel_was_received_is_409(client, make_user, make_letter):
    donor = make_user("donor")
    make_letter("received", donor=donor)
    claim = db.session.scalar(db.select(Claim).where(Claim.donor_id == donor.id))

    response = client.delete(f"/api/v1/claims/{claim.id}", headers=bearer(donor))

    assert response.status_code == 409


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 200), ("other_donor", 404), ("coordinator", 200), ("foreign_worker", 404)],
)
def test_slip_over_the_api(client, make_user, make_claim, make_center, who, expected):
    owner = make_user("donor")
    claim = make_claim(donor=owner)
    user = {
        "owner": owner,
        "other_donor": make_user("donor"),
        "coordinator": make_user("coordinator"),
        "foreign_worker": make_user("social_worker", center=make_center()),
    }[who]

    response = client.get(f"/api/v1/claims/{claim.id}/slip.pdf", headers=bearer(user))

    assert response.status_code == expected
    if expected == 200:
        assert response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF")
        assert response.headers["Cache-Control"] == "no-store"


def test_openapi_document_describes_the_catalogue_and_claim_routes(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]

    assert {"get"} <= set(paths["/letters"])
    assert "get" in paths["/letters/{code}"]
    assert set(paths["/letters/{code}/claim"]["post"]["responses"]) >= {
        "201",
        "403",
        "404",
        "409",
        "422",
    }
    for path, method in (("/letters/{code}", "get"), ("/letters/{code}/claim", "post")):
        assert "check_character" in paths[path][method]["responses"]["422"]["description"]
    assert "get" in paths["/claims"]
    assert "delete" in paths["/claims/{claim_id}"]
    assert "get" in paths["/claims/{claim_id}/slip.pdf"]
    parameters = {p["name"] for p in paths["/letters"]["get"]["parameters"]}
    assert parameters == {"age_min", "age_max", "gender", "center", "q", "sort", "page"}


def test_public_letter_lists_sibling_codes_but_never_the_family_key(client, make_letter):
    letter = make_letter(sibling_group="RODZINA-7")
    sister = make_letter(sibling_group="RODZINA-7")

    one = client.get(f"/api/v1/letters/{letter.code}").json
    listed = client.get("/api/v1/letters").json["items"]

    assert one["siblings"] == [sister.display_code]
    assert "RODZINA-7" not in repr(one) + repr(listed)
