"""The editors' pages under /biuro: news, announcements and contact entries (coordinators)."""

from dataclasses import dataclass

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from campaign.core.clock import to_local, utcnow
from campaign.core.errors import DomainError
from campaign.extensions import db
from campaign.i18n import N_
from campaign.office import queries, services
from campaign.office.forms import AnnouncementForm, ContactForm, DeleteForm, NewsForm
from campaign.office.models import Announcement, ContactEntry, NewsArticle
from campaign.security import coordinator_required

bp = Blueprint("editing", __name__, url_prefix="/biuro")
PER_PAGE = 25


@dataclass(frozen=True)
class EditPage:
    """A form page: its template, the list it returns to, and what it says after saving."""

    template: str
    back: str
    saved: str


NEWS_PAGE = EditPage("office/editing/news_form.html", ".news_list", N_("Zapisano artykuł."))
ANNOUNCEMENT_PAGE = EditPage(
    "office/editing/announcement_form.html", ".announcements_list", N_("Zapisano ogłoszenie.")
)
CONTACT_PAGE = EditPage(
    "office/editing/contact_form.html", ".contacts_list", N_("Zapisano kontakt.")
)


@bp.before_request
@coordinator_required
def _coordinators_only():
    """Every page here is for coordinators and admins; one guard, so no view can forget it."""


@bp.get("/")
def index():
    """The editors' start page: what can be edited."""
    return render_template("office/editing/index.html")


# --- news -------------------------------------------------------------------------------


@bp.get("/aktualnosci")
def news_list():
    """Every article with its state: draft, scheduled, published, archived."""
    page = db.paginate(queries.all_news_for_editing(), per_page=PER_PAGE)
    return render_template("office/editing/news_list.html", page=page, now=utcnow())


@bp.route("/aktualnosci/nowy", methods=["GET", "POST"])
def news_create():
    """Write a new article."""
    return _form_page(
        NEWS_PAGE,
        _form(NewsForm),
        lambda values: services.save_article(None, actor_id=current_user.id, **values),
        article=None,
    )


@bp.route("/aktualnosci/<int:article_id>", methods=["GET", "POST"])
def news_edit(article_id: int):
    """Edit an article; its address (slug) stays the same."""
    article = db.get_or_404(NewsArticle, article_id)
    stored = {
        "title": article.title,
        "lead": article.lead,
        "body": article.body_markdown,
        "published_at": to_local(article.published_at),
        "archive_at": to_local(article.archive_at),
    }
    return _form_page(
        NEWS_PAGE,
        _form(NewsForm, stored),
        lambda values: services.save_article(article, actor_id=current_user.id, **values),
        article=article,
    )


@bp.route("/aktualnosci/<int:article_id>/usun", methods=["GET", "POST"])
def news_delete(article_id: int):
    """Ask, then delete an article."""
    article = db.get_or_404(NewsArticle, article_id)
    return _confirm_delete(
        lambda: services.delete_article(article, actor_id=current_user.id),
        what=article.title,
        back=".news_list",
    )


# --- announcements ----------------------------------------------------------------------


@bp.get("/ogloszenia")
def announcements_list():
    """Every announcement, the newest first, with whether it is shown now."""
    page = db.paginate(queries.all_announcements(), per_page=PER_PAGE)
    return render_template("office/editing/announcements_list.html", page=page, now=utcnow())


@bp.route("/ogloszenia/nowe", methods=["GET", "POST"])
def announcement_create():
    """Write a new announcement, shown from now on unless another start is typed."""
    starts = to_local(utcnow()).replace(second=0, microsecond=0)
    return _form_page(
        ANNOUNCEMENT_PAGE,
        _form(AnnouncementForm, {"starts_at": starts}),
        lambda values: services.save_announcement(None, actor_id=current_user.id, **values),
        item=None,
    )


@bp.route("/ogloszenia/<int:announcement_id>", methods=["GET", "POST"])
def announcement_edit(announcement_id: int):
    """Edit an announcement."""
    item = db.get_or_404(Announcement, announcement_id)
    stored = {
        "title": item.title,
        "body": item.body,
        "starts_at": to_local(item.starts_at),
        "ends_at": to_local(item.ends_at),
    }
    return _form_page(
        ANNOUNCEMENT_PAGE,
        _form(AnnouncementForm, stored),
        lambda values: services.save_announcement(item, actor_id=current_user.id, **values),
        item=item,
    )


@bp.route("/ogloszenia/<int:announcement_id>/usun", methods=["GET", "POST"])
def announcement_delete(announcement_id: int):
    """Ask, then delete an announcement."""
    item = db.get_or_404(Announcement, announcement_id)
    return _confirm_delete(
        lambda: services.delete_announcement(item, actor_id=current_user.id),
        what=item.title,
        back=".announcements_list",
    )


# --- contact entries --------------------------------------------------------------------


@bp.get("/kontakty")
def contacts_list():
    """Every contact entry in the order the contact page shows them."""
    return render_template("office/editing/contacts_list.html", entries=queries.contact_entries())


@bp.route("/kontakty/nowy", methods=["GET", "POST"])
def contact_create():
    """Add a contact entry, placed after the last one unless told otherwise."""
    return _form_page(
        CONTACT_PAGE,
        _form(ContactForm, {"position": queries.next_contact_position()}),
        lambda values: services.save_contact_entry(None, actor_id=current_user.id, **values),
        entry=None,
    )


@bp.route("/kontakty/<int:entry_id>", methods=["GET", "POST"])
def contact_edit(entry_id: int):
    """Edit a contact entry."""
    entry = db.get_or_404(ContactEntry, entry_id)
    stored = {name: getattr(entry, name) for name in services.CONTACT_FIELDS}
    return _form_page(
        CONTACT_PAGE,
        _form(ContactForm, stored),
        lambda values: services.save_contact_entry(entry, actor_id=current_user.id, **values),
        entry=entry,
    )


@bp.route("/kontakty/<int:entry_id>/usun", methods=["GET", "POST"])
def contact_delete(entry_id: int):
    """Ask, then delete a contact entry."""
    entry = db.get_or_404(ContactEntry, entry_id)
    return _confirm_delete(
        lambda: services.delete_contact_entry(entry, actor_id=current_user.id),
        what=entry.name,
        back=".contacts_list",
    )


# --- shared -----------------------------------------------------------------------------


def _form(form_class, stored: dict | None = None):
    """A form filled from the request when posted, from the stored values when only shown."""
    return form_class() if request.method == "POST" else form_class(data=stored)


def _form_page(page: EditPage, form, save, **context):
    """Validate and save through `save(values)`; on any refusal show the form as typed."""
    if form.validate_on_submit():
        values = {name: value for name, value in form.data.items() if name != "csrf_token"}
        try:
            save(values)
        except DomainError as error:
            flash(error.translated(), "error")
        else:
            flash(_(page.saved), "success")
            return redirect(url_for(page.back))
    return render_template(page.template, form=form, **context)


def _confirm_delete(delete, *, what: str, back: str):
    """GET asks whether to delete `what`; a POST with a valid token deletes and goes `back`."""
    form = DeleteForm()
    if form.validate_on_submit():
        delete()
        flash(_("Usunięto „%(what)s”.", what=what), "success")
        return redirect(url_for(back))
    return render_template(
        "office/editing/confirm_delete.html", form=form, what=what, back=url_for(back)
    )
