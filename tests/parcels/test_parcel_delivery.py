"""Handing parcels to families: only received ones, only by their centre, all or none."""

import pytest

from campaign.core.errors import NotAllowed
from campaign.donors.models import ClaimStatus
from campaign.extensions import db
from campaign.letters.models import LetterStatus
from campaign.parcels.services import ParcelNotFound, deliver_parcels, receive_parcel
from tests.conftest import login
from tests.parcels.parcel_helpers import claim_of, events, fresh, text_of


@pytest.fixture
def centre_with_parcels(make_center, make_user, make_letter):
    """A centre, its social worker and three parcels already taken in there."""
    center = make_center()
    worker = make_user("social_worker", center=center, display_name="Pani Ela")
    letters = []
    for i in range(3):
        donor = make_user("donor", display_name=f"Darczyńca {i}")
        letter = make_letter(LetterStatus.CLAIMED, donor=donor, center=center)
        receive_parcel(worker, letter, "complete")
        letters.append(letter)
    return center, worker, letters


def test_several_parcels_are_handed_over_at_once(centre_with_parcels, outbox):
    _center, worker, letters = centre_with_parcels
    outbox.clear()
    outcome = deliver_parcels(worker, letters[:2])
    assert len(outcome.delivered) == 2 and outcome.already == []
    for letter in letters[:2]:
        claim = claim_of(letter)
        assert (claim.status, claim.delivered_by_id) == (ClaimStatus.DELIVERED, worker.id)
        assert fresh(letter).status == LetterStatus.DELIVERED
    assert claim_of(letters[2]).status == ClaimStatus.RECEIVED
    assert len(outbox) == 2  # each donor hears that the parcel reached the family


def test_handing_over_again_changes_nothing(centre_with_parcels):
    _center, worker, letters = centre_with_parcels
    deliver_parcels(worker, [letters[0]])
    again = deliver_parcels(worker, [letters[0]])
    assert again.delivered == [] and len(again.already) == 1
    assert len(events("letter.status", to_status="delivered")) == 1


def test_a_parcel_never_received_cannot_be_delivered_and_the_batch_stops(
    centre_with_parcels, make_letter, make_user
):
    center, worker, letters = centre_with_parcels
    waiting = make_letter(LetterStatus.CLAIMED, donor=make_user(), center=center)
    with pytest.raises(NotAllowed) as refused:
        deliver_parcels(worker, [letters[0], waiting])
    assert refused.value.params["code"] == waiting.display_code
    assert claim_of(letters[0]).status == ClaimStatus.RECEIVED  # all or none
    assert claim_of(waiting).status == ClaimStatus.ACTIVE


def test_social_worker_of_another_centre_cannot_deliver(
    centre_with_parcels, make_user, make_center
):
    _center, _worker, letters = centre_with_parcels
    stranger = make_user("social_worker", center=make_center())
    with pytest.raises(ParcelNotFound):
        deliver_parcels(stranger, [letters[0]])
    assert claim_of(letters[0]).status == ClaimStatus.RECEIVED


def test_delivery_page_lists_waiting_parcels_and_hands_one_over(client, centre_with_parcels):
    _center, worker, letters = centre_with_parcels
    login(client, worker)
    html = text_of(client.get("/punkt/wydawanie"))
    assert all(letter.display_code in html for letter in letters)
    response = client.post("/punkt/wydawanie", data={"one": letters[1].id})
    assert response.status_code == 302
    html = text_of(client.get(response.headers["Location"]))
    assert "Wydane rodzinom paczki: 1." in html
    assert claim_of(letters[1]).status == ClaimStatus.DELIVERED
    recent = html.split("Ostatnio wydane", 1)[1]
    assert letters[1].display_code in recent and "Pani Ela" in recent


def test_delivery_page_hands_over_the_ticked_parcels(client, centre_with_parcels):
    _center, worker, letters = centre_with_parcels
    login(client, worker)
    response = client.post("/punkt/wydawanie", data={"letters": [letters[0].id, letters[2].id]})
    assert response.status_code == 302
    statuses = [claim_of(letter).status for letter in letters]
    assert statuses == [ClaimStatus.DELIVERED, ClaimStatus.RECEIVED, ClaimStatus.DELIVERED]


def test_nothing_ticked_is_a_clear_message(client, centre_with_parcels):
    _center, worker, _letters = centre_with_parcels
    login(client, worker)
    response = client.post("/punkt/wydawanie", data={})
    assert response.status_code == 422
    assert "Zaznacz co najmniej jedną paczkę" in text_of(response)


def test_foreign_centre_parcel_posted_by_hand_is_refused(
    client, centre_with_parcels, make_user, make_center
):
    _center, _worker, letters = centre_with_parcels
    login(client, make_user("social_worker", center=make_center()))
    response = client.post("/punkt/wydawanie", data={"one": letters[0].id})
    assert response.status_code == 404
    assert claim_of(letters[0]).status == ClaimStatus.RECEIVED


def test_coordinator_chooses_the_centre(client, centre_with_parcels, make_user, make_center):
    center, _worker, letters = centre_with_parcels
    make_center()
    login(client, make_user("coordinator"))
    html = text_of(client.get("/punkt/wydawanie", query_string={"center": center.number}))
    assert letters[0].display_code in html
    assert f'<option value="{center.number}" selected>' in html


def test_delivered_mail_respects_opt_out(centre_with_parcels, outbox):
    _center, worker, letters = centre_with_parcels
    donor = claim_of(letters[0]).donor
    donor.notifications_opt_out = True
    db.session.commit()
    outbox.clear()
    deliver_parcels(worker, [letters[0]])
    assert outbox == []


def test_with_intake_anywhere_the_familys_centre_still_hands_the_parcel_over(
    client, make_campaign, make_center, make_user, make_letter
):
    campaign = make_campaign(intake_anywhere=True)
    home, elsewhere = make_center(), make_center()
    letter = make_letter(LetterStatus.CLAIMED, campaign=campaign, center=home, donor=make_user())
    intake_worker = make_user("social_worker", center=elsewhere)
    login(client, intake_worker)
    client.post("/punkt/przyjecie", data={"code": letter.display_code, "condition": "complete"})
    assert claim_of(letter).received_at_center_id == elsewhere.id  # recorded where taken in
    assert client.post("/punkt/wydawanie", data={"one": letter.id}).status_code == 404

    home_worker = make_user("social_worker", center=home)
    login(client, home_worker)
    html = text_of(client.get("/punkt/wydawanie"))
    assert letter.display_code in html and f"w punkcie {elsewhere.label}" in html
    assert client.post("/punkt/wydawanie", data={"one": letter.id}).status_code == 302
    assert claim_of(letter).status == ClaimStatus.DELIVERED
