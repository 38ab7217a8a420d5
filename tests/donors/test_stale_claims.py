"""A claim decided on a stale read is refused on both databases: the claim's compare-and-set
(`UPDATE letters ... WHERE status = 'available' AND covered_at IS NULL`) is what notices.

The coordinator's walk-in page loaded the letter while it was available; before the coordinator
saves, a social worker withdraws it, a coordinator marks it covered, or a donor claims it online.
The walk-in path reads nothing else before its UPDATE, so without the status condition a
withdrawn or covered letter would be claimed (the partial unique index catches only the case of
another holding claim).
"""

import pytest
from sqlalchemy import select

from campaign.auth.models import User
from campaign.core.clock import utcnow
from campaign.core.errors import Conflict
from campaign.donors.models import Claim
from campaign.donors.services import claim_letter, record_walkin_claim
from campaign.extensions import db
from campaign.letters.models import Letter, LetterStatus
from campaign.letters.services import withdraw_letter
from campaign.letters.transitions import claim_available
from campaign.parcels.services import mark_covered
from tests.stale_reads import as_read_before, committed, meanwhile


def _withdraw(letter_id: int, actor_id: int) -> None:
    actor = db.session.get(User, actor_id)
    withdraw_letter(db.session.get(Letter, letter_id), actor=actor, reason="W treści jest PESEL.")


def _cover(letter_id: int, actor_id: int) -> None:
    coordinator = db.session.get(User, actor_id)
    mark_covered(coordinator, db.session.get(Letter, letter_id), "Paczkę przygotuje partner.")


def _claim_online(letter_id: int, actor_id: int) -> None:
    donor = db.session.get(User, actor_id)
    claim_letter(donor, db.session.get(Letter, letter_id), send_confirmation=False)


# What happened meanwhile, who did it, and the letter's (status, covered) and claims afterwards.
CHANGES = {
    "withdrawn": (_withdraw, "social_worker", ("withdrawn", False), []),
    "covered": (_cover, "coordinator", ("available", True), []),
    "claimed online": (_claim_online, "donor", ("claimed", False), ["active"]),
}


def _state(letter_id: int):
    [(status, covered_at)] = committed(
        select(Letter.status, Letter.covered_at).where(Letter.id == letter_id)
    )
    claims = committed(select(Claim.status, Claim.walkin_name).where(Claim.letter_id == letter_id))
    return (status, covered_at is not None), [c.status for c in claims], claims


@pytest.fixture
def stale_letter(app, make_letter, make_user):
    """`stale_letter(change)`: an available letter as a page read it, then `change` done by
    someone else; returns the stale letter (its session copy still says available)."""

    def factory(change: str) -> Letter:
        work, role, _, _ = CHANGES[change]
        letter = make_letter(LetterStatus.AVAILABLE)
        center = letter.center if role == "social_worker" else None
        actor_id = make_user(role, center=center).id
        assert letter.campaign.claims_open()  # loaded, as the page showed it
        as_read_before(letter)
        meanwhile(app, lambda: work(letter.id, actor_id))
        assert letter.status == LetterStatus.AVAILABLE  # the test still holds the stale copy
        return letter

    return factory


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_walkin_claim_on_a_letter_changed_meanwhile_is_refused(stale_letter, make_user, change):
    coordinator = make_user("coordinator")
    letter = stale_letter(change)
    letter_id = letter.id

    with pytest.raises(Conflict):
        record_walkin_claim(letter, actor=coordinator, name="Pani Anna", contact="")

    *_, expected_letter, expected_claims = CHANGES[change]
    state, claims, rows = _state(letter_id)
    assert state == expected_letter
    assert claims == expected_claims
    assert all(row.walkin_name != "Pani Anna" for row in rows)


@pytest.mark.parametrize("change", list(CHANGES))
def test_the_claims_compare_and_set_loses_on_a_stale_letter(stale_letter, change):
    letter = stale_letter(change)
    letter_id = letter.id

    won = claim_available([letter], utcnow())

    assert won is False
    db.session.rollback()
    *_, expected_letter, expected_claims = CHANGES[change]
    state, claims, _ = _state(letter_id)
    assert state == expected_letter
    assert claims == expected_claims
