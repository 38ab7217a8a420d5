"""Site search over news, announcements and the editable pages, with or without Polish letters.

The engine is a normalised text column (`search_text`: lower case, Polish letters folded to
ASCII, punctuation to spaces) on each searchable table, kept current by mapper events whatever
writes the row (services, seed, imports), and searched with LIKE for every word typed, folded
the same way. So "lyzwy" finds "łyżwy" and "ŁYŻWY" finds "lyzwy", identically on SQLite and
PostgreSQL. The site holds hundreds of texts, not millions: a scan of one column is quick.
"""

import re
import time
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from html import unescape

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import get_locale
from sqlalchemy import String, and_, cast, event, literal, or_, union_all

from campaign.core.clock import utcnow
from campaign.extensions import db
from campaign.office.markup import POLISH
from campaign.office.models import Announcement, NewsArticle, OfficePage

bp = Blueprint("search", __name__)
PER_PAGE = 10
MAX_TERMS = 8
MAX_QUERY = 200


def fold(text: str) -> str:
    """`Łyżwy, ŻÓŁW!` -> `lyzwy zolw`: what both the stored column and the query are made of."""
    text = unicodedata.normalize("NFKD", (text or "").translate(POLISH).lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", text))


def terms(query: str) -> list[str]:
    return fold(query[:MAX_QUERY]).split()[:MAX_TERMS]


# --- keeping the column current ------------------------------------------------------------


def _texts(target) -> list[str]:
    if isinstance(target, NewsArticle):
        return [target.title, target.lead, target.body_markdown]
    if isinstance(target, Announcement):
        return [target.title, target.body]
    return [target.title, target.body_markdown, target.title_en, target.body_en_markdown]


def _refresh(_mapper, _connection, target) -> None:
    target.search_text = fold(" ".join(t or "" for t in _texts(target)))


for _model in (NewsArticle, Announcement, OfficePage):
    event.listen(_model, "before_insert", _refresh)
    event.listen(_model, "before_update", _refresh)


# --- searching ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    kind: str  # news, announcement, page
    title: str
    url: str
    summary: str
    at: datetime | None


def _matching(column, words: list[str]):
    escaped = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in words]
    return and_(*(column.like(f"%{w}%", escape="\\") for w in escaped))


def _key(kind: str, id_column):
    return (literal(f"{kind}:") + cast(id_column, String)).label("key")


def matches(words: list[str], now: datetime | None = None):
    """Keys (`news:12`) of what a visitor may see and that holds every word, newest first."""
    now = now or utcnow()
    news = db.select(_key("news", NewsArticle.id), NewsArticle.published_at.label("at")).where(
        NewsArticle.published_at <= now, _matching(NewsArticle.search_text, words)
    )
    announcements = db.select(
        _key("announcement", Announcement.id), Announcement.starts_at.label("at")
    ).where(
        Announcement.starts_at <= now,
        or_(Announcement.ends_at.is_(None), Announcement.ends_at > now),
        _matching(Announcement.search_text, words),
    )
    pages = db.select(_key("page", OfficePage.id), OfficePage.updated_at.label("at")).where(
        _matching(OfficePage.search_text, words)
    )
    found = union_all(news, announcements, pages).subquery()
    return db.select(found.c.key).order_by(found.c.at.desc(), found.c.key)


def hits(keys: list[str], locale: str) -> list[Hit]:
    """The objects behind a page of keys, in the keys' order."""
    wanted: dict[str, list[int]] = {}
    for key in keys:
        kind, _, ref = key.partition(":")
        wanted.setdefault(kind, []).append(int(ref))
    loaded = {}
    for kind, model in (
        ("news", NewsArticle),
        ("announcement", Announcement),
        ("page", OfficePage),
    ):
        if wanted.get(kind):
            for obj in db.session.scalars(db.select(model).where(model.id.in_(wanted[kind]))):
                loaded[f"{kind}:{obj.id}"] = _hit(kind, obj, locale)
    return [loaded[key] for key in keys if key in loaded]


def _hit(kind: str, obj, locale: str) -> Hit:
    if kind == "news":
        url = url_for("office.article", slug=obj.slug)
        return Hit(kind, obj.title, url, obj.lead, obj.published_at)
    if kind == "announcement":
        url = url_for("office.home", _anchor=f"ogloszenie-{obj.id}")
        return Hit(kind, obj.title, url, obj.body, obj.starts_at)
    title, html, _lang = obj.in_language(locale)
    endpoint = "office.pages.easy_read" if obj.key == "tekst-latwy-do-czytania" else None
    url = url_for(endpoint or "office.pages.sign_language")
    return Hit(kind, title, url, _plain(html), None)


def _plain(html: str) -> str:
    return _shorten(unescape(" ".join(re.sub(r"<[^>]+>", " ", html or "").split())))


def _shorten(text: str, limit: int = 240) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


# --- the pages made from templates (contact, accessibility statement, ...) ------------------

# Their text lives in templates, not in the database: each is rendered as a visitor sees it,
# folded, and kept for a few minutes per language (the contact page shows database entries).
TEMPLATE_PAGES = (
    "office.campaign_page",
    "office.contact",
    "office.accessibility",
    "office.privacy",
)
TEMPLATE_PAGES_TTL = 300


@dataclass(frozen=True)
class _TemplatePage:
    url: str
    title: str
    summary: str
    folded: str


def template_page_hits(words: list[str], locale: str) -> list[Hit]:
    return [
        Hit("page", page.title, page.url, page.summary, None)
        for page in _template_pages(locale)
        if all(word in page.folded for word in words)
    ]


def _template_pages(locale: str) -> list[_TemplatePage]:
    cache = current_app.extensions.setdefault("kmp_template_pages", {})
    stored = cache.get(locale)
    if stored and time.monotonic() - stored[0] < TEMPLATE_PAGES_TTL:
        return stored[1]
    pages = [page for endpoint in TEMPLATE_PAGES if (page := _render(endpoint, locale))]
    cache[locale] = (time.monotonic(), pages)
    return pages


def _render(endpoint: str, locale: str) -> _TemplatePage | None:
    url = url_for(endpoint)
    # A visitor's request of its own: no one's login or session shapes what is indexed.
    response = current_app.test_client().get(url, headers={"Accept-Language": locale})
    if response.status_code != 200:
        return None
    html = response.get_data(as_text=True)
    main = html.split("<main", 1)[-1].split("</main>", 1)[0]
    title = re.search(r"<h1[^>]*>(.*?)</h1>", main, re.S)
    text = unescape(" ".join(re.sub(r"<[^>]+>", " ", main.split(">", 1)[-1]).split()))
    heading = unescape(re.sub(r"<[^>]+>", "", title[1])).strip() if title else url
    summary = text.removeprefix(heading).strip()
    return _TemplatePage(url, heading, _shorten(summary), fold(text))


def search_site(query: str, locale: str):
    """What a visitor typed, found: the matching template pages (listed on the first page), and
    a page of the news, announcements and editable pages (None when there is no word)."""
    words = terms(query)
    if not words:
        return None, [], []
    page = db.paginate(matches(words), per_page=PER_PAGE, max_per_page=PER_PAGE)
    return page, template_page_hits(words, locale), hits(list(page.items), locale)


@bp.get("/szukaj")
def search():
    """Search the news, announcements and pages; every word must appear (any case, any accents)."""
    query = request.args.get("q", "").strip()[:MAX_QUERY]
    page, pages, results = search_site(query, str(get_locale()))
    return render_template(
        "office/search.html", query=query, page=page, pages=pages, results=results
    )
