"""Deadline reminders: `campaign.reminder_days_before` days ahead, once per claim, ever.

The command runs from a timer and may overlap with itself or run on two machines. Each reminder
is therefore claimed by a compare-and-set on `reminder_sent_at` and committed before it is sent:
only the run whose UPDATE changed the row sends it.
"""

import logging
from datetime import timedelta

from sqlalchemy.orm import joinedload

from campaign.auth.models import User
from campaign.core.audit import record_event
from campaign.core.cas import compare_and_set
from campaign.core.clock import today, utcnow
from campaign.donors.models import Claim, ClaimStatus
from campaign.donors.notifications import send_reminder
from campaign.extensions import db
from campaign.letters.models import Campaign, Letter

log = logging.getLogger(__name__)


def due_reminder_ids() -> list[int]:
    """Active claims of donors who hear from us, whose deadline is near and not yet past."""
    ids: list[int] = []
    now_date = today()
    for campaign in db.session.scalars(db.select(Campaign).where(Campaign.purged_at.is_(None))):
        due_by = now_date + timedelta(days=campaign.reminder_days_before)
        ids += db.session.scalars(
            db.select(Claim.id)
            .join(Letter, Letter.id == Claim.letter_id)
            .join(User, User.id == Claim.donor_id)
            .where(
                Letter.campaign_id == campaign.id,
                Claim.status == ClaimStatus.ACTIVE.value,
                Claim.reminder_sent_at.is_(None),
                Claim.deadline >= now_date,
                Claim.deadline <= due_by,
                User.notifications_opt_out.is_(False),
                User.email.is_not(None),
                # A switched-off or anonymised account (`not User.is_active`) hears nothing.
                User.active.is_(True),
                User.anonymised_at.is_(None),
            )
            .order_by(Claim.id)
        )
    return ids


def _take(claim_id: int, stamp) -> bool:
    """True when this run won the right to send the claim's reminder (and wrote it down and
    queued the mail, in one transaction)."""
    won = compare_and_set(
        Claim,
        claim_id,
        {"reminder_sent_at": None, "status": ClaimStatus.ACTIVE.value},
        {"reminder_sent_at": stamp},
    )
    if won:
        # In the same transaction as the win: exactly one Event per reminder, however many runs.
        letter_id = db.session.scalar(db.select(Claim.letter_id).where(Claim.id == claim_id))
        record_event(
            "claim.reminded",
            actor_id=None,
            letter_id=letter_id,
            claim_id=claim_id,
            data={"automatic": True},
        )
        claim = db.session.scalar(
            db.select(Claim)
            .options(joinedload(Claim.donor), joinedload(Claim.letter))
            .where(Claim.id == claim_id)
        )
        send_reminder(claim)  # to the outbox: the mail exists exactly when the stamp does
    db.session.commit()
    return won


def _record_failure(claim_id: int) -> None:
    """The trail says the reminder did not go out (it stays due for the next run)."""
    record_event(
        "claim.reminder_failed",
        actor_id=None,
        letter_id=db.session.scalar(db.select(Claim.letter_id).where(Claim.id == claim_id)),
        claim_id=claim_id,
    )
    db.session.commit()


def send_due_reminders() -> int:
    """Send every due reminder that no other run has sent; returns how many this run sent."""
    sent = 0
    for claim_id in due_reminder_ids():
        try:
            won = _take(claim_id, utcnow())
        except Exception:
            # Nothing was written (the stamp, the Event and the mail roll back together), so
            # the next run tries this reminder again.
            db.session.rollback()
            log.exception("reminder for claim %s failed; it will be retried", claim_id)
            _record_failure(claim_id)
            continue
        sent += won
    return sent
