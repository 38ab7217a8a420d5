"""Saving and deleting the centre's content; every change leaves an audit Event."""

from datetime import UTC, datetime

from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError

from campaign.core.audit import record_event
from campaign.core.clock import utcnow
from campaign.core.errors import Conflict
from campaign.extensions import db
from campaign.i18n import N_
from campaign.office.markup import render_markdown, slugify
from campaign.office.models import Announcement, ContactEntry, NewsArticle


def to_stored(value: datetime | None) -> datetime | None:
    """A timezone-aware time typed by an editor, as naive UTC (how every timestamp is stored)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def unique_slug(title: str) -> str:
    """The title's slug, with -2, -3, ... appended when another article already has it."""
    base = slugify(title)
    taken = set(
        db.session.scalars(
            db.select(NewsArticle.slug).where(
                or_(NewsArticle.slug == base, NewsArticle.slug.like(f"{base}-%"))
            )
        )
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def save_article(
    article: NewsArticle | None,
    *,
    title: str,
    lead: str,
    body: str,
    publish_now: bool,
    published_at: datetime | None,
    archive_at: datetime | None,
    actor_id: int,
) -> NewsArticle:
    """Create or update an article; its slug is made once, so links stay valid after edits."""
    now = utcnow()
    created = article is None
    if article is None:
        article = NewsArticle(slug=unique_slug(title), author_id=actor_id)
        db.session.add(article)
    if publish_now:
        # Ticking "publish now" on an article that is already out keeps its original date.
        published_at = article.published_at if article.is_published(now) else now
    else:
        published_at = to_stored(published_at)
    article.title = title
    article.lead = lead
    article.body_markdown = body
    article.body_html = render_markdown(body)
    article.published_at = published_at
    article.archive_at = to_stored(archive_at)
    data = {"slug": article.slug, "title": title, "created": created}
    return _commit(article, "office.news_saved", actor_id, data)


def delete_article(article: NewsArticle, *, actor_id: int) -> None:
    data = {"id": article.id, "slug": article.slug, "title": article.title}
    _delete(article, "office.news_deleted", actor_id, data)


def save_announcement(
    announcement: Announcement | None,
    *,
    title: str,
    body: str,
    starts_at: datetime,
    ends_at: datetime | None,
    actor_id: int,
) -> Announcement:
    created = announcement is None
    announcement = announcement or Announcement()
    db.session.add(announcement)
    announcement.title = title
    announcement.body = body
    announcement.starts_at = to_stored(starts_at)
    announcement.ends_at = to_stored(ends_at)
    data = {"title": title, "created": created}
    return _commit(announcement, "office.announcement_saved", actor_id, data)


def delete_announcement(announcement: Announcement, *, actor_id: int) -> None:
    data = {"id": announcement.id, "title": announcement.title}
    _delete(announcement, "office.announcement_deleted", actor_id, data)


CONTACT_FIELDS = ("kind", "name", "role", "phone", "email", "hours", "note", "position")


def save_contact_entry(entry: ContactEntry | None, *, actor_id: int, **values) -> ContactEntry:
    created = entry is None
    entry = entry or ContactEntry()
    db.session.add(entry)
    for name in CONTACT_FIELDS:
        setattr(entry, name, values[name])
    data = {"name": entry.name, "kind": entry.kind, "created": created}
    return _commit(entry, "office.contact_saved", actor_id, data)


def delete_contact_entry(entry: ContactEntry, *, actor_id: int) -> None:
    data = {"id": entry.id, "name": entry.name, "kind": entry.kind}
    _delete(entry, "office.contact_deleted", actor_id, data)


def _commit(obj, kind: str, actor_id: int, data: dict):
    try:
        db.session.flush()
        record_event(kind, actor_id=actor_id, data={"id": obj.id, **data})
        db.session.commit()
    except IntegrityError as exc:
        # Two editors saving articles with the same title at the same moment: the unique slug
        # index decides, the loser is asked to save again (and then gets the next free slug).
        db.session.rollback()
        raise Conflict(N_("Ktoś w tej chwili zapisał podobny wpis. Zapisz ponownie.")) from exc
    return obj


def _delete(obj, kind: str, actor_id: int, data: dict) -> None:
    record_event(kind, actor_id=actor_id, data=data)
    db.session.delete(obj)
    db.session.commit()
