"""Factories for the office's content."""

from datetime import timedelta
from itertools import count

import pytest

from campaign.core.clock import utcnow
from campaign.extensions import db
from campaign.office.markup import render_markdown, slugify
from campaign.office.models import Announcement, ContactEntry, NewsArticle

_seq = count(1)


@pytest.fixture
def make_article(app):
    """A published article (an hour old) unless `published_at` / `archive_at` say otherwise."""

    def factory(title: str | None = None, **fields) -> NewsArticle:
        title = title or f"Artykuł testowy {next(_seq)}"
        body = fields.pop("body", f"Treść: {title}.")
        article = NewsArticle(
            title=title,
            slug=fields.pop("slug", slugify(title)),
            lead=fields.pop("lead", f"Zajawka: {title}."),
            body_markdown=body,
            body_html=render_markdown(body),
            published_at=fields.pop("published_at", utcnow() - timedelta(hours=1)),
            **fields,
        )
        db.session.add(article)
        db.session.commit()
        return article

    return factory


@pytest.fixture
def make_announcement(app):
    def factory(title: str = "Uwaga!", **fields) -> Announcement:
        announcement = Announcement(
            title=title,
            body=fields.pop("body", f"Ogłoszenie {next(_seq)}."),
            starts_at=fields.pop("starts_at", utcnow() - timedelta(days=1)),
            **fields,
        )
        db.session.add(announcement)
        db.session.commit()
        return announcement

    return factory


@pytest.fixture
def make_contact(app):
    def factory(**fields) -> ContactEntry:
        entry = ContactEntry(**{"name": f"Osoba {next(_seq)}", "kind": "leadership", **fields})
        db.session.add(entry)
        db.session.commit()
        return entry

    return factory
