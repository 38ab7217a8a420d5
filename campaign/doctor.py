"""`flask doctor`: the data invariants the services keep, checked on the database as it is.

Run it after an incident (a worker killed mid-request, a restored backup, a hand-made fix in
psql), from a timer, and in CI after the multi-instance storm tests. It only reads. Each check is
a small function that yields one plain sentence per breach; `CHECKS` lists them in the order they
run, so a new invariant is one more function in the list. Exit status 1 when anything is
breached, 0 with a one-line summary otherwise.
"""

from collections.abc import Callable, Iterator

import click
from flask.cli import with_appcontext
from sqlalchemy import and_, exists, func, inspect, not_, or_, select, text

from campaign.donors.models import HOLDING_STATUSES, Claim, ClaimStatus, ParcelCondition
from campaign.extensions import db
from campaign.letters.codes import format_code
from campaign.letters.models import Letter, LetterStatus

# The letter status each holding claim status goes with (the two transition tables move them
# together in one transaction: available → claimed with a new active claim, and so on).
LETTER_STATUS_OF_CLAIM = {
    ClaimStatus.ACTIVE: LetterStatus.CLAIMED,
    ClaimStatus.RECEIVED: LetterStatus.RECEIVED,
    ClaimStatus.DELIVERED: LetterStatus.DELIVERED,
}
TAKEN_STATUSES = tuple(LETTER_STATUS_OF_CLAIM.values())
HOLDING = [s.value for s in HOLDING_STATUSES]
PARCEL_IN = [ClaimStatus.RECEIVED.value, ClaimStatus.DELIVERED.value]

Check = Callable[[], Iterator[str]]


def _holding_claim_of_letter():
    return and_(Claim.letter_id == Letter.id, Claim.status.in_(HOLDING))


def known_statuses() -> Iterator[str]:
    """Every letter and claim has a status its transition table knows."""
    letters = db.session.execute(
        select(Letter.code, Letter.status).where(Letter.status.not_in(list(LetterStatus)))
    )
    for code, status in letters:
        yield f"letter {format_code(code)} has an unknown status {status!r}"
    claims = db.session.execute(
        select(Claim.id, Claim.status).where(Claim.status.not_in(list(ClaimStatus)))
    )
    for claim_id, status in claims:
        yield f"claim {claim_id} has an unknown status {status!r}"


def taken_letters_are_held() -> Iterator[str]:
    """A claimed, received or delivered letter has a holding claim."""
    rows = db.session.execute(
        select(Letter.code, Letter.status)
        .where(Letter.status.in_(TAKEN_STATUSES), not_(exists().where(_holding_claim_of_letter())))
        .order_by(Letter.id)
    )
    for code, status in rows:
        yield f"letter {format_code(code)} is {status} but no claim holds it"


def one_holding_claim_per_letter() -> Iterator[str]:
    """No letter is held by two claims (the partial unique index should make this impossible)."""
    doubled = (
        select(Claim.letter_id)
        .where(Claim.status.in_(HOLDING))
        .group_by(Claim.letter_id)
        .having(func.count() > 1)
    )
    rows = db.session.execute(
        select(Letter.code, Claim.id, Claim.status)
        .join(Letter, Letter.id == Claim.letter_id)
        .where(Claim.status.in_(HOLDING), Claim.letter_id.in_(doubled))
        .order_by(Letter.id, Claim.id)
    )
    held: dict[str, list[str]] = {}
    for code, claim_id, status in rows:
        held.setdefault(code, []).append(f"{claim_id} ({status})")
    for code, claims in held.items():
        yield (
            f"letter {format_code(code)} is held by {len(claims)} claims "
            f"({', '.join(claims)}); exactly one may hold it"
        )


def holding_claims_match_their_letter() -> Iterator[str]:
    """An active claim's letter is claimed, a received one's received, a delivered one's
    delivered."""
    matching = or_(
        *(
            and_(Claim.status == claim.value, Letter.status == letter.value)
            for claim, letter in LETTER_STATUS_OF_CLAIM.items()
        )
    )
    rows = db.session.execute(
        select(Claim.id, Claim.status, Letter.code, Letter.status)
        .join(Letter, Letter.id == Claim.letter_id)
        .where(Claim.status.in_(HOLDING), Letter.status.in_(TAKEN_STATUSES), not_(matching))
        .order_by(Claim.id)
    )
    for claim_id, claim_status, code, letter_status in rows:
        expected = LETTER_STATUS_OF_CLAIM.get(ClaimStatus(claim_status))
        yield (
            f"claim {claim_id} is {claim_status} but its letter {format_code(code)} is "
            f"{letter_status} (expected {expected})"
        )


def untaken_letters_are_not_held() -> Iterator[str]:
    """An available (or draft, review, withdrawn) letter has no holding claim."""
    rows = db.session.execute(
        select(Letter.code, Letter.status, Claim.id, Claim.status)
        .join(Claim, _holding_claim_of_letter())
        .where(Letter.status.not_in(TAKEN_STATUSES))
        .order_by(Letter.id, Claim.id)
    )
    for code, letter_status, claim_id, claim_status in rows:
        yield (
            f"letter {format_code(code)} is {letter_status} but claim {claim_id} "
            f"({claim_status}) still holds it"
        )


