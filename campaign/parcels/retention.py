"""Data retention: some days after a campaign's delivery date, donors' personal data goes.

What goes: the accounts of donors whose every claim belongs to purged campaigns (anonymised, the
row stays so the claims stay in the record), walk-in donors' names and contacts, intake notes.
What stays: letters, codes, claims with their dates and states, the Events: the statistics.
A donor who also holds a claim in a live campaign keeps their account until that one is purged.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import or_, update

from campaign.auth.models import Role, User
from campaign.auth.services import anonymise_user
from campaign.donors.models import Claim
from campaign.extensions import db
from campaign.letters.models import Campaign, Letter
from campaign.letters.transitions import record_event
from campaign.timeutil import today, utcnow


@dataclass
class PurgePlan:
    campaigns: list[Campaign] = field(default_factory=list)
    donors: list[User] = field(default_factory=list)
    walkin_claim_ids: list[int] = field(default_factory=list)
    note_claim_ids: list[int] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.campaigns


def plan_purge(days: int) -> PurgePlan:
    """What a purge would remove now; reads only."""
    cutoff = today() - timedelta(days=days)
    campaigns = list(
        db.session.scalars(
            db.select(Campaign)
            .where(Campaign.purged_at.is_(None), Campaign.delivery_date < cutoff)
            .order_by(Campaign.delivery_date)
        )
    )
    if not campaigns:
        return PurgePlan()
    ids = [c.id for c in campaigns]
    claims_in = db.select(Claim.id).join(Claim.letter).where(Letter.campaign_id.in_(ids))
    return PurgePlan(
        campaigns=campaigns,
        donors=_donors_to_anonymise(ids),
        walkin_claim_ids=list(
            db.session.scalars(
                claims_in.where(or_(Claim.walkin_name != "", Claim.walkin_contact != ""))
            )
        ),
        note_claim_ids=list(db.session.scalars(claims_in.where(Claim.intake_note != ""))),
    )


def _donors_to_anonymise(campaign_ids: list[int]) -> list[User]:
    in_purged = (
        db.select(Claim.donor_id)
        .join(Claim.letter)
        .where(Letter.campaign_id.in_(campaign_ids), Claim.donor_id.is_not(None))
    )
    # A campaign that is neither being purged now nor purged before is live.
    in_live = (
        db.select(Claim.donor_id)
        .join(Claim.letter)
        .join(Letter.campaign)
        .where(
            Claim.donor_id.is_not(None),
            Campaign.purged_at.is_(None),
            Campaign.id.not_in(campaign_ids),
        )
    )
    query = (
        db.select(User)
        .where(
            User.role == Role.DONOR.value,
            User.anonymised_at.is_(None),
            User.id.in_(in_purged),
            User.id.not_in(in_live),
        )
        .order_by(User.id)
    )
    return list(db.session.scalars(query))


def purge(days: int, *, dry_run: bool = False) -> PurgePlan:
    """Carry out the plan in one transaction (or, dry, only report it)."""
    plan = plan_purge(days)
    if dry_run or plan.empty:
        db.session.rollback()
        return plan
    for donor in plan.donors:
        anonymise_user(donor)
    if plan.walkin_claim_ids:
        db.session.execute(
            update(Claim)
            .where(Claim.id.in_(plan.walkin_claim_ids))
            .values(walkin_name="", walkin_contact="")
            .execution_options(synchronize_session=False)
        )
    if plan.note_claim_ids:
        db.session.execute(
            update(Claim)
            .where(Claim.id.in_(plan.note_claim_ids))
            .values(intake_note="")
            .execution_options(synchronize_session=False)
        )
    now = utcnow()
    for campaign in plan.campaigns:
        campaign.purged_at = now
        record_event("campaign.purged", actor_id=None, data=_summary(plan, campaign))
    db.session.commit()
    return plan


def _summary(plan: PurgePlan, campaign: Campaign) -> dict:
    return {
        "campaign": campaign.code_prefix,
        "donors_anonymised": len(plan.donors),
        "walkin_contacts_cleared": len(plan.walkin_claim_ids),
        "intake_notes_cleared": len(plan.note_claim_ids),
    }
