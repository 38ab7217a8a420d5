"""Data retention: some days after a campaign's delivery date, donors' personal data goes.

What goes: the accounts of donors whose every claim belongs to purged campaigns (anonymised, the
row stays so the claims stay in the record), walk-in donors' names and contacts, intake notes,
CSV exports under instance/exports/ older than the retention period. Donors who never took part
go too: an account made before the latest purged campaign's delivery date with no claim in a live
campaign lived through that whole campaign unused, and its retention period is over as well.
What stays: letters, codes, claims with their dates and states, the Events: the statistics.
A donor who also holds a claim in a live campaign keeps their account until that one is purged.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import func, or_, update

from campaign.auth.models import Role, User
from campaign.auth.services import anonymise_user
from campaign.core.audit import record_event
from campaign.core.clock import LOCAL_TZ, today, utcnow
from campaign.donors.models import Claim
from campaign.extensions import db
from campaign.letters.models import Campaign, Letter
from campaign.parcels.queries import local_midnight_utc


@dataclass
class PurgePlan:
    campaigns: list[Campaign] = field(default_factory=list)
    donors: list[User] = field(default_factory=list)
    idle_donors: list[User] = field(default_factory=list)
    walkin_claim_ids: list[int] = field(default_factory=list)
    note_claim_ids: list[int] = field(default_factory=list)
    export_files: list[Path] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.campaigns or self.idle_donors or self.export_files)


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
    ids = [c.id for c in campaigns]
    claims_in = db.select(Claim.id).join(Claim.letter).where(Letter.campaign_id.in_(ids))
    donors = _donors_to_anonymise(ids)  # an empty IN matches nothing: no campaigns, no rows
    return PurgePlan(
        campaigns=campaigns,
        donors=donors,
        idle_donors=_idle_donors(ids, exclude={d.id for d in donors}),
        walkin_claim_ids=list(
            db.session.scalars(
                claims_in.where(or_(Claim.walkin_name != "", Claim.walkin_contact != ""))
            )
        ),
        note_claim_ids=list(db.session.scalars(claims_in.where(Claim.intake_note != ""))),
        export_files=_old_exports(cutoff),
    )


def _donors_to_anonymise(campaign_ids: list[int]) -> list[User]:
    in_purged = (
        db.select(Claim.donor_id)
        .join(Claim.letter)
        .where(Letter.campaign_id.in_(campaign_ids), Claim.donor_id.is_not(None))
    )
    in_live = _live_donor_ids(campaign_ids)
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


def _live_donor_ids(purging_ids: list[int]):
    # A campaign that is neither being purged now nor purged before is live.
    return (
        db.select(Claim.donor_id)
        .join(Claim.letter)
        .join(Letter.campaign)
        .where(
            Claim.donor_id.is_not(None),
            Campaign.purged_at.is_(None),
            Campaign.id.not_in(purging_ids),
        )
    )


def _idle_donors(purging_ids: list[int], exclude: set[int]) -> list[User]:
    """Donor accounts older than the latest purged campaign that hold no claim in a live one."""
    latest: date | None = db.session.scalar(
        db.select(func.max(Campaign.delivery_date)).where(
            or_(Campaign.purged_at.is_not(None), Campaign.id.in_(purging_ids))
        )
    )
    if latest is None:
        return []
    query = (
        db.select(User)
        .where(
            User.role == Role.DONOR.value,
            User.anonymised_at.is_(None),
            User.created_at < local_midnight_utc(latest),
            User.id.not_in(_live_donor_ids(purging_ids)),
        )
        .order_by(User.id)
    )
    return [user for user in db.session.scalars(query) if user.id not in exclude]


def _old_exports(cutoff: date) -> list[Path]:
    """CSV files written by `flask export` before the cutoff (they hold donors' contacts)."""
    folder = Path(current_app.instance_path) / "exports"
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.rglob("*.csv")
        if path.is_file() and datetime.fromtimestamp(path.stat().st_mtime, LOCAL_TZ).date() < cutoff
    )


def _delete_exports(paths: list[Path]) -> None:
    folder = Path(current_app.instance_path) / "exports"
    for path in paths:
        path.unlink(missing_ok=True)
        if path.parent != folder and not any(path.parent.iterdir()):
            path.parent.rmdir()  # the dated folder `flask export` made, now empty


def purge(days: int, *, dry_run: bool = False) -> PurgePlan:
    """Carry out the plan in one transaction (or, dry, only report it)."""
    plan = plan_purge(days)
    if dry_run or plan.empty:
        db.session.rollback()
        return plan
    for donor in [*plan.donors, *plan.idle_donors]:
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
    if not plan.campaigns:
        record_event("campaign.purged", actor_id=None, data=_summary(plan, None))
    db.session.commit()
    # After the commit: a file deleted cannot be rolled back, a file left is taken next time.
    _delete_exports(plan.export_files)
    return plan


def _summary(plan: PurgePlan, campaign: Campaign | None) -> dict:
    return {
        "campaign": campaign.code_prefix if campaign else None,
        "donors_anonymised": len(plan.donors),
        "idle_donors_anonymised": len(plan.idle_donors),
        "walkin_contacts_cleared": len(plan.walkin_claim_ids),
        "intake_notes_cleared": len(plan.note_claim_ids),
        "export_files_deleted": len(plan.export_files),
    }
