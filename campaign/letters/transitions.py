"""The one table of allowed letter status changes, and the one function that applies them.

Nothing outside service functions writes `Letter.status`; they all go through `change_status`,
which also writes the Event. The caller (a service) owns the transaction and commits.
"""

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from campaign.core.audit import Event
from campaign.core.clock import utcnow
from campaign.core.errors import Conflict, NotAllowed
from campaign.extensions import db
from campaign.i18n import N_
from campaign.letters.models import Letter, LetterStatus

S = LetterStatus

ALLOWED: frozenset[tuple[LetterStatus, LetterStatus]] = frozenset(
    {
        (S.DRAFT, S.REVIEW),  # submitted for a second pair of eyes
        (S.DRAFT, S.AVAILABLE),  # published directly when the campaign has review switched off
        (S.REVIEW, S.AVAILABLE),  # approved
        (S.REVIEW, S.DRAFT),  # sent back with a reason
        (S.AVAILABLE, S.CLAIMED),  # a donor took it
        (S.CLAIMED, S.AVAILABLE),  # the donor cancelled, or a coordinator released it
        (S.CLAIMED, S.RECEIVED),  # the parcel arrived at a drop-off point
        (S.RECEIVED, S.DELIVERED),  # handed to the family
        (S.DRAFT, S.WITHDRAWN),
        (S.REVIEW, S.WITHDRAWN),
        (S.AVAILABLE, S.WITHDRAWN),
        # Taken out of the catalogue when a newer privacy guard flags it (`flask letters rescan`).
        (S.AVAILABLE, S.REVIEW),
    }
)


def can_change(current: LetterStatus | str, target: LetterStatus | str) -> bool:
    return (LetterStatus(current), LetterStatus(target)) in ALLOWED


def change_status(
    letter: Letter,
    target: LetterStatus,
    *,
    actor_id: int | None,
    reason: str = "",
    claim_id: int | None = None,
    data: dict | None = None,
) -> Event:
    """Move a letter to `target` if the table allows it, and record the Event.

    The change is a compare-and-set on the status the caller decided on (`letter.status`): when
    the row holds another status by now (someone changed it after the caller read it), nothing
    is written and Conflict is raised, so a stale decision never overwrites a newer one. Services
    re-read the letter under a row lock first, so for them this is the last line of defence.
    Claiming uses its own compare-and-set (see donors/services.py) and `record_status_event`.
    """
    current = letter.status_enum
    if not can_change(current, target):
        raise NotAllowed(
            N_("Nie można zmienić statusu listu z „%(from_)s” na „%(to)s”."),
            from_=current.value,
            to=target.value,
        )
    now = utcnow()
    result = db.session.execute(
        update(Letter)
        .where(Letter.id == letter.id, Letter.status == current.value)
        .values(status=target.value, status_changed_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict(
            N_("Status listu zmienił się przed chwilą. Odśwież stronę i spróbuj ponownie.")
        )
    set_committed_value(letter, "status", target.value)
    set_committed_value(letter, "status_changed_at", now)
    db.session.expire(letter, ["updated_at"])
    return record_status_event(
        letter, current, target, actor_id=actor_id, reason=reason, claim_id=claim_id, data=data
    )


def record_status_event(
    letter: Letter,
    from_status: LetterStatus | str | None,
    to_status: LetterStatus | str,
    *,
    actor_id: int | None,
    reason: str = "",
    claim_id: int | None = None,
    data: dict | None = None,
) -> Event:
    event = Event(
        kind="letter.status",
        actor_id=actor_id,
        letter_id=letter.id,
        claim_id=claim_id,
        from_status=str(from_status) if from_status else None,
        to_status=str(to_status),
        reason=reason,
        data=data,
    )
    db.session.add(event)
    return event
