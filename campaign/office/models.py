"""The centre's public content: news, announcements, contact entries."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.core.clock import utcnow
from campaign.extensions import db


class NewsArticle(db.Model):
    __tablename__ = "news_articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(220), unique=True)
    lead: Mapped[str] = mapped_column(Text, default="")
    body_markdown: Mapped[str] = mapped_column(Text, default="")
    # Rendered and sanitised once on save, never at request time.
    body_html: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(index=True)  # None: draft
    archive_at: Mapped[datetime | None] = mapped_column(index=True)  # moves to /archiwum then
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    author: Mapped["User | None"] = relationship()  # noqa: F821

    def is_published(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.published_at is not None and self.published_at <= now

    def is_archived(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.archive_at is not None and self.archive_at <= now

    def state(self, now: datetime | None = None) -> str:
        """draft, scheduled, published or archived: what the editors' list shows as a badge."""
        now = now or utcnow()
        if self.published_at is None:
            return "draft"
        if not self.is_published(now):
            return "scheduled"
        return "archived" if self.is_archived(now) else "published"


class Announcement(db.Model):
    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(default=utcnow)
    ends_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def is_active(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.starts_at <= now and (self.ends_at is None or now < self.ends_at)


class ContactKind(enum.StrEnum):
    LEADERSHIP = "leadership"  # director and deputies
    RECEPTION = "reception"  # complaints, interventions and requests reception
    OTHER = "other"


class ContactEntry(db.Model):
    __tablename__ = "contact_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default=ContactKind.LEADERSHIP.value)
    name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    hours: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
