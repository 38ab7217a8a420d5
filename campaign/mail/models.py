"""One row per e-mail to send."""

import enum
from datetime import datetime

from sqlalchemy import Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from campaign.core.clock import utcnow
from campaign.extensions import db


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for its first or next try
    SENT = "sent"
    FAILED = "failed"  # every try failed: a coordinator sees it and may send it again


class OutboxMail(db.Model):
    __tablename__ = "outbox_mail"
    __table_args__ = (Index("ix_outbox_mail_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    # The whole message as it will leave (headers, text, HTML, attachments), built when queued.
    message: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(10), default=OutboxStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A sender that takes a row pushes this forward (a lease): another sender skips the row
    # until then, and a sender that died mid-way gives it back by simply not finishing.
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str] = mapped_column(Text, default="")

    @property
    def status_enum(self) -> OutboxStatus:
        return OutboxStatus(self.status)
