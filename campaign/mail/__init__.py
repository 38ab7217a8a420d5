"""E-mail: `send_mail` queues a message in the outbox (models.py), in the caller's
transaction; the sender delivers it later through one of three backends, chosen by MAIL_BACKEND:

- ``file`` (local default): each message is written as an .eml file under MAIL_OUTBOX_DIR, so a
  developer can open what would have been sent;
- ``smtp`` (production): smtplib, with optional STARTTLS/SSL and login;
- ``memory`` (tests): messages are appended to ``app.extensions["mail_outbox"]``.

Callers build nothing by hand: `send_mail` takes the recipient, subject, text (and optional HTML)
and attachments as (filename, mimetype, bytes). The caller commits: the mail exists exactly when
the change that caused it does. With MAIL_DELIVER_ON_COMMIT (tests), each commit delivers the
mails it queued at once, so a test reads the memory backend right after the request.
"""

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from campaign.extensions import db
from campaign.mail.backends import BACKENDS
from campaign.mail.models import OutboxMail
from campaign.mail.sender import deliver_outbox

__all__ = ["BACKENDS", "Attachment", "build_message", "send_mail"]


@dataclass(frozen=True)
class Attachment:
    filename: str
    mimetype: str
    data: bytes


def build_message(
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    attachments: list[Attachment] | tuple[Attachment, ...] = (),
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="mopr.gda.pl")
    # Quoted-printable keeps Polish letters intact through relays that do not speak 8BITMIME.
    message.set_content(text, cte="quoted-printable")
    if html:
        message.add_alternative(html, subtype="html", cte="quoted-printable")
    for attachment in attachments:
        maintype, _, subtype = attachment.mimetype.partition("/")
        message.add_attachment(
            attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename
        )
    return message


def send_mail(
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    attachments: list[Attachment] | tuple[Attachment, ...] = (),
) -> EmailMessage:
    message = build_message(to, subject, text, html, attachments)
    row = OutboxMail(recipient=to, subject=subject[:300], message=bytes(message))
    db.session.add(row)
    if current_app.config.get("MAIL_DELIVER_ON_COMMIT"):
        db.session.flush()
        db.session.info.setdefault("queued_mail", []).append(row.id)
    return message


@event.listens_for(Session, "after_commit")
def _deliver_queued(session: Session) -> None:
    ids = session.info.pop("queued_mail", None)
    if ids:
        # The committing session cannot run statements now; the sender uses a session of its own.
        app = current_app._get_current_object()
        with app.app_context():
            deliver_outbox(ids=ids)


@event.listens_for(Session, "after_rollback")
def _forget_queued(session: Session) -> None:
    session.info.pop("queued_mail", None)
