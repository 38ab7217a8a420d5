"""Two people act on one letter at once: every status change is decided on the row as it is now.

A request reads the letter, then somebody else changes it (a donor claims it, a colleague
approves or withdraws it), then the request acts. The other actor works in its own application
context (its own session and connection), as a second request would. The letter must end in a
consistent state: never withdrawn with an active claim, never withdrawn and then available again,
never edited after its review.
"""

import pytest

from campaign.auth.models import User
from campaign.core.audit import Event
from campaign.core.errors import Conflict, DomainError, NotAllowed
from campaign.donors import services as donor_services
from campaign.donors.models import Claim
from campaign.extensions import db
from campaign.letters import services
from campaign.letters.models import Letter, LetterStatus
from campaign.letters.services import LetterInput
from campaign.letters.transitions import change_status

S = LetterStatus
REASON = "W treści jest numer PESEL."


def read_by_a_request(letter_id: int, backend: str) -> Letter:
    """The letter as a request loaded it a moment ago, before the other actor's change.

    On PostgreSQL the request's transaction stays open, as in real life (READ COMMITTED: others
    commit meanwhile). On SQLite every transaction begins IMMEDIATE, so a request that has read
    the letter holds the write lock and this race cannot happen there; the transaction is ended
    (the letter kept as it was read) only so that the other actor can write, which still shows
    that the service decides on the row and not on the object it was handed.
    """
    letter = db.session.get(Letter, letter_id)
    assert letter.campaign and letter.center  # loaded, as the page showed them
    if backend == "sqlite":
        db.session.expunge(letter)
        db.session.rollback()
        db.session.add(letter)
    return letter


def claims_of(letter_id: int) -> list[str]:
    return list(db.session.scalars(db.select(Claim.status).where(Claim.letter_id == letter_id)))


def current(letter_id: int) -> Letter:
    db.session.expire_all()
    return db.session.get(Letter, letter_id)


@pytest.fixture
def ids(world, make_user):
    """Ids only: the other actor's session must not touch the test's objects."""
    values = {
        "coordinator": world.coordinator.id,
        "worker": world.worker.id,
        "colleague": world.colleague.id,
        "donor": make_user("donor").id,
    }
    db.session.commit()
    return values


def test_withdrawing_a_letter_a_donor_claimed_meanwhile_is_refused(app, backend, letter_of, ids):
    letter_id = letter_of(S.AVAILABLE).id
    db.session.commit()
    stale = read_by_a_request(letter_id, backend)
    with app.app_context():  # the donor's request
        donor = db.session.get(User, ids["donor"])
        donor_services.claim_letter(
            donor, db.session.get(Letter, letter_id), send_confirmation=False
        )
    coordinator = db.session.get(User, ids["coordinator"])
    with pytest.raises(NotAllowed):
        services.withdraw_letter(stale, actor=coordinator, reason=REASON)
    assert current(letter_id).status == "claimed"
    assert claims_of(letter_id) == ["active"]


def test_a_donor_cannot_claim_a_letter_withdrawn_meanwhile(app, backend, letter_of, ids):
    letter_id = letter_of(S.AVAILABLE).id
    db.session.commit()
    stale = read_by_a_request(letter_id, backend)
    with app.app_context():  # the coordinator's request
        coordinator = db.session.get(User, ids["coordinator"])
        services.withdraw_letter(
            db.session.get(Letter, letter_id), actor=coordinator, reason=REASON
        )
    donor = db.session.get(User, ids["donor"])
    with pytest.raises(DomainError):
        donor_services.claim_letter(donor, stale, send_confirmation=False)
    assert current(letter_id).status == "withdrawn"
    assert claims_of(letter_id) == []


def test_approving_a_letter_withdrawn_meanwhile_does_not_bring_it_back(
    app, backend, letter_of, ids
):
    letter_id = letter_of(S.REVIEW).id
    db.session.commit()
    stale = read_by_a_request(letter_id, backend)
    with app.app_context():  # a colleague withdraws it: the wish names the school
        colleague = db.session.get(User, ids["colleague"])
        services.withdraw_letter(db.session.get(Letter, letter_id), actor=colleague, reason=REASON)
    coordinator = db.session.get(User, ids["coordinator"])
    with pytest.raises(NotAllowed):
        services.approve_letter(stale, actor=coordinator)
    letter = current(letter_id)
    assert (letter.status, letter.withdrawn_reason) == ("withdrawn", REASON)


