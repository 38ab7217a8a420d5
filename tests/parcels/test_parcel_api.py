"""API for scanner devices and reporting: receive and deliver are idempotent and scoped."""

from datetime import timedelta

import pytest

from campaign.api.auth import issue_token
from campaign.api.openapi import build_document
from campaign.core.clock import today
from campaign.donors.models import ClaimStatus
from campaign.letters.models import LetterStatus
from tests.parcels.parcel_helpers import claim_of, events


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {issue_token(user)}"}


@pytest.fixture
def scene(make_center, make_user, make_letter):
    center = make_center()
    worker = make_user("social_worker", center=center, display_name="Ala")
    letter = make_letter(LetterStatus.CLAIMED, donor=make_user(), center=center)
    return center, worker, letter


def test_receive_then_receive_again_is_one_receipt(client, scene):
    _center, worker, letter = scene
    url = f"/api/v1/parcels/{letter.display_code}/receive"
    first = client.post(
        url, json={"condition": "incomplete", "note": "bez szalika"}, headers=bearer(worker)
    )
    assert first.status_code == 200
    assert first.json["already"] is False
    assert (first.json["status"], first.json["condition"]) == ("received", "incomplete")
    assert first.json["received_by"] == "Ala"
    again = client.post(url, json={"condition": "complete"}, headers=bearer(worker))
    assert again.status_code == 200 and again.json["already"] is True
    assert again.json["condition"] == "incomplete"
    assert "Już przyjęta" in again.json["message"] and "Ala" in again.json["message"]
    assert len(events("letter.status", to_status="received")) == 1


def test_deliver_then_deliver_again(client, scene):
    _center, worker, letter = scene
    code = letter.display_code
    client.post(f"/api/v1/parcels/{code}/receive", json={}, headers=bearer(worker))
    first = client.post(f"/api/v1/parcels/{code}/deliver", headers=bearer(worker))
    again = client.post(f"/api/v1/parcels/{code}/deliver", headers=bearer(worker))
    assert (first.status_code, first.json["already"]) == (200, False)
    assert (again.status_code, again.json["already"]) == (200, True)
    assert claim_of(letter).status == ClaimStatus.DELIVERED


def test_deliver_a_parcel_never_received_is_409(client, scene):
    _center, worker, letter = scene
    response = client.post(f"/api/v1/parcels/{letter.display_code}/deliver", headers=bearer(worker))
    assert response.status_code == 409
    assert claim_of(letter).status == ClaimStatus.ACTIVE


def test_receive_a_letter_nobody_claimed_is_409(client, scene, make_letter):
    center, worker, _letter = scene
    available = make_letter(LetterStatus.AVAILABLE, center=center)
    response = client.post(f"/api/v1/parcels/{available.code}/receive", headers=bearer(worker))
    assert response.status_code == 409
    assert response.json["error"]["code"] == "not_allowed"


def test_wrong_check_character_is_422(client, scene):
    _center, worker, letter = scene
    code = letter.code[:-1] + ("2" if letter.code[-1] != "2" else "3")
    response = client.post(f"/api/v1/parcels/{code}/receive", headers=bearer(worker))
    assert response.status_code == 422
    assert response.json["error"]["code"] == "check_character"


def test_unknown_code_and_another_centres_parcel_are_both_404(
    client, scene, make_user, make_center
):
    _center, _worker, letter = scene
    stranger = make_user("social_worker", center=make_center())
    foreign = client.post(
        f"/api/v1/parcels/{letter.display_code}/receive", headers=bearer(stranger)
    )
    unknown = client.post("/api/v1/parcels/KMP99-22222-2/receive", headers=bearer(stranger))
    assert foreign.status_code == 404 and unknown.status_code in (404, 422)
    assert (
        client.post(f"/api/v1/parcels/{letter.code}/deliver", headers=bearer(stranger)).status_code
        == 404
    )
    assert claim_of(letter).status == ClaimStatus.ACTIVE


def test_invalid_condition_is_422_with_the_field(client, scene):
    _center, worker, letter = scene
    response = client.post(
        f"/api/v1/parcels/{letter.code}/receive", json={"condition": "wet"}, headers=bearer(worker)
    )
    assert response.status_code == 422
    assert "condition" in response.json["error"]["fields"]


@pytest.mark.parametrize("role, status", [(None, 401), ("donor", 403)])
def test_receive_needs_a_staff_token(client, scene, make_user, role, status):
    _center, _worker, letter = scene
    headers = bearer(make_user(role)) if role else {}
    response = client.post(f"/api/v1/parcels/{letter.code}/receive", headers=headers)
    assert response.status_code == status
    assert claim_of(letter).status == ClaimStatus.ACTIVE


def test_stats_counts_per_status_and_centre(
    client, make_user, make_center, make_letter, make_claim
):
    north, south = make_center(), make_center()
    for status, center in [
        (LetterStatus.AVAILABLE, north),
        (LetterStatus.AVAILABLE, south),
        (LetterStatus.CLAIMED, north),
        (LetterStatus.RECEIVED, south),
        (LetterStatus.DRAFT, south),
    ]:
        make_letter(status, center=center)
    late = make_letter(LetterStatus.CLAIMED, center=north, donor=make_user())
    make_claim(letter=late, deadline=today() - timedelta(days=1))
    response = client.get("/api/v1/stats", headers=bearer(make_user("coordinator")))
    assert response.status_code == 200
    body = response.json
    assert body["letters"]["available"] == 2
    assert body["letters"]["claimed"] == 2
    assert body["letters"]["received"] == 1
    assert body["total"] == 6 and body["overdue"] == 1
    per_center = {c["number"]: c for c in body["centers"]}
    assert per_center[north.number]["letters"]["claimed"] == 2
    assert per_center[north.number]["overdue"] == 1
    assert per_center[south.number]["letters"] == {
        "draft": 1,
        "review": 0,
        "available": 1,
        "claimed": 0,
        "received": 1,
        "delivered": 0,
        "withdrawn": 0,
    }
    assert sum(c["total"] for c in body["centers"]) == 6


