"""Intake and delivery decided on a stale read leave one receipt and one delivery, on both
databases: the claim's compare-and-set (`UPDATE claims ... WHERE status = 'active'`, resp.
`'received'`) is what notices.

Two workers have the same parcel's card open; the first takes it in (or hands it over), then the
second, whose page still shows it waiting, does the same. The service's SELECT of the holding
claim returns the session's copy with the old status (the identity map keeps loaded values), so
only the conditional UPDATE can tell that the parcel is in already: the second worker is told so
and the first one's record stands.
"""

from sqlalchemy import func, select

from campaign.auth.models import User
from campaign.core.audit import Event
from campaign.donors.models import Claim, ClaimStatus
from campaign.extensions import db
from campaign.letters.models import Letter, LetterStatus
from campaign.parcels.services import deliver_parcels, receive_parcel
from tests.stale_reads import as_read_before, committed, meanwhile


def _status_events(letter_id: int, to_status: str) -> int:
    [(count,)] = committed(
        select(func.count(Event.id)).where(
            Event.letter_id == letter_id,
            Event.kind == "letter.status",
            Event.to_status == to_status,
        )
    )
    return count


def _claim_row(letter_id: int):
    [row] = committed(
        select(
            Claim.id,
            Claim.status,
            Claim.received_by_id,
            Claim.condition,
            Claim.intake_note,
            Claim.delivered_by_id,
        ).where(Claim.letter_id == letter_id)
    )
    return row


def _stale_card(letter: Letter) -> Claim:
    """The letter and its holding claim as the intake or delivery card showed them."""
    claim = db.session.scalar(select(Claim).where(Claim.letter_id == letter.id))
    assert letter.campaign and letter.center  # loaded, as the card showed them
    as_read_before(letter, claim)
    return claim


def test_a_parcel_taken_in_meanwhile_is_received_once(app, make_letter, make_user):
    first_id = make_user("coordinator").id
    second = make_user("coordinator")
    letter = make_letter(LetterStatus.CLAIMED, donor=make_user("donor"))
    letter_id = letter.id
    claim = _stale_card(letter)

    def first_worker_takes_it_in():
        staff = db.session.get(User, first_id)
        return receive_parcel(staff, db.session.get(Letter, letter_id), "complete", "pierwszy")

    assert meanwhile(app, first_worker_takes_it_in).already is False
    assert claim.status == ClaimStatus.ACTIVE  # the second worker's card still says waiting

    receipt = receive_parcel(second, letter, "damaged", "drugi")

    assert receipt.already is True
    row = _claim_row(letter_id)
    assert (row.status, row.received_by_id, row.condition, row.intake_note) == (
        "received",
        first_id,
        "complete",
        "pierwszy",
    )
    assert committed(select(Letter.status).where(Letter.id == letter_id)) == [("received",)]
    assert _status_events(letter_id, "received") == 1


def test_a_parcel_handed_over_meanwhile_is_delivered_once(app, make_letter, make_user):
    first_id = make_user("coordinator").id
    second = make_user("coordinator")
    letter = make_letter(LetterStatus.RECEIVED, donor=make_user("donor"))
    letter_id = letter.id
    claim = _stale_card(letter)

    def first_worker_hands_it_over():
        staff = db.session.get(User, first_id)
        return deliver_parcels(staff, [db.session.get(Letter, letter_id)])

    assert len(meanwhile(app, first_worker_hands_it_over).delivered) == 1
    assert claim.status == ClaimStatus.RECEIVED  # the second worker's list still offers it

    outcome = deliver_parcels(second, [letter])

    assert outcome.delivered == []
    assert [c.id for c in outcome.already] == [claim.id]
    row = _claim_row(letter_id)
    assert (row.status, row.delivered_by_id) == ("delivered", first_id)
    assert committed(select(Letter.status).where(Letter.id == letter_id)) == [("delivered",)]
    assert _status_events(letter_id, "delivered") == 1
