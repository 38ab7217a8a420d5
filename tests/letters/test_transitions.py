"""The one table of letter status changes, tested pair by pair."""

import itertools

import pytest

from campaign.core.audit import Event
from campaign.core.errors import NotAllowed
from campaign.letters.models import LetterStatus
from campaign.letters.transitions import ALLOWED, can_change, change_status

S = LetterStatus
EXPECTED_ALLOWED = {
    (S.AVAILABLE, S.REVIEW),
    (S.DRAFT, S.REVIEW),
    (S.DRAFT, S.AVAILABLE),
    (S.REVIEW, S.AVAILABLE),
    (S.REVIEW, S.DRAFT),
    (S.AVAILABLE, S.CLAIMED),
    (S.CLAIMED, S.AVAILABLE),
    (S.CLAIMED, S.RECEIVED),
    (S.RECEIVED, S.DELIVERED),
    (S.DRAFT, S.WITHDRAWN),
    (S.REVIEW, S.WITHDRAWN),
    (S.AVAILABLE, S.WITHDRAWN),
}
EVERY_PAIR = list(itertools.product(LetterStatus, repeat=2))


def test_the_table_is_exactly_the_designed_one():
    assert set(ALLOWED) == EXPECTED_ALLOWED


@pytest.mark.parametrize(
    ("current", "target"), EVERY_PAIR, ids=[f"{a}->{b}" for a, b in EVERY_PAIR]
)
def test_every_pair_is_allowed_or_forbidden_as_designed(current, target):
    assert can_change(current, target) is ((current, target) in EXPECTED_ALLOWED)
    assert can_change(current.value, target.value) is ((current, target) in EXPECTED_ALLOWED)


def test_nothing_leaves_delivered_or_withdrawn_and_nothing_stays_in_place():
    for status in LetterStatus:
        assert not can_change(status, status)
        assert not can_change(S.DELIVERED, status)
        assert not can_change(S.WITHDRAWN, status)


@pytest.mark.parametrize(
    ("current", "target"),
    [(S.DRAFT, S.REVIEW), (S.REVIEW, S.DRAFT), (S.CLAIMED, S.RECEIVED), (S.AVAILABLE, S.WITHDRAWN)],
)
def test_change_status_applies_an_allowed_change_and_records_it(app, make_letter, current, target):
    from campaign.extensions import db

    letter = make_letter(current)
    event = change_status(letter, target, actor_id=None, reason="powód")
    db.session.commit()
    assert letter.status == target.value
    stored = db.session.get(Event, event.id)
    assert (stored.from_status, stored.to_status, stored.reason) == (
        current.value,
        target.value,
        "powód",
    )


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.DRAFT, S.CLAIMED),
        (S.WITHDRAWN, S.AVAILABLE),
        (S.DELIVERED, S.DRAFT),
        (S.REVIEW, S.RECEIVED),
    ],
)
def test_change_status_refuses_a_forbidden_change_and_changes_nothing(
    app, make_letter, current, target
):
    from campaign.extensions import db

    letter = make_letter(current)
    with pytest.raises(NotAllowed):
        change_status(letter, target, actor_id=None)
    db.session.rollback()
    assert db.session.get(type(letter), letter.id).status == current.value
    assert db.session.query(Event).count() == 0
