"""Reusable parcel queries. Every count is one GROUP BY: pages never issue a query per row."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import and_, case, func, or_
from sqlalchemy.orm import joinedload

from campaign.auth.models import User
from campaign.core.audit import Event
from campaign.core.clock import LOCAL_TZ, today
from campaign.donors.models import HOLDING_STATUSES, Claim, ClaimStatus
from campaign.extensions import db
from campaign.letters.models import Campaign, Letter, LetterStatus

HOLDING = [s.value for s in HOLDING_STATUSES]
AGE_GROUPS: tuple[tuple[int, int], ...] = ((0, 3), (4, 6), (7, 10), (11, 14), (15, 18))


def campaign_by_prefix(prefix: str | None) -> Campaign | None:
    if not prefix:
        return Campaign.current()
    return db.session.scalar(db.select(Campaign).where(Campaign.code_prefix == prefix.upper()))


# --- counts ----------------------------------------------------------------------------------


def covered_count(campaign: Campaign) -> int:
    return db.session.scalar(
        db.select(func.count())
        .select_from(Letter)
        .where(Letter.campaign_id == campaign.id, Letter.covered_at.is_not(None))
    )


def overdue_count_by_center(campaign: Campaign) -> dict[int, int]:
    """{center_id: number of claims past their deadline without a parcel}."""
    query = _overdue_filter(
        db.select(Letter.center_id, func.count()).select_from(Claim).join(Claim.letter), campaign
    )
    return dict(db.session.execute(query.group_by(Letter.center_id)).all())


def _overdue_filter(query, campaign: Campaign):
    # Overdue is derived, never stored: still active after the deadline.
    return query.where(
        Letter.campaign_id == campaign.id,
        Claim.status == ClaimStatus.ACTIVE.value,
        Claim.deadline < today(),
    )


def _age_group_expression():
    return case(
        *[
            (and_(Letter.age >= low, Letter.age <= high), f"{low}-{high}")
            for low, high in AGE_GROUPS
        ],
        else_="other",
    )


def unclaimed_by_age_group(campaign: Campaign) -> list[tuple[tuple[int, int], int]]:
    """Letters still without a donor (available, not covered), per age group, all groups listed."""
    group = _age_group_expression().label("age_group")
    rows = db.session.execute(
        db.select(group, func.count()).where(*_unclaimed_filter(campaign)).group_by(group)
    )
    counts = dict(rows.all())
    return [((low, high), counts.get(f"{low}-{high}", 0)) for low, high in AGE_GROUPS]


def unclaimed_count(campaign: Campaign) -> int:
    return db.session.scalar(
        db.select(func.count()).select_from(Letter).where(*_unclaimed_filter(campaign))
    )


def _unclaimed_filter(campaign: Campaign) -> tuple:
    return (
        Letter.campaign_id == campaign.id,
        Letter.status == LetterStatus.AVAILABLE.value,
        Letter.covered_at.is_(None),
    )


# --- per day ---------------------------------------------------------------------------------


def _utc_offset_minutes(campaign: Campaign) -> int:
    """Gdańsk's offset during the campaign (winter time in December), to count days locally.

    A fixed offset keeps the GROUP BY the same on SQLite and PostgreSQL; the campaign's weeks
    never straddle a daylight-saving change that matters at the drop-off points' opening hours.
    """
    moment = datetime.combine(campaign.delivery_date, datetime.min.time(), LOCAL_TZ)
    return int(moment.utcoffset().total_seconds() // 60)


def _local_day(column, campaign: Campaign):
    minutes = _utc_offset_minutes(campaign)
    if db.session.get_bind().dialect.name == "sqlite":
        return func.date(column, f"{minutes:+d} minutes")
    return func.date(column + timedelta(minutes=minutes))


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def claims_per_day(campaign: Campaign, column) -> dict[date, int]:
    """Claims of the campaign counted by the local day of `column` (created, received, ...)."""
    day = _local_day(column, campaign).label("day")
    rows = db.session.execute(
        db.select(day, func.count())
        .select_from(Claim)
        .join(Claim.letter)
        .where(Letter.campaign_id == campaign.id, column.is_not(None))
        .group_by(day)
    )
    return {_as_date(d): n for d, n in rows}


def received_per_center_day(campaign: Campaign) -> dict[tuple[int, date], int]:
    """The drop-off points' load: parcels taken in, per point and local day."""
    day = _local_day(Claim.received_at, campaign).label("day")
    rows = db.session.execute(
        db.select(Claim.received_at_center_id, day, func.count())
        .select_from(Claim)
        .join(Claim.letter)
        .where(Letter.campaign_id == campaign.id, Claim.received_at.is_not(None))
        .group_by(Claim.received_at_center_id, day)
    )
    return {(center_id, _as_date(d)): n for center_id, d, n in rows}


# --- lists -----------------------------------------------------------------------------------


