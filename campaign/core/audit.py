"""The audit trail every domain writes to: who changed what, when, from which state to which."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.core.clock import utcnow
from campaign.extensions import db


class Event(db.Model):
    """The audit trail: who changed what, when, from which state to which, and why."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)  # e.g. "letter.status"
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(12))
    to_status: Mapped[str | None] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict | None] = mapped_column(JSON)

    # Named by string: the audit log sits below the domains and imports none of them.
    actor: Mapped["User | None"] = relationship()  # noqa: F821
    letter: Mapped["Letter | None"] = relationship()  # noqa: F821


def record_event(kind: str, *, actor_id: int | None, **fields) -> Event:
    """Any other audited action (claim extended, news edited, role changed, ...)."""
    event = Event(kind=kind, actor_id=actor_id, **fields)
    db.session.add(event)
    return event
