"""Demo claims: a few donors, people and organisations, holding about 60 of the demo letters.

Claims go through the claim service, so the demo data obeys the same rules as real claims.
Idempotent: each donor is topped up to their share, so a second run changes nothing.
"""

import random

from sqlalchemy import func

from campaign.auth.models import Role, User
from campaign.auth.services import create_user
from campaign.core.errors import DomainError
from campaign.demo import DEMO_PASSWORD, DONOR_EMAIL
from campaign.donors.models import Claim
from campaign.donors.services import claim_letters
from campaign.extensions import db
from campaign.letters.models import Campaign, Letter, LetterStatus

# (e-mail, display name, organisation?, letters held). An organisation's limit is raised.
DEMO_DONORS = [
    ("bursztyn@demo.mopr.gda.pl", "Firma Bursztyn sp. z o.o.", True, 15),
    ("stocznia@demo.mopr.gda.pl", "Zespół Biura Rachunkowego Stocznia", True, 12),
    ("sp4@demo.mopr.gda.pl", "Rada Rodziców Szkoły Podstawowej nr 4", True, 12),
    ("klub@demo.mopr.gda.pl", "Klub Biegacza Oliwa", True, 8),
    ("marta@demo.mopr.gda.pl", "Marta", False, 3),
    ("piotr@demo.mopr.gda.pl", "Piotr", False, 3),
    ("ewa@demo.mopr.gda.pl", "Ewa", False, 2),
    ("tomasz@demo.mopr.gda.pl", "Tomasz", False, 3),
]
# The demo donor claims after the organisations: the parcels seed takes in the first claims and
# makes the last ones overdue, so the demo account keeps letters it can still cancel and print.
DEMO_DONOR_AFTER = 4
DEMO_DONOR_SHARE = 2


def seed_claims(campaign: Campaign) -> None:
    """Idempotently claim some available demo letters through the claim service."""
    if not _available_ids(campaign):
        return  # letters not seeded yet: nothing to claim
    shares = [(_demo_donor(*row[:3]), row[3]) for row in DEMO_DONORS]
    main = db.session.scalar(db.select(User).where(User.email == DONOR_EMAIL))
    if main is not None:
        shares.insert(DEMO_DONOR_AFTER, (main, DEMO_DONOR_SHARE))
    db.session.commit()
    rng = random.Random(campaign.id)
    for donor, share in shares:
        _top_up(donor, campaign, share, rng)


def _demo_donor(email: str, name: str, is_organisation: bool) -> User:
    donor = db.session.scalar(db.select(User).where(User.email == email))
    if donor is None:
        donor, _ = create_user(email, Role.DONOR, password=DEMO_PASSWORD, display_name=name)
        donor.is_organisation = is_organisation
        if is_organisation:
            donor.letter_limit = 20
    return donor


def _available_ids(campaign: Campaign) -> list[int]:
    return list(
        db.session.scalars(
            db.select(Letter.id)
            .where(
                Letter.campaign_id == campaign.id,
                Letter.status == LetterStatus.AVAILABLE.value,
            )
            .order_by(Letter.id)
        )
    )


def _claims_made(donor: User, campaign: Campaign) -> int:
    """Every claim the donor ever made in the campaign, so a later cancel or release does not
    make the next run claim again."""
    return (
        db.session.scalar(
            db.select(func.count(Claim.id))
            .join(Letter, Letter.id == Claim.letter_id)
            .where(Claim.donor_id == donor.id, Letter.campaign_id == campaign.id)
        )
        or 0
    )


def _top_up(donor: User, campaign: Campaign, share: int, rng: random.Random) -> None:
    missing = share - _claims_made(donor, campaign)
    available = _available_ids(campaign)
    if missing <= 0 or not available:
        return
    ids = rng.sample(available, min(missing, len(available)))
    letters = list(db.session.scalars(db.select(Letter).where(Letter.id.in_(ids))))
    try:
        claim_letters(donor, letters, send_confirmation=False)
    except DomainError:
        db.session.rollback()  # e.g. claims closed in this campaign: the demo goes on without
