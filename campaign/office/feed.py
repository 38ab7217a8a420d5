"""The Atom feed of the news (/aktualnosci.atom), built with feedgen."""

from datetime import UTC, datetime

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from campaign.extensions import db
from campaign.office import queries
from campaign.office.models import NewsArticle

bp = Blueprint("feed", __name__)
ENTRIES = 20
CENTRE = "Miejski Ośrodek Pomocy Rodzinie w Gdańsku"


@bp.get("/aktualnosci.atom")
def news_feed():
    """The latest published articles as Atom, for feed readers and other sites."""
    articles = list(db.session.scalars(queries.published_news().limit(ENTRIES)))
    response = Response(build_feed(articles), mimetype="application/atom+xml")
    response.headers["Cache-Control"] = "public, max-age=600"
    return response


def build_feed(articles: list[NewsArticle]) -> bytes:
    absolute = _absolute
    feed = FeedGenerator()
    feed.id(absolute(url_for("office.news")))
    with force_locale("pl"):  # the articles are Polish, so is the feed around them
        feed.title(_("Aktualności") + " · MOPR Gdańsk")
        feed.subtitle(_("Nasze wsparcie – Twoja samodzielność"))
    feed.link(href=absolute(url_for("office.feed.news_feed")), rel="self")
    feed.link(href=absolute(url_for("office.news")), rel="alternate", type="text/html")
    feed.language("pl")
    feed.author({"name": CENTRE})
    feed.icon(absolute(url_for("static", filename="favicon.svg")))
    newest = None
    for article in articles:
        url = absolute(url_for("office.article", slug=article.slug))
        published = _aware(article.published_at)
        updated = max(published, _aware(article.updated_at))
        newest = max(newest or updated, updated)
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(article.title)
        entry.link(href=url, rel="alternate", type="text/html")
        entry.published(published)
        entry.updated(updated)
        entry.summary(article.lead)
        entry.content(article.body_html, type="html")  # sanitised with nh3 when saved
    feed.updated(newest or datetime.now(UTC))
    return feed.atom_str(pretty=True)


def _aware(value: datetime) -> datetime:
    """Stored timestamps are naive UTC; Atom wants them with their zone."""
    return value.replace(tzinfo=UTC)


def _absolute(path: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path