def test_stats_is_for_coordinators(client, make_user):
    assert (
        client.get("/api/v1/stats", headers=bearer(make_user("social_worker"))).status_code == 403
    )


def test_openapi_describes_the_parcel_routes(app):
    paths = build_document()["paths"]
    assert set(paths["/parcels/{code}/receive"]) == {"post"}
    assert set(paths["/parcels/{code}/deliver"]) == {"post"}
    assert "200" in paths["/stats"]["get"]["responses"]
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("api.receive_parcel", "api.deliver_parcel", "api.stats"):
            assert rule.rule.replace("/api/v1", "").replace("<code>", "{code}") in paths


@pytest.mark.parametrize(
    "body",
    ['["complete"]', '"complete"', "42", "null", "true", "{nie json"],
    ids=["list", "string", "number", "null", "boolean", "malformed"],
)
def test_a_body_that_is_not_a_json_object_is_400_and_nothing_is_received(client, scene, body):
    _center, worker, letter = scene
    response = client.post(
        f"/api/v1/parcels/{letter.code}/receive",
        data=body,
        content_type="application/json",
        headers=bearer(worker),
    )
    assert response.status_code == 400
    error = response.json["error"]
    # The same 400 as on every API route (it was `validation_failed` here alone).
    assert error["code"] == "bad_request"
    assert "obiektem JSON" in error["fields"]["body"]
    assert claim_of(letter).status == ClaimStatus.ACTIVE


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"condition": []}, "condition"),
        ({"condition": ["complete"]}, "condition"),
        ({"condition": {"a": 1}}, "condition"),
        ({"condition": 1}, "condition"),
        ({"condition": None}, "condition"),
        ({"note": 5}, "note"),
        ({"note": ["uwaga"]}, "note"),
        ({"note": False}, "note"),
        ({"note": "x" * 501}, "note"),
    ],
)
def test_a_wrong_typed_field_is_422_naming_the_field(client, scene, payload, field):
    _center, worker, letter = scene
    response = client.post(
        f"/api/v1/parcels/{letter.code}/receive", json=payload, headers=bearer(worker)
    )
    assert response.status_code == 422
    assert response.json["error"]["code"] == "validation_failed"
    assert list(response.json["error"]["fields"]) == [field]
    assert claim_of(letter).status == ClaimStatus.ACTIVE


def test_an_empty_body_or_a_null_note_takes_the_parcel_in_as_complete(client, scene):
    _center, worker, letter = scene
    response = client.post(
        f"/api/v1/parcels/{letter.code}/receive", json={"note": None}, headers=bearer(worker)
    )
    assert response.status_code == 200
    assert (response.json["status"], response.json["condition"]) == ("received", "complete")


def test_a_resent_intake_with_its_idempotency_key_is_its_own_receipt(client, scene):
    _center, worker, letter = scene
    url = f"/api/v1/parcels/{letter.display_code}/receive"
    headers = {**bearer(worker), "Idempotency-Key": "skan-7f3a"}
    first = client.post(url, json={"condition": "incomplete"}, headers=headers)
    resent = client.post(url, json={"condition": "complete"}, headers=headers)
    assert (first.status_code, first.json["already"]) == (200, False)
    assert (resent.status_code, resent.json["already"]) == (200, True)
    assert resent.json["condition"] == "incomplete"  # the first request's receipt, unchanged
    assert claim_of(letter).intake_key == "skan-7f3a"
    assert len(events("letter.status", to_status="received")) == 1


def test_an_idempotency_key_used_for_another_parcel_is_409(client, scene, make_letter, make_user):
    center, worker, letter = scene
    other = make_letter(LetterStatus.CLAIMED, donor=make_user(), center=center)
    headers = {**bearer(worker), "Idempotency-Key": "skan-jeden"}
    client.post(f"/api/v1/parcels/{letter.display_code}/receive", json={}, headers=headers)
    response = client.post(
        f"/api/v1/parcels/{other.display_code}/receive", json={}, headers=headers
    )
    assert response.status_code == 409
    assert response.json["error"]["code"] == "conflict"
    assert claim_of(other).status == ClaimStatus.ACTIVE


def test_an_idempotency_key_longer_than_its_column_is_400(client, scene):
    _center, worker, letter = scene
    headers = {**bearer(worker), "Idempotency-Key": "k" * 65}
    response = client.post(
        f"/api/v1/parcels/{letter.display_code}/receive", json={}, headers=headers
    )
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json["error"]["message"]
    assert claim_of(letter).status == ClaimStatus.ACTIVE


def test_the_document_names_the_intake_idempotency_key(app):
    with app.test_request_context():
        operation = build_document()["paths"]["/parcels/{code}/receive"]["post"]
    header = next(p for p in operation["parameters"] if p["name"] == "Idempotency-Key")
    assert (header["in"], header["schema"]["maxLength"]) == ("header", 64)
