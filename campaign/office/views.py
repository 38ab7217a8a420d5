"""The centre's public pages; the editors' pages live in `editing.py` under /biuro."""

from datetime import date, timedelta

from flask import Blueprint, abort, current_app, render_template, url_for
from werkzeug.routing import BuildError

from campaign.core.clock import utcnow
from campaign.extensions import db
from campaign.letters.models import Campaign
from campaign.office import accessibility, feed, photo_views, queries, search
from campaign.office.editing import bp as editing_bp
from campaign.office.models import ContactKind
from campaign.web.pagecache import cached_page

bp = Blueprint("office", __name__)
bp.register_blueprint(editing_bp)
bp.register_blueprint(accessibility.bp)
bp.register_blueprint(accessibility.editing_bp)
bp.register_blueprint(search.bp)
bp.register_blueprint(photo_views.bp)
bp.register_blueprint(photo_views.editing_bp)
bp.register_blueprint(feed.bp)

NEWS_PER_PAGE = 10
# The accessibility statement must carry these dates; update them with every review.
STATEMENT_DATES = {
    "published": date(2026, 11, 16),
    "updated": date(2026, 11, 30),
    "prepared": date(2026, 11, 30),
    "reviewed": date(2026, 11, 30),
}


def catalogue_url() -> str:
    """The donors' catalogue, even while its blueprint is not there (it is built separately)."""
    try:
        return url_for("donors.catalogue")
    except BuildError:
        return "/listy"


@bp.get("/")
@cached_page
def home():
    """The home page: mission, announcements, latest news, the campaign teaser."""
    campaign = Campaign.current()
    return render_template(
        "office/home.html",
        announcements=queries.active_announcements(),
        news=queries.latest_news(limit=5),
        campaign=campaign,
        counter=queries.campaign_counter(campaign) if campaign else None,
        catalogue_url=catalogue_url(),
    )


@bp.get("/aktualnosci")
@cached_page
def news():
    """Published news that is not archived yet, newest first."""
    page = db.paginate(queries.current_news(), per_page=NEWS_PER_PAGE)
    return render_template("office/news.html", page=page)


@bp.get("/aktualnosci/<slug>")
@cached_page
def article(slug: str):
    """One published article (archived ones stay readable)."""
    found = queries.published_article(slug)
    if found is None:
        abort(404)
    return render_template("office/article.html", article=found)


@bp.get("/archiwum")
@cached_page
def archive():
    """Articles whose archive date has passed."""
    page = db.paginate(queries.archived_news(), per_page=NEWS_PER_PAGE)
    return render_template("office/archive.html", page=page)


@bp.get("/kontakt")
@cached_page
def contact():
    """Reception hours, the leadership's phones and every Centrum Pracy Socjalnej."""
    return render_template(
        "office/contact.html",
        reception=queries.contact_entries(ContactKind.RECEPTION.value),
        leadership=queries.contact_entries(ContactKind.LEADERSHIP.value),
        others=queries.contact_entries(ContactKind.OTHER.value),
        centers=queries.centers_with_hours(),
    )


@bp.get("/deklaracja-dostepnosci")
@cached_page
def accessibility():
    """The accessibility statement, in the structure of the official template."""
    return render_template(
        "office/accessibility.html",
        site_url=_public_url("office.home"),
        dates=STATEMENT_DATES,
        contact_email=current_app.config["ACCESSIBILITY_EMAIL"],
    )


@bp.get("/rodo")
@cached_page
def privacy():
    """The art. 13 GDPR information clause."""
    retention_days = current_app.config["RETENTION_DAYS"]
    campaign = Campaign.current()
    return render_template(
        "office/privacy.html",
        retention_days=retention_days,
        campaign=campaign,
        purge_on=campaign.delivery_date + timedelta(days=retention_days) if campaign else None,
        dpo_email=current_app.config["DPO_EMAIL"],
    )


@bp.get("/kazdy-moze-pomoc")
@cached_page
def campaign_page():
    """The current campaign: how to help, the dates, drop-off points and the live counter."""
    campaign = Campaign.current()
    return render_template(
        "office/campaign.html",
        campaign=campaign,
        counter=queries.campaign_counter(campaign) if campaign else None,
        centers=queries.centers_with_hours() if campaign else [],
        catalogue_url=catalogue_url(),
        now=utcnow(),
    )


def _public_url(endpoint: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for(endpoint)
