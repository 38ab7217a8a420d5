"""Claiming is race-free on both databases: the compare-and-set, the donor lock, the index."""

from campaign.auth.models import User
from campaign.core.errors import Conflict, LimitReached
from campaign.donors.models import Claim, ClaimStatus
from campaign.donors.services import cancel_claim, claim_letter
from campaign.extensions import db
from campaign.letters.models import Letter, LetterStatus


def _claim_in_thread(donor_id: int, letter_id: int):
    donor = db.session.get(User, donor_id)
    letter = db.session.get(Letter, letter_id)
    return claim_letter(donor, letter, send_confirmation=False).id


def _holding_claims(letter_id: int) -> list[Claim]:
    return list(
        db.session.scalars(
            db.select(Claim).where(
                Claim.letter_id == letter_id,
                Claim.status.in_(["active", "received", "delivered"]),
            )
        )
    )


def test_twenty_donors_pressing_at_once_get_one_claim_and_nineteen_conflicts(
    make_letter, make_user, in_parallel
):
    letter_id = make_letter().id
    donor_ids = [make_user("donor").id for _ in range(20)]

    outcomes = in_parallel(20, lambda i: _claim_in_thread(donor_ids[i], letter_id))

    won = [o for o in outcomes if isinstance(o, int)]
    lost = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(won) == 1, outcomes
    assert len(lost) == 19, outcomes
    assert len(_holding_claims(letter_id)) == 1
    assert db.session.get(Letter, letter_id).status == LetterStatus.CLAIMED


def test_donor_one_below_the_limit_firing_ten_claims_gets_exactly_one_more(
    make_letter, make_user, make_campaign, in_parallel
):
    campaign = make_campaign(default_letter_limit=3)
    donor = make_user("donor")
    for _ in range(2):
        claim_letter(donor, make_letter(campaign=campaign), send_confirmation=False)
    donor_id = donor.id
    letter_ids = [make_letter(campaign=campaign).id for _ in range(10)]

    outcomes = in_parallel(10, lambda i: _claim_in_thread(donor_id, letter_ids[i]))

    assert len([o for o in outcomes if isinstance(o, int)]) == 1, outcomes
    assert len([o for o in outcomes if isinstance(o, LimitReached)]) == 9, outcomes
    held = db.session.scalar(
        db.select(db.func.count(Claim.id)).where(
            Claim.donor_id == donor_id, Claim.status == ClaimStatus.ACTIVE.value
        )
    )
    assert held == 3
    still_available = db.session.scalar(
        db.select(db.func.count(Letter.id)).where(
            Letter.id.in_(letter_ids), Letter.status == LetterStatus.AVAILABLE.value
        )
    )
    assert still_available == 9


def test_a_cancelled_letter_is_available_again_and_can_be_claimed_by_the_next_donor(
    make_letter, make_user
):
    first, second = make_user("donor"), make_user("donor")
    letter = make_letter()
    claim = claim_letter(first, letter, send_confirmation=False)

    cancel_claim(first, claim)

    assert db.session.get(Letter, letter.id).status == LetterStatus.AVAILABLE
    assert db.session.get(Claim, claim.id).status == ClaimStatus.CANCELLED
    again = claim_letter(second, db.session.get(Letter, letter.id), send_confirmation=False)
    assert again.donor_id == second.id
    assert [c.id for c in _holding_claims(letter.id)] == [again.id]


def test_cancel_racing_with_new_claims_leaves_one_holder_at_most(
    make_letter, make_user, in_parallel
):
    first = make_user("donor")
    others = [make_user("donor").id for _ in range(5)]
    letter = make_letter()
    claim = claim_letter(first, letter, send_confirmation=False)
    first_id, claim_id, letter_id = first.id, claim.id, letter.id

    def work(i: int):
        if i == 0:
            cancel_claim(db.session.get(User, first_id), db.session.get(Claim, claim_id))
            return "cancelled"
        return _claim_in_thread(others[i - 1], letter_id)

    outcomes = in_parallel(6, work)

    assert outcomes[0] == "cancelled"
    holders = _holding_claims(letter_id)
    assert len(holders) <= 1
    status = db.session.get(Letter, letter_id).status
    assert status == (LetterStatus.CLAIMED if holders else LetterStatus.AVAILABLE)