def test_withdrawing_a_letter_approved_meanwhile_withdraws_the_approved_letter(
    app, backend, letter_of, ids
):
    letter_id = letter_of(S.REVIEW).id
    db.session.commit()
    stale = read_by_a_request(letter_id, backend)
    with app.app_context():
        coordinator = db.session.get(User, ids["coordinator"])
        services.approve_letter(db.session.get(Letter, letter_id), actor=coordinator)
    colleague = db.session.get(User, ids["colleague"])
    services.withdraw_letter(stale, actor=colleague, reason=REASON)
    assert current(letter_id).status == "withdrawn"
    event = db.session.scalars(
        db.select(Event).where(Event.letter_id == letter_id).order_by(Event.id.desc())
    ).first()  # the trail says which state it left: available, not the review it was read in
    assert (event.from_status, event.to_status) == ("available", "withdrawn")


@pytest.mark.parametrize("others", [["submit"], ["submit", "approve"]])
def test_an_edit_racing_a_submit_or_an_approval_is_refused_and_changes_nothing(
    app, backend, letter_of, ids, others
):
    letter_id = letter_of(S.DRAFT, wish="Marzę o rowerze.").id
    db.session.commit()
    stale = read_by_a_request(letter_id, backend)
    with app.app_context():  # the author submits, a coordinator approves at once
        letter = db.session.get(Letter, letter_id)
        services.submit_letter(letter, actor=db.session.get(User, ids["worker"]))
        if "approve" in others:
            services.approve_letter(letter, actor=db.session.get(User, ids["coordinator"]))
    colleague = db.session.get(User, ids["colleague"])
    unreviewed = LetterInput(age=8, gender="f", wish="Rower, mieszka przy ul. Długiej 5.")
    with pytest.raises(NotAllowed):
        services.update_letter(stale, unreviewed, actor=colleague)
    letter = current(letter_id)
    assert letter.wish == "Marzę o rowerze."
    assert letter.status == ("available" if "approve" in others else "review")


def test_a_stale_status_change_is_a_conflict_not_an_overwrite(app, backend, letter_of, ids):
    """Other domains call change_status too: a caller holding an old status loses cleanly."""
    letter_id = letter_of(S.REVIEW).id
    db.session.commit()
    stale = read_by_a_request(letter_id, backend)
    with app.app_context():
        colleague = db.session.get(User, ids["colleague"])
        services.withdraw_letter(db.session.get(Letter, letter_id), actor=colleague, reason=REASON)
    with pytest.raises(Conflict):
        change_status(stale, S.AVAILABLE, actor_id=ids["coordinator"])
    db.session.rollback()
    assert current(letter_id).status == "withdrawn"


# --- truly at once: threads lined up by a barrier --------------------------------------------


def _outcome(result) -> str:
    return "ok" if not isinstance(result, Exception) else type(result).__name__


def test_withdraw_and_claim_at_once_never_leave_a_withdrawn_letter_with_a_claim(
    app, letter_of, make_user, in_parallel, ids
):
    for _round in range(4):
        letter_id = letter_of(S.AVAILABLE).id
        donor_id = make_user("donor").id

        def act(i: int, letter_id=letter_id, donor_id=donor_id):
            letter = db.session.get(Letter, letter_id)
            if i == 0:
                actor = db.session.get(User, ids["coordinator"])
                return services.withdraw_letter(letter, actor=actor, reason=REASON)
            donor = db.session.get(User, donor_id)
            return donor_services.claim_letter(donor, letter, send_confirmation=False)

        outcomes = [_outcome(result) for result in in_parallel(2, act)]
        status, claims = current(letter_id).status, claims_of(letter_id)
        assert outcomes.count("ok") == 1, outcomes
        assert (status, claims) in [("withdrawn", []), ("claimed", ["active"])]


def test_approve_and_withdraw_at_once_leave_the_letter_withdrawn(app, letter_of, in_parallel, ids):
    for _round in range(4):
        letter_id = letter_of(S.REVIEW).id

        def act(i: int, letter_id=letter_id):
            letter = db.session.get(Letter, letter_id)
            if i == 0:
                return services.approve_letter(
                    letter, actor=db.session.get(User, ids["coordinator"])
                )
            colleague = db.session.get(User, ids["colleague"])
            return services.withdraw_letter(letter, actor=colleague, reason=REASON)

        in_parallel(2, act)
        # Either order ends withdrawn: approved then withdrawn, or withdrawn and not approved.
        assert current(letter_id).status == "withdrawn"
