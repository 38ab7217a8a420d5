"""The one table of allowed letter status changes, and the functions that apply them.

Nothing outside this module writes `Letter.status` (tests/test_status_writes.py checks the
source): services call `change_status` (one letter, writes the Event), `claim_available` (a
donor takes letters) or `cover`. The caller (a service) owns the transaction and commits.
"""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm.attributes import set_committed_value

from campaign.core.audit import Event
from campaign.core.cas import compare_and_set
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


# "Covered" is a state without a status value of its own: an available letter that the centre
# or a partner fulfils because nobody took it (`covered_at` set). Only an available, uncovered
# letter becomes covered; nothing leaves the state, and a covered letter is never claimable
# (`Letter.claimable()`), so it stays `available` in the table above but out of every donor's reach.
COVERED_FROM = S.AVAILABLE


def can_change(current: LetterStatus | str, target: LetterStatus | str) -> bool:
    return (LetterStatus(current), LetterStatus(target)) in ALLOWED


def sources_of(target: LetterStatus) -> frozenset[LetterStatus]:
    """Every status a letter may move to `target` from (what a page may offer, e.g. withdraw)."""
    return frozenset(source for source, to in ALLOWED if to is target)


def can_withdraw(letter: Letter) -> bool:
    return can_change(letter.status, S.WITHDRAWN)


def can_cover(letter: Letter) -> bool:
    return letter.status == COVERED_FROM and letter.covered_at is None


def new_letter(**fields) -> Letter:
    """Every letter starts as a draft: only its author sees it until it is submitted."""
    return Letter(status=S.DRAFT.value, **fields)


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
    Claiming several letters at once uses `claim_available`, then `record_status_event`.
    """
    current = letter.status_enum
    if not can_change(current, target):
        raise NotAllowed(
            N_("Nie można zmienić statusu listu z „%(from_)s” na „%(to)s”."),
            from_=current.value,
            to=target.value,
        )
    now = utcnow()
    won = compare_and_set(
        Letter,
        letter.id,
        {"status": current.value},
        {"status": target.value, "status_changed_at": now},
    )
    if not won:
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


def claim_available(letters: Sequence[Letter], now: datetime) -> bool:
    """available → claimed for all of `letters` at once, or for none: True when every one was
    still claimable (available and not covered). The caller writes the Events once it has the
    claims' ids, and rolls back when this returns False."""
    return compare_and_set(
        Letter,
        [letter.id for letter in letters],
        {},
        {"status": S.CLAIMED.value, "status_changed_at": now},
        Letter.claimable(),
    )


def cover(letter: Letter, note: str) -> bool:
    """available → covered; False when the letter was claimed or covered meanwhile."""
    return compare_and_set(
        Letter,
        letter.id,
        {"status": COVERED_FROM.value, "covered_at": None},
        {"covered_at": utcnow(), "covered_note": note[:200]},
    )
