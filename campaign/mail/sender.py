"""Delivering the outbox: take due rows, send each through the configured backend, mark it.

Taking is a short transaction of its own: due rows are selected `FOR UPDATE SKIP LOCKED` on
PostgreSQL (SQLite's single writer lock serialises two senders instead) and leased by moving
`next_attempt_at` forward; the slow part, talking to the mail server, happens outside any
transaction. So two senders never take the same row, and a sender killed between sending and
marking gives the row back when its lease ends (the one case in which a mail may go twice: SMTP
offers no way to make "sent" and "marked" one step).
"""

import email
import email.policy
import logging
import smtplib
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import update

from campaign.core.clock import utcnow
from campaign.extensions import db
from campaign.mail.backends import BACKENDS
from campaign.mail.models import OutboxMail, OutboxStatus

log = logging.getLogger(__name__)

BATCH = 20


def backoff(attempts: int) -> timedelta:
    """Wait after the `attempts`-th failure: base · 2^(attempts-1), capped."""
    config = current_app.config
    seconds = config["MAIL_RETRY_BASE_SECONDS"] * 2 ** max(0, attempts - 1)
    return timedelta(seconds=min(seconds, config["MAIL_RETRY_MAX_SECONDS"]))


def _take(now: datetime, limit: int, ids: list[int] | None, seen: set[int]) -> list[int]:
    lease = now + timedelta(seconds=current_app.config["MAIL_LEASE_SECONDS"])
    query = (
        db.select(OutboxMail.id)
        .where(OutboxMail.status == OutboxStatus.PENDING.value, OutboxMail.next_attempt_at <= now)
        .order_by(OutboxMail.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if ids is not None:
        query = query.where(OutboxMail.id.in_(ids))
    if seen:
        query = query.where(OutboxMail.id.not_in(seen))  # one try per row and run
    taken = list(db.session.scalars(query))
    if taken:
        db.session.execute(
            update(OutboxMail)
            .where(OutboxMail.id.in_(taken))
            .values(next_attempt_at=lease)
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
    return taken


def _deliver_one(mail_id: int) -> bool:
    row = db.session.get(OutboxMail, mail_id)
    message = email.message_from_bytes(row.message, policy=email.policy.default)
    db.session.commit()  # no transaction stays open while the mail server is slow
    try:
        BACKENDS[current_app.config["MAIL_BACKEND"]](message)
    except (OSError, smtplib.SMTPException) as error:
        _mark_failed(mail_id, f"{type(error).__name__}: {error}"[:2000])
        return False
    db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == mail_id)
        .values(
            status=OutboxStatus.SENT.value,
            sent_at=utcnow(),
            attempts=OutboxMail.attempts + 1,
            last_error="",
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return True


def _mark_failed(mail_id: int, error: str) -> None:
    row = db.session.get(OutboxMail, mail_id)
    row.attempts += 1
    row.last_error = error
    if row.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        row.status = OutboxStatus.FAILED.value
    else:
        row.next_attempt_at = utcnow() + backoff(row.attempts)
    db.session.commit()
    log.warning("mail %s not sent (try %s): %s", mail_id, row.attempts, error)


def deliver_outbox(*, now: datetime | None = None, ids: list[int] | None = None) -> dict:
    """Send every due mail once; returns {"sent": n, "failed": m}. `ids` limits it to those rows."""
    now = now or utcnow()
    outcome = {"sent": 0, "failed": 0}
    seen: set[int] = set()
    while True:
        taken = _take(now, BATCH, ids, seen)
        if not taken:
            return outcome
        seen.update(taken)
        for mail_id in taken:
            outcome["sent" if _deliver_one(mail_id) else "failed"] += 1


def retry_failed(mail_id: int) -> None:
    """A coordinator sends a failed mail again: it goes back to the queue with fresh tries."""
    db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == mail_id, OutboxMail.status == OutboxStatus.FAILED.value)
        .values(status=OutboxStatus.PENDING.value, attempts=0, next_attempt_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