def parcels_have_their_intake() -> Iterator[str]:
    """A received or delivered claim records when the parcel came in (and a known condition); a
    delivered one also when it went to the family."""
    rows = db.session.execute(
        select(Claim.id, Claim.status, Letter.code, Claim.received_at, Claim.delivered_at)
        .join(Letter, Letter.id == Claim.letter_id)
        .where(
            Claim.status.in_(PARCEL_IN),
            or_(
                Claim.received_at.is_(None),
                and_(
                    Claim.status == ClaimStatus.DELIVERED.value,
                    Claim.delivered_at.is_(None),
                ),
            ),
        )
        .order_by(Claim.id)
    )
    for claim_id, status, code, received_at, delivered_at in rows:
        claim = f"claim {claim_id} (letter {format_code(code)})"
        if received_at is None:
            yield f"{claim} is {status} but has no intake time"
        if status == ClaimStatus.DELIVERED and delivered_at is None:
            yield f"{claim} is delivered but has no delivery time"
    conditions = db.session.execute(
        select(Claim.id, Claim.condition).where(
            Claim.condition.is_not(None), Claim.condition.not_in(list(ParcelCondition))
        )
    )
    for claim_id, condition in conditions:
        yield f"claim {claim_id} has an unknown parcel condition {condition!r}"


def no_parcel_data_before_its_stage() -> Iterator[str]:
    """A claim whose parcel never came in has no intake or delivery time; a received one no
    delivery time (a half-written transition would leave them)."""
    rows = db.session.execute(
        select(Claim.id, Claim.status, Claim.received_at, Claim.delivered_at)
        .where(
            or_(
                and_(Claim.status.not_in(PARCEL_IN), Claim.received_at.is_not(None)),
                and_(Claim.status != ClaimStatus.DELIVERED.value, Claim.delivered_at.is_not(None)),
            )
        )
        .order_by(Claim.id)
    )
    for claim_id, status, received_at, delivered_at in rows:
        if received_at is not None and status not in PARCEL_IN:
            yield f"claim {claim_id} is {status} but has an intake time"
        if delivered_at is not None and status != ClaimStatus.DELIVERED:
            yield f"claim {claim_id} is {status} but has a delivery time"


# The catalogue's counters (issue 9's `catalogue_counts`, kept by triggers): one row per bucket
# of claimable letters. Compared only where the table exists, so the command runs without it.
COUNTER_TABLE = "catalogue_counts"
COUNTER_BUCKET = ("campaign_id", "center_id", "gender", "age")


def catalogue_counters_match_counts() -> Iterator[str]:
    """Each catalogue counter equals the number of claimable letters in its bucket."""
    if not inspect(db.session.connection()).has_table(COUNTER_TABLE):
        return
    columns = ", ".join(COUNTER_BUCKET)
    stored = {
        tuple(row[:-1]): row[-1]
        for row in db.session.execute(
            text(f"SELECT {columns}, letters FROM {COUNTER_TABLE}")  # noqa: S608 (constants)
        )
    }
    real = {
        tuple(row[:-1]): row[-1]
        for row in db.session.execute(
            select(*(getattr(Letter, c) for c in COUNTER_BUCKET), func.count())
            .where(Letter.claimable())
            .group_by(*(getattr(Letter, c) for c in COUNTER_BUCKET))
        )
    }
    for bucket in sorted(set(stored) | set(real), key=str):
        counted, actual = stored.get(bucket, 0), real.get(bucket, 0)
        if counted != actual:
            where = ", ".join(f"{c} {v}" for c, v in zip(COUNTER_BUCKET, bucket, strict=True))
            yield (
                f"catalogue counter ({where}) says {counted} claimable letters, "
                f"the letters table has {actual}"
            )


CHECKS: list[Check] = [
    known_statuses,
    taken_letters_are_held,
    one_holding_claim_per_letter,
    holding_claims_match_their_letter,
    untaken_letters_are_not_held,
    parcels_have_their_intake,
    no_parcel_data_before_its_stage,
    catalogue_counters_match_counts,
]


def breaches(checks: list[Check] | None = None) -> list[str]:
    """Every breach found, in the order of the checks; reads only (rolled back at the end)."""
    found: list[str] = []
    try:
        for check in checks or CHECKS:
            found.extend(check())
    finally:
        db.session.rollback()
    return found


@click.command("doctor")
@with_appcontext
def doctor() -> None:
    """Check the data invariants; exit 1 and list every breach, or print OK."""
    found = breaches()
    for breach in found:
        click.echo(f"BREACH: {breach}")
    if found:
        click.echo(f"{len(found)} breaches found by {len(CHECKS)} checks.")
        raise SystemExit(1)
    click.echo(f"OK: {len(CHECKS)} checks, no breach.")
