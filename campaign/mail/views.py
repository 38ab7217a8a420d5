"""The coordinators' view of mail that could not be sent."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from campaign.extensions import db
from campaign.mail import sender
from campaign.mail.models import OutboxMail, OutboxStatus
from campaign.security import coordinator_required

bp = Blueprint("outbox", __name__)

SHOWN = 200


class RetryForm(FlaskForm):
    """A button-only action: the form carries just the CSRF token."""


@bp.get("/koordynacja/poczta")
@coordinator_required
def failed_mail():
    """Mail that failed for good, and mail still being retried after a failure."""
    failed = db.session.scalars(
        db.select(OutboxMail)
        .where(OutboxMail.status == OutboxStatus.FAILED.value)
        .order_by(OutboxMail.id.desc())
        .limit(SHOWN)
    ).all()
    retrying = db.session.scalars(
        db.select(OutboxMail)
        .where(OutboxMail.status == OutboxStatus.PENDING.value, OutboxMail.attempts > 0)
        .order_by(OutboxMail.id.desc())
        .limit(SHOWN)
    ).all()
    waiting = db.session.scalar(
        db.select(db.func.count(OutboxMail.id)).where(
            OutboxMail.status == OutboxStatus.PENDING.value
        )
    )
    return render_template(
        "outbox/failed.html", failed=failed, retrying=retrying, waiting=waiting, form=RetryForm()
    )


@bp.post("/koordynacja/poczta/<int:mail_id>/ponow")
@coordinator_required
def retry(mail_id: int):
    """Put a failed mail back in the queue."""
    if not RetryForm().validate_on_submit():
        abort(400)
    if db.session.get(OutboxMail, mail_id) is None:
        abort(404)
    sender.retry_failed(mail_id)
    flash(_("Wiadomość wróciła do kolejki wysyłki."), "success")
    return redirect(url_for("outbox.failed_mail"))
