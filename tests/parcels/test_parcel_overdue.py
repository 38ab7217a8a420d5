"""Overdue claims (remind, extend, release) and letters nobody took (mark covered)."""

from datetime import timedelta

import pytest

from campaign.donors.models import ClaimStatus
from campaign.errors import NotAllowed, PermissionDenied, ValidationFailed
from campaign.extensions import db
from campaign.letters.models import LetterStatus
from campaign.parcels.services import (
    extend_deadline,
    mark_covered,
    receive_parcel,
    release_claim,
    remind_overdue,
)
from campaign.timeutil import today
from tests.conftest import login
from tests.parcels.parcel_helpers import claim_of, events, fresh, text_of


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator", display_name="Koordynatorka")


@pytest.fixture
def late_claim(make_claim, make_user):
    """An active claim three days past its deadline, by a donor who reads our mail."""
    donor = make_user("donor", display_name="Marek", email="marek@example.org")
    return make_claim(donor=donor, deadline=today() - timedelta(days=3))


def test_overdue_list_shows_days_past_the_deadline(client, coordinator, late_claim, make_claim):
    on_time = make_claim()
    login(client, coordinator)
    html = text_of(client.get("/koordynacja/zaleglosci"))
    overdue_part = html.split('id="nieodebrane"')[0]
    assert late_claim.letter.display_code in overdue_part
    assert "<td>3</td>" in overdue_part
    assert on_time.letter.display_code not in overdue_part


def test_release_returns_the_letter_and_tells_the_donor(coordinator, late_claim, outbox):
    release_claim(coordinator, late_claim, "Brak kontaktu od tygodnia")
    claim = claim_of(late_claim.letter)
    assert (
        claim.status == ClaimStatus.RELEASED and claim.release_reason == "Brak kontaktu od tygodnia"
    )
    assert fresh(late_claim.letter).status == LetterStatus.AVAILABLE
    assert [m["To"] for m in outbox] == ["marek@example.org"]
    assert "Brak kontaktu od tygodnia" in outbox[0].get_content()
    [event] = events("letter.status", to_status="available")
    assert (event.actor_id, event.claim_id) == (coordinator.id, late_claim.id)


def test_release_is_refused_once_the_parcel_arrived(coordinator, late_claim, outbox):
    receive_parcel(coordinator, late_claim.letter, "complete")
    outbox.clear()
    with pytest.raises(NotAllowed):
        release_claim(coordinator, fresh(late_claim), "za późno")
    assert claim_of(late_claim.letter).status == ClaimStatus.RECEIVED
    assert outbox == []


def test_release_page_keeps_the_form_without_a_reason(client, coordinator, late_claim):
    login(client, coordinator)
    response = client.post(f"/koordynacja/rezerwacje/{late_claim.id}/zwolnij", data={"reason": ""})
    assert response.status_code == 422
    assert "Podaj powód" in text_of(response)
    assert claim_of(late_claim.letter).status == ClaimStatus.ACTIVE


def test_release_through_the_page(client, coordinator, late_claim):
    login(client, coordinator)
    response = client.post(
        f"/koordynacja/rezerwacje/{late_claim.id}/zwolnij", data={"reason": "Darczyńca zrezygnował"}
    )
    assert response.status_code == 302
    assert claim_of(late_claim.letter).status == ClaimStatus.RELEASED


def test_extend_moves_the_deadline_for_this_donor_only(coordinator, late_claim, make_claim):
    other = make_claim(deadline=today() - timedelta(days=3))
    new_date = today() + timedelta(days=5)
    extend_deadline(coordinator, late_claim, new_date)
    assert claim_of(late_claim.letter).deadline == new_date
    assert claim_of(late_claim.letter).is_overdue is False
    assert claim_of(other.letter).deadline == today() - timedelta(days=3)
    [event] = events("claim.extended")
    assert event.data == {
        "from": (today() - timedelta(days=3)).isoformat(),
        "to": new_date.isoformat(),
    }


@pytest.mark.parametrize("days", [0, -1])
def test_extend_refuses_a_date_not_after_today(coordinator, late_claim, days):
    with pytest.raises(ValidationFailed):
        extend_deadline(coordinator, late_claim, today() + timedelta(days=days))
    assert claim_of(late_claim.letter).deadline == today() - timedelta(days=3)


def test_extend_page_keeps_what_was_typed_with_a_message(client, coordinator, late_claim):
    login(client, coordinator)
    typed = today().isoformat()
    response = client.post(
        f"/koordynacja/rezerwacje/{late_claim.id}/przedluz", data={"deadline": typed}
    )
    assert response.status_code == 422
    html = text_of(response)
    assert "później" in html  # "musi być późniejszy niż dzisiaj"
    assert f'value="{typed}"' in html


