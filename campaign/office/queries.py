"""Reusable queries of the centre's public content."""

from datetime import datetime

from sqlalchemy import Select, func, or_
from sqlalchemy.orm import selectinload

from campaign.core.centres import Center
from campaign.core.clock import utcnow
from campaign.extensions import db
from campaign.letters.models import Campaign, LetterStatus
from campaign.letters.queries import campaign_status_counts
from campaign.office.models import Announcement, ContactEntry, NewsArticle

S = LetterStatus
TAKEN = (S.CLAIMED, S.RECEIVED, S.DELIVERED)
ARRIVED = (S.RECEIVED, S.DELIVERED)


def current_news(now: datetime | None = None) -> Select:
    """Published articles not yet archived, newest first (what /aktualnosci lists)."""
    now = now or utcnow()
    return (
        db.select(NewsArticle)
        .where(NewsArticle.published_at <= now)
        .where(or_(NewsArticle.archive_at.is_(None), NewsArticle.archive_at > now))
        .order_by(NewsArticle.published_at.desc(), NewsArticle.id.desc())
    )


def archived_news(now: datetime | None = None) -> Select:
    """Published articles whose archive date has passed: they move to /archiwum by themselves."""
    now = now or utcnow()
    return (
        db.select(NewsArticle)
        .where(NewsArticle.published_at <= now)
        .where(NewsArticle.archive_at <= now)
        .order_by(NewsArticle.published_at.desc(), NewsArticle.id.desc())
    )


def published_news(now: datetime | None = None) -> Select:
    """Every published article, archived ones too, newest first (what the Atom feed lists)."""
    now = now or utcnow()
    return (
        db.select(NewsArticle)
        .where(NewsArticle.published_at <= now)
        .order_by(NewsArticle.published_at.desc(), NewsArticle.id.desc())
    )


def published_article(slug: str, now: datetime | None = None) -> NewsArticle | None:
    """An article readers may open: published (archived ones stay readable)."""
    now = now or utcnow()
    return db.session.scalar(
        db.select(NewsArticle).where(NewsArticle.slug == slug, NewsArticle.published_at <= now)
    )


def latest_news(limit: int = 3) -> list[NewsArticle]:
    return list(db.session.scalars(current_news().limit(limit)))


def active_announcements(now: datetime | None = None) -> list[Announcement]:
    now = now or utcnow()
    return list(
        db.session.scalars(
            db.select(Announcement)
            .where(Announcement.starts_at <= now)
            .where(or_(Announcement.ends_at.is_(None), Announcement.ends_at > now))
            .order_by(Announcement.starts_at.desc(), Announcement.id.desc())
        )
    )


def contact_entries(kind: str | None = None) -> list[ContactEntry]:
    query = db.select(ContactEntry).order_by(ContactEntry.position, ContactEntry.id)
    if kind is not None:
        query = query.where(ContactEntry.kind == kind)
    return list(db.session.scalars(query))


def centers_with_hours() -> list[Center]:
    return list(
        db.session.scalars(
            db.select(Center).options(selectinload(Center.hours)).order_by(Center.number)
        )
    )


def campaign_counter(campaign: Campaign) -> dict[str, int]:
    """The live counter: letters waiting, taken, and parcels arrived, in one GROUP BY query."""
    by_status = campaign_status_counts(campaign.id)
    return {
        "available": by_status.get(S.AVAILABLE.value, 0),
        "taken": sum(by_status.get(s.value, 0) for s in TAKEN),
        "arrived": sum(by_status.get(s.value, 0) for s in ARRIVED),
    }


def all_news_for_editing() -> Select:
    """Every article for the editors: drafts first, then by publication date, newest first."""
    return db.select(NewsArticle).order_by(
        NewsArticle.published_at.desc().nulls_first(), NewsArticle.id.desc()
    )


def next_contact_position() -> int:
    """Where a new contact entry goes by default: after the last one."""
    last = db.session.scalar(db.select(func.max(ContactEntry.position)))
    return (last or 0) + 1


def all_announcements() -> Select:
    """Every announcement for the editors, the latest start first."""
    return db.select(Announcement).order_by(Announcement.starts_at.desc(), Announcement.id.desc())
