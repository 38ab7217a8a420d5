"""The claim's own table of status changes, tested pair by pair, and its compare-and-set."""

import itertools

import pytest

from campaign.core.errors import NotAllowed
from campaign.donors.models import Claim, ClaimStatus
from campaign.donors.transitions import ALLOWED, can_change, change_claim_status
from campaign.extensions import db
from campaign.letters.models import LetterStatus
from campaign.letters.transitions import can_withdraw, sources_of

C = ClaimStatus
EXPECTED_ALLOWED = {
    (C.ACTIVE, C.RECEIVED),
    (C.RECEIVED, C.DELIVERED),
    (C.ACTIVE, C.CANCELLED),
    (C.ACTIVE, C.RELEASED),
}
EVERY_PAIR = list(itertools.product(ClaimStatus, repeat=2))


def test_the_claim_table_is_exactly_the_designed_one():
    assert set(ALLOWED) == EXPECTED_ALLOWED


@pytest.mark.parametrize(
    ("current", "target"), EVERY_PAIR, ids=[f"{a}->{b}" for a, b in EVERY_PAIR]
)
def test_every_claim_pair_is_allowed_or_forbidden_as_designed(current, target):
    assert can_change(current, target) is ((current, target) in EXPECTED_ALLOWED)
    assert can_change(current.value, target.value) is ((current, target) in EXPECTED_ALLOWED)


def test_a_pair_outside_the_table_is_refused_before_anything_is_written(app, make_claim):
    claim = make_claim()

    with pytest.raises(NotAllowed):
        change_claim_status(claim, C.ACTIVE, C.DELIVERED)

    db.session.rollback()
    assert db.session.get(Claim, claim.id, populate_existing=True).status == "active"


def test_the_claim_change_wins_only_from_the_status_the_caller_decided_on(app, make_claim):
    claim = make_claim()

    assert change_claim_status(claim, C.ACTIVE, C.CANCELLED) is True
    # A second decision taken on the old status ("active") finds the row changed and loses.
    assert change_claim_status(claim, C.ACTIVE, C.RELEASED) is False
    db.session.commit()

    assert db.session.get(Claim, claim.id, populate_existing=True).status == "cancelled"


def test_withdrawing_is_offered_exactly_where_the_letter_table_allows_it(make_letter, app):
    assert sources_of(LetterStatus.WITHDRAWN) == {
        LetterStatus.DRAFT,
        LetterStatus.REVIEW,
        LetterStatus.AVAILABLE,
    }
    for status in LetterStatus:
        letter = make_letter(status)
        assert can_withdraw(letter) is (status in sources_of(LetterStatus.WITHDRAWN)), status
