"""The intake page's offline queue on the server: an intake sent with an Idempotency-Key is taken
in once however often it is resent, and what changed meanwhile comes back as a conflict."""

import pytest

from campaign.auth.models import User
from campaign.donors.models import ClaimStatus
from campaign.donors.services import cancel_claim
from campaign.extensions import db
from campaign.letters.models import Letter, LetterStatus
from campaign.parcels.services import receive_parcel
from tests.conftest import login
from tests.parcels.parcel_helpers import claim_of, events, fresh

QUEUE = "/punkt/przyjecie/kolejka"


@pytest.fixture
def parcel(make_center, make_user, make_letter):
    center = make_center()
    donor = make_user("donor", display_name="Bożena")
    letter = make_letter(LetterStatus.CLAIMED, donor=donor, center=center, age=7)
    worker = make_user("social_worker", center=center, display_name="Jola z CPS")
    return letter, donor, worker


def send(client, code, key="key-1", **body):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(QUEUE, json={"code": code, "condition": "complete", **body}, headers=headers)


def test_a_queued_intake_takes_the_parcel_in_and_keeps_its_key(client, parcel):
    letter, _donor, worker = parcel
    login(client, worker)
    # An offline scan knows no claim: `claim` is null.
    response = send(
        client, letter.display_code.lower(), condition="damaged", note="mokra", claim=None
    )
    assert response.status_code == 200
    assert response.json["outcome"] == "received"
    assert response.json["message"] == f"Przyjęto paczkę {letter.display_code}."
    claim = claim_of(letter)
    assert (claim.status, claim.condition, claim.intake_note) == ("received", "damaged", "mokra")
    assert claim.intake_key == "key-1"
    assert fresh(letter).status == LetterStatus.RECEIVED


def test_resending_the_same_key_is_the_same_receipt_not_a_conflict(client, parcel):
    letter, _donor, worker = parcel
    login(client, worker)
    first = send(client, letter.display_code)
    again = send(client, letter.display_code, condition="incomplete")
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json["outcome"] == "received"
    assert claim_of(letter).condition == "complete"  # the repeat changed nothing
    assert len(events("letter.status", to_status="received")) == 1


def test_a_parcel_another_point_took_in_meanwhile_is_reported(client, parcel, make_user):
    letter, _donor, worker = parcel
    colleague = make_user("coordinator", display_name="Ala Koordynatorka")
    receive_parcel(colleague, letter, "complete")
    login(client, worker)
    response = send(client, letter.display_code, key="phone-key")
    assert response.status_code == 409
    assert response.json["outcome"] == "already"
    assert "Ala Koordynatorka" in response.json["message"]
    assert claim_of(letter).received_by_id == colleague.id
    assert len(events("letter.status", to_status="received")) == 1


def test_a_claim_cancelled_meanwhile_is_a_conflict_and_nothing_is_taken_in(client, parcel):
    letter, donor, worker = parcel
    cancel_claim(donor, claim_of(letter))
    login(client, worker)
    response = send(client, letter.display_code)
    assert response.status_code == 409
    assert response.json["outcome"] == "conflict"
    assert "nikt nie zarezerwował" in response.json["message"]
    assert fresh(letter).status == LetterStatus.AVAILABLE
    assert events("letter.status", to_status="received") == []


def test_a_letter_claimed_again_by_someone_else_is_not_the_parcel_that_was_scanned(
    client, parcel, make_user, make_claim
):
    letter, donor, worker = parcel
    scanned_claim_id = claim_of(letter).id
    cancel_claim(donor, claim_of(letter))
    make_claim(letter=fresh(letter), donor=make_user("donor"))
    login(client, worker)
    response = send(client, letter.display_code, claim=scanned_claim_id)
    assert response.status_code == 409
    assert "zmieniła się" in response.json["message"]
    assert claim_of(letter).status == ClaimStatus.ACTIVE


def test_one_key_cannot_take_in_two_parcels(client, parcel, make_letter, make_user):
    letter, donor, worker = parcel
    other = make_letter(LetterStatus.CLAIMED, donor=donor, center=letter.center)
    login(client, worker)
    assert send(client, letter.display_code, key="same").status_code == 200
    response = send(client, other.display_code, key="same")
    assert response.status_code == 409
    assert "Idempotency-Key" in response.json["message"]
    assert claim_of(other).status == ClaimStatus.ACTIVE