def test_extend_page_refuses_a_malformed_date(client, coordinator, late_claim):
    login(client, coordinator)
    response = client.post(
        f"/koordynacja/rezerwacje/{late_claim.id}/przedluz", data={"deadline": "jutro"}
    )
    assert response.status_code == 422
    assert 'value="jutro"' in text_of(response)


def test_reminder_goes_to_an_overdue_donor_and_is_recorded(client, coordinator, late_claim, outbox):
    login(client, coordinator)
    response = client.post(f"/koordynacja/rezerwacje/{late_claim.id}/przypomnij")
    assert response.status_code == 302
    assert [m["To"] for m in outbox] == ["marek@example.org"]
    assert late_claim.letter.display_code in outbox[0].get_content()
    assert claim_of(late_claim.letter).reminder_sent_at is not None
    assert len(events("claim.reminded")) == 1


def test_no_reminder_for_a_claim_not_yet_due(coordinator, make_claim, outbox):
    on_time = make_claim()
    with pytest.raises(NotAllowed):
        remind_overdue(coordinator, on_time)
    assert outbox == []
    assert claim_of(on_time.letter).reminder_sent_at is None


def test_no_reminder_to_a_donor_who_opted_out(coordinator, late_claim, outbox):
    late_claim.donor.notifications_opt_out = True
    db.session.commit()
    with pytest.raises(NotAllowed):
        remind_overdue(coordinator, late_claim)
    assert outbox == []
    assert events("claim.reminded") == []


def test_no_mail_to_a_walk_in_donor_on_release(coordinator, make_letter, outbox):
    letter = make_letter(LetterStatus.CLAIMED)  # the factory's walk-in holder "Gość"
    claim = claim_of(letter)
    release_claim(coordinator, claim, "Nie przyszedł")
    assert outbox == []
    assert claim_of(letter).status == ClaimStatus.RELEASED


def test_marking_covered_takes_the_letter_off_the_unclaimed_list(client, coordinator, make_letter):
    letter = make_letter(LetterStatus.AVAILABLE, wish="Puzzle z kotami")
    login(client, coordinator)
    before = text_of(client.get("/koordynacja/zaleglosci?wszystkie=1")).split('id="nieodebrane"')[1]
    assert letter.display_code in before.split('id="pokryte"')[0]
    response = client.post(
        f"/koordynacja/listy/{letter.display_code}/pokryty", data={"note": "Fundacja Partner"}
    )
    assert response.status_code == 302
    after = text_of(client.get("/koordynacja/zaleglosci?wszystkie=1")).split('id="nieodebrane"')[1]
    unclaimed, covered = after.split('id="pokryte"')
    assert letter.display_code not in unclaimed
    assert letter.display_code in covered and "Fundacja Partner" in covered
    stored = fresh(letter)
    assert stored.status == LetterStatus.AVAILABLE and stored.covered_note == "Fundacja Partner"
    assert len(events("letter.covered")) == 1


def test_marking_covered_needs_a_note_and_keeps_the_page(client, coordinator, make_letter):
    letter = make_letter(LetterStatus.AVAILABLE)
    login(client, coordinator)
    response = client.post(f"/koordynacja/listy/{letter.display_code}/pokryty", data={"note": " "})
    assert response.status_code == 422
    assert "Napisz, kto przygotuje paczkę" in text_of(response)
    assert fresh(letter).covered_at is None


def test_a_claimed_letter_cannot_be_marked_covered(coordinator, make_letter):
    letter = make_letter(LetterStatus.CLAIMED)
    with pytest.raises(NotAllowed):
        mark_covered(coordinator, letter, "Centrum")
    assert fresh(letter).covered_at is None


def test_social_worker_cannot_release(make_user, late_claim):
    worker = make_user("social_worker")
    with pytest.raises(PermissionDenied):
        release_claim(worker, late_claim, "nie")
    assert claim_of(late_claim.letter).status == ClaimStatus.ACTIVE


def test_unclaimed_letters_are_listed_by_themselves_near_the_deadline(
    client, coordinator, make_campaign, make_letter
):
    near = make_campaign(parcel_deadline=today() + timedelta(days=5))
    letter = make_letter(LetterStatus.AVAILABLE, campaign=near)
    login(client, coordinator)
    html = text_of(client.get("/koordynacja/zaleglosci"))
    assert letter.display_code in html.split('id="nieodebrane"')[1]


def test_early_in_the_campaign_unclaimed_letters_are_only_counted(
    client, coordinator, make_campaign, make_letter
):
    early = make_campaign(parcel_deadline=today() + timedelta(days=30))
    letter = make_letter(LetterStatus.AVAILABLE, campaign=early)
    login(client, coordinator)
    html = text_of(client.get("/koordynacja/zaleglosci"))
    section = html.split('id="nieodebrane"')[1].split('id="pokryte"')[0]
    assert letter.display_code not in section
    assert "(1)" in section and "wszystkie=1" in section
