"""Reusable donor-side queries: a donor's claims and limit, a claim the viewer may see, a donor's
data (the catalogue is in catalogue.py)."""

from sqlalchemy import func
from sqlalchemy.orm import joinedload, selectinload

from campaign.auth.models import User
from campaign.core.centres import Center
from campaign.donors.models import HOLDING_STATUSES, Claim, ClaimStatus
from campaign.donors.scope import can_see_parcel
from campaign.extensions import db
from campaign.letters.models import Campaign, Letter


def holding_count(donor_id: int, campaign_id: int) -> int:
    """How many letters of the campaign the donor holds (claimed, received or delivered)."""
    return (
        db.session.scalar(
            db.select(func.count(Claim.id))
            .join(Letter, Letter.id == Claim.letter_id)
            .where(
                Claim.donor_id == donor_id,
                Claim.status.in_([s.value for s in HOLDING_STATUSES]),
                Letter.campaign_id == campaign_id,
            )
        )
        or 0
    )


def holding_counts(donor_ids: list[int], campaign_id: int) -> dict[int, int]:
    """`holding_count` for many donors in one query (donors holding nothing are left out)."""
    rows = db.session.execute(
        db.select(Claim.donor_id, func.count(Claim.id))
        .join(Letter, Letter.id == Claim.letter_id)
        .where(
            Claim.donor_id.in_(donor_ids),
            Claim.status.in_([s.value for s in HOLDING_STATUSES]),
            Letter.campaign_id == campaign_id,
        )
        .group_by(Claim.donor_id)
    )
    return dict(rows.all())


def letter_limit(donor: User, campaign: Campaign) -> int:
    return donor.letter_limit or campaign.default_letter_limit


def claims_of(donor: User) -> list[Claim]:
    """A donor's claims, newest first, with everything the pages show loaded up front."""
    return list(
        db.session.scalars(
            db.select(Claim)
            .options(
                joinedload(Claim.letter).joinedload(Letter.center).selectinload(Center.hours),
                joinedload(Claim.letter).joinedload(Letter.campaign),
            )
            .where(Claim.donor_id == donor.id)
            .order_by(Claim.created_at.desc(), Claim.id.desc())
        ).unique()
    )


def own_claim(donor: User, claim_id: int) -> Claim | None:
    """The donor's claim with this id, or None (someone else's claim does not exist for them)."""
    return db.session.scalar(
        db.select(Claim).where(Claim.id == claim_id, Claim.donor_id == donor.id)
    )


def visible_claim(user: User, claim_id: int) -> Claim | None:
    """A claim whose slip `user` may see: a donor their own (while it holds the letter), staff
    the parcels in their scope; None otherwise, so that the page is a 404 for anyone else."""
    claim = db.session.get(Claim, claim_id)
    if claim is None:
        return None
    if user.is_donor:
        return claim if claim.donor_id == user.id and claim.is_holding else None
    if user.is_staff and can_see_parcel(user, claim.letter, claim):
        return claim
    return None


def holding_claim(letter_id: int) -> Claim | None:
    """The claim that holds a letter (active, received or delivered); at most one exists."""
    return db.session.scalar(
        db.select(Claim)
        .options(joinedload(Claim.donor), joinedload(Claim.received_by))
        .where(Claim.letter_id == letter_id, Claim.status.in_([s.value for s in HOLDING_STATUSES]))
    )


def donors_with_raised_limit() -> list[User]:
    return list(
        db.session.scalars(
            db.select(User)
            .where(User.role == "donor", User.letter_limit.is_not(None))
            .order_by(User.display_name, User.id)
        )
    )


def donor_by_email(email: str) -> User | None:
    return db.session.scalar(
        db.select(User).where(User.role == "donor", func.lower(User.email) == email.lower())
    )


def active_claims_of(donor: User) -> list[Claim]:
    return list(
        db.session.scalars(
            db.select(Claim)
            .options(selectinload(Claim.letter))
            .where(Claim.donor_id == donor.id, Claim.status == ClaimStatus.ACTIVE.value)
        )
    )


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def personal_data(donor: User) -> dict:
    """What we hold about a donor, for their own download: the account and their claims.

    Nothing about other people: no letter's case reference or author, no staff names.
    """
    return {
        "account": {
            "email": donor.email,
            "display_name": donor.display_name,
            "is_organisation": donor.is_organisation,
            "phone": donor.phone,
            "locale": donor.locale,
            "letter_limit": donor.letter_limit,
            "notifications_opt_out": donor.notifications_opt_out,
            "email_verified_at": _iso(donor.email_verified_at),
            "created_at": _iso(donor.created_at),
            "last_login_at": _iso(donor.last_login_at),
        },
        "claims": [
            {
                "code": claim.letter.display_code,
                "campaign": claim.letter.campaign.name,
                "status": claim.status,
                "claimed_at": _iso(claim.created_at),
                "deadline": _iso(claim.deadline),
                "drop_off_point": claim.letter.center.name,
                "reminder_sent_at": _iso(claim.reminder_sent_at),
                "cancelled_at": _iso(claim.cancelled_at),
                "received_at": _iso(claim.received_at),
                "delivered_at": _iso(claim.delivered_at),
            }
            for claim in claims_of(donor)
        ],
    }
