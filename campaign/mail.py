"""E-mail: `send_mail` queues a message in the outbox (campaign/outbox), in the caller's
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

import secrets
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from campaign.extensions import db
from campaign.timeutil import utcnow


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
    from campaign.outbox.models import OutboxMail

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
        from campaign.outbox.sender import deliver_outbox

        # The committing session cannot run statements now; the sender uses a session of its own.
        app = current_app._get_current_object()
        with app.app_context():
            deliver_outbox(ids=ids)


@event.listens_for(Session, "after_rollback")
def _forget_queued(session: Session) -> None:
    session.info.pop("queued_mail", None)


def _send_memory(message: EmailMessage) -> None:
    current_app.extensions.setdefault("mail_outbox", []).append(message)


def _send_file(message: EmailMessage) -> None:
    outbox = Path(current_app.config["MAIL_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%d-%H%M%S-%f")
    # The random suffix keeps two messages sent in the same microsecond (two workers) apart.
    (outbox / f"{stamp}-{secrets.token_hex(3)}.eml").write_bytes(bytes(message))


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    if config["MAIL_USE_SSL"]:
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    with smtp:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


BACKENDS = {"memory": _send_memory, "file": _send_file, "smtp": _send_smtp}
