"""Demo parcels: some claims taken in and handed over through the services, a few overdue.

Idempotent: it tops up to the targets below and a second run finds nothing left to do.
"""

from datetime import timedelta

from campaign.auth.models import User
from campaign.core.clock import today
from campaign.demo import COORDINATOR_EMAIL
from campaign.donors.models import Claim, ClaimStatus, ParcelCondition
from campaign.extensions import db
from campaign.letters.models import Campaign, Letter
from campaign.parcels.services import deliver_parcels, receive_parcel

RECEIVED_TARGET = 20
DELIVERED_TARGET = 8
OVERDUE_TARGET = 3
OVERDUE_DAYS = (2, 5, 9)


def seed_parcels(campaign: Campaign) -> None:
    """Idempotently receive and deliver some demo claims through the parcel services."""
    coordinator = db.session.scalar(db.select(User).where(User.email == COORDINATOR_EMAIL))
    claims = _claims(campaign)
    if coordinator is None or not claims:
        return
    _receive(coordinator, claims)
    _deliver(coordinator, _claims(campaign))
    _make_overdue(_claims(campaign))


def _claims(campaign: Campaign) -> list[Claim]:
    query = (
        db.select(Claim)
        .join(Claim.letter)
        .where(Letter.campaign_id == campaign.id)
        .order_by(Claim.id)
    )
    return list(db.session.scalars(query))


def _condition(i: int) -> tuple[str, str]:
    if i % 7 == 3:
        return ParcelCondition.INCOMPLETE.value, "Brak jednej rzeczy z listy, centrum uzupełni."
    if i % 9 == 5:
        return ParcelCondition.DAMAGED.value, "Pognieciony karton, zawartość cała."
    return ParcelCondition.COMPLETE.value, ""


def _receive(coordinator: User, claims: list[Claim]) -> None:
    taken_in = [c for c in claims if c.status in (ClaimStatus.RECEIVED, ClaimStatus.DELIVERED)]
    # The first active claims get parcels; overdue ones are picked from the other end.
    waiting = [c for c in claims if c.status == ClaimStatus.ACTIVE and not c.is_overdue]
    for i, claim in enumerate(waiting[: max(0, RECEIVED_TARGET - len(taken_in))]):
        condition, note = _condition(i)
        receive_parcel(coordinator, claim.letter, condition, note)


def _deliver(coordinator: User, claims: list[Claim]) -> None:
    delivered = [c for c in claims if c.status == ClaimStatus.DELIVERED]
    received = [c for c in claims if c.status == ClaimStatus.RECEIVED]
    chosen = received[: max(0, DELIVERED_TARGET - len(delivered))]
    if chosen:
        deliver_parcels(coordinator, [c.letter for c in chosen])


def _make_overdue(claims: list[Claim]) -> None:
    """Demo data only: move a few deadlines into the past, as if the donors were late."""
    overdue = [c for c in claims if c.is_overdue]
    active = [c for c in claims if c.status == ClaimStatus.ACTIVE and not c.is_overdue]
    for claim, days in zip(
        reversed(active), OVERDUE_DAYS[: max(0, OVERDUE_TARGET - len(overdue))], strict=False
    ):
        claim.deadline = today() - timedelta(days=days)
    db.session.commit()