def _claim_list_query():
    return db.select(Claim).options(
        joinedload(Claim.letter).joinedload(Letter.center),
        joinedload(Claim.donor),
        joinedload(Claim.received_by),
        joinedload(Claim.received_at_center),
        joinedload(Claim.delivered_by),
    )


def overdue_claims(campaign: Campaign, center_id: int | None = None) -> list[Claim]:
    query = _overdue_filter(_claim_list_query().join(Claim.letter), campaign)
    if center_id is not None:
        query = query.where(Letter.center_id == center_id)
    return list(db.session.scalars(query.order_by(Claim.deadline, Claim.id)).unique())


def unclaimed_letters(
    campaign: Campaign, age_min: int | None = None, age_max: int | None = None
) -> list[Letter]:
    query = (
        db.select(Letter)
        .options(joinedload(Letter.center))
        .where(*_unclaimed_filter(campaign))
        .order_by(Letter.center_id, Letter.age, Letter.code)
    )
    if age_min is not None:
        query = query.where(Letter.age >= age_min)
    if age_max is not None:
        query = query.where(Letter.age <= age_max)
    return list(db.session.scalars(query))


def covered_letters(campaign: Campaign) -> list[Letter]:
    query = (
        db.select(Letter)
        .options(joinedload(Letter.center))
        .where(Letter.campaign_id == campaign.id, Letter.covered_at.is_not(None))
        .order_by(Letter.covered_at.desc())
    )
    return list(db.session.scalars(query))


def waiting_parcels(center_id: int) -> list[Claim]:
    """Parcels for the centre's families, taken in and not yet handed over."""
    query = (
        _claim_list_query()
        .join(Claim.letter)
        .where(Letter.center_id == center_id, Claim.status == ClaimStatus.RECEIVED.value)
        .order_by(Claim.received_at, Claim.id)
    )
    return list(db.session.scalars(query).unique())


def recently_delivered(center_id: int, limit: int = 50) -> list[Claim]:
    query = (
        _claim_list_query()
        .join(Claim.letter)
        .where(Letter.center_id == center_id, Claim.status == ClaimStatus.DELIVERED.value)
        .order_by(Claim.delivered_at.desc(), Claim.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query).unique())


def expected_parcels(campaign: Campaign, center_id: int) -> list[Claim]:
    """Every parcel a drop-off point should see for the campaign, for the paper check."""
    query = (
        _claim_list_query()
        .join(Claim.letter)
        .where(
            Letter.campaign_id == campaign.id,
            Letter.center_id == center_id,
            Claim.status.in_(HOLDING),
        )
        .order_by(Letter.code)
    )
    return list(db.session.scalars(query).unique())


def holding_claims_for_email(email: str) -> list[Claim]:
    """A donor who lost the slip: their holding claims, by account or walk-in e-mail."""
    email = email.strip().lower()
    if not email:
        return []
    donor_ids = db.select(User.id).where(func.lower(User.email) == email)
    query = (
        _claim_list_query()
        .join(Claim.letter)
        .where(
            Claim.status.in_(HOLDING),
            or_(Claim.donor_id.in_(donor_ids), func.lower(Claim.walkin_contact) == email),
        )
        .order_by(Claim.status, Letter.code)
    )
    return list(db.session.scalars(query).unique())


# --- audit -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventFilter:
    code: str = ""  # normalised letter code
    email: str = ""
    date_from: date | None = None
    date_to: date | None = None
    to_status: str = ""
    center_id: int | None = None  # with to_status "received": where it was taken in


def events_query(filters: EventFilter):
    query = (
        db.select(Event)
        .options(joinedload(Event.actor), joinedload(Event.letter))
        .order_by(Event.created_at.desc(), Event.id.desc())
    )
    if filters.code:
        query = query.where(
            Event.letter_id.in_(db.select(Letter.id).where(Letter.code == filters.code))
        )
    if filters.email:
        actors = db.select(User.id).where(func.lower(User.email) == filters.email.strip().lower())
        query = query.where(Event.actor_id.in_(actors))
    if filters.date_from:
        query = query.where(Event.created_at >= local_midnight_utc(filters.date_from))
    if filters.date_to:
        query = query.where(
            Event.created_at < local_midnight_utc(filters.date_to + timedelta(days=1))
        )
    if filters.to_status:
        query = query.where(Event.to_status == filters.to_status)
    if filters.center_id is not None:
        received_there = db.select(Claim.id).where(Claim.received_at_center_id == filters.center_id)
        query = query.where(Event.claim_id.in_(received_there))
    return query


def local_midnight_utc(day: date) -> datetime:
    """The stored (naive UTC) moment at which `day` begins in Gdańsk."""
    local = datetime.combine(day, datetime.min.time(), LOCAL_TZ)
    return local.astimezone(UTC).replace(tzinfo=None)