@pytest.mark.parametrize(
    ("body", "key", "status", "words"),
    [
        ({"code": "KMP26"}, "k", 404, "Nie znaleziono"),
        ({"condition": "soggy"}, "k", 422, "Stan paczki: "),
        ({"note": "x" * 501}, "k", 422, "Uwagi (nieobowiązkowe): "),
        ({"claim": "abc"}, "k", 422, "Rezerwacja: "),
        ({}, None, 400, "Idempotency-Key"),
        ({}, "k" * 65, 400, "Idempotency-Key"),
    ],
)
def test_bad_input_is_a_clear_message_and_changes_nothing(client, parcel, body, key, status, words):
    letter, _donor, worker = parcel
    login(client, worker)
    body = dict(body)  # the parameters are shared by both databases' runs
    response = send(client, body.pop("code", letter.display_code), key=key, **body)
    assert response.status_code == status
    assert words in response.json["message"]
    assert claim_of(letter).status == ClaimStatus.ACTIVE


def test_another_centres_parcel_is_not_found(client, parcel, make_user, make_center):
    letter, _donor, _worker = parcel
    login(client, make_user("social_worker", center=make_center()))
    response = send(client, letter.display_code)
    assert response.status_code == 404
    assert claim_of(letter).status == ClaimStatus.ACTIVE


def test_resending_at_once_from_two_tabs_makes_one_receipt(app, parcel, in_parallel):
    letter, _donor, worker = parcel
    worker_id, letter_id = worker.id, letter.id

    def resend(_i):
        staff = db.session.get(User, worker_id)
        return receive_parcel(
            staff, db.session.get(Letter, letter_id), "complete", intake_key="tab-key"
        )

    receipts = in_parallel(2, resend)
    assert all(not isinstance(r, Exception) for r in receipts), receipts
    # One took it in, the other got that same receipt back as its own (not someone else's).
    assert sorted((r.already, r.repeated) for r in receipts) == [(False, False), (True, True)]
    assert len(events("letter.status", to_status="received")) == 1


def test_the_intake_page_alone_may_use_the_camera_and_register_its_worker(client, parcel):
    _letter, _donor, worker = parcel
    login(client, worker)
    intake = client.get("/punkt/przyjecie")
    assert "camera=(self)" in intake.headers["Permissions-Policy"]
    assert "worker-src 'self'" in intake.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in intake.headers["Content-Security-Policy"]
    other = client.get("/punkt/wydawanie")
    assert "camera=()" in other.headers["Permissions-Policy"]
    assert "worker-src" not in other.headers["Content-Security-Policy"]


def test_the_service_worker_is_allowed_the_intake_page_only(client, parcel):
    _letter, _donor, worker = parcel
    login(client, worker)
    response = client.get("/punkt/przyjecie/sw.js")
    assert response.status_code == 200
    assert response.headers["Service-Worker-Allowed"] == "/punkt/przyjecie"
    assert response.mimetype == "text/javascript"
    assert "caches" in response.get_data(as_text=True)


def test_the_manifest_opens_the_intake_page_full_screen(client, parcel):
    _letter, _donor, worker = parcel
    login(client, worker)
    response = client.get("/punkt/przyjecie/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = response.json
    assert (manifest["start_url"], manifest["display"]) == ("/punkt/przyjecie", "fullscreen")
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200
    page = client.get("/punkt/przyjecie").get_data(as_text=True)
    assert 'rel="manifest"' in page
    assert "jsQR.js" in page  # the decoder's address, loaded by the script when it is needed


def test_a_queued_intake_needs_the_csrf_token_the_page_fetches(app, client, parcel):
    letter, _donor, worker = parcel
    app.config["WTF_CSRF_ENABLED"] = True  # read per request by CSRFProtect
    login(client, worker)
    body, key = {"code": letter.display_code}, {"Idempotency-Key": "k"}
    assert client.post(QUEUE, json=body, headers=key).status_code == 400
    assert claim_of(letter).status == ClaimStatus.ACTIVE
    token = client.get("/punkt/przyjecie/token").json["csrf_token"]
    response = client.post(QUEUE, json=body, headers={**key, "X-CSRFToken": token})
    assert response.status_code == 200
    assert claim_of(letter).status == ClaimStatus.RECEIVED
