"""The editors' pages under /biuro: news, announcements and contact entries (coordinators)."""

from collections.abc import Callable
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
class Editor:
    """One kind of content: its form, how the service stores and deletes it, its pages.

    `register` adds `<name>_create`, `<name>_edit` and `<name>_delete` under `path`; the form
    page is `office/editing/<name>_form.html`, which knows the object as `context` (None while
    a new one is written).
    """

    name: str
    path: str
    new_slug: str
    id_arg: str
    model: type
    form: type
    back: str
    saved: str
    context: str
    save: Callable[..., object]
    remove: Callable[..., None]
    stored: Callable[[object], dict]
    title_attr: str = "title"
    starting_values: Callable[[], dict] = dict
    docs: tuple[str, str, str] = ("", "", "")

    def register(self, blueprint: Blueprint) -> None:
        doc_create, doc_edit, doc_delete = self.docs
        for endpoint, rule, view, doc in (
            ("create", f"{self.path}/{self.new_slug}", self.create, doc_create),
            ("edit", f"{self.path}/<int:{self.id_arg}>", self.edit, doc_edit),
            ("delete", f"{self.path}/<int:{self.id_arg}>/usun", self.delete, doc_delete),
        ):
            view = _documented(view, doc)
            blueprint.add_url_rule(rule, f"{self.name}_{endpoint}", view, methods=["GET", "POST"])

    def create(self):
        return self._form_page(None, self.starting_values())

    def edit(self, **ids):
        obj = db.get_or_404(self.model, ids[self.id_arg])
        return self._form_page(obj, self.stored(obj))

    def delete(self, **ids):
        """GET asks whether to delete it; a POST with a valid token deletes and goes back."""
        obj = db.get_or_404(self.model, ids[self.id_arg])
        what = getattr(obj, self.title_attr)
        form = DeleteForm()
        if form.validate_on_submit():
            self.remove(obj, actor_id=current_user.id)
            flash(_("Usunięto „%(what)s”.", what=what), "success")
            return redirect(url_for(self.back))
        return render_template(
            "office/editing/confirm_delete.html", form=form, what=what, back=url_for(self.back)
        )

    def _form_page(self, obj, stored: dict):
        """Validate and save; on any refusal show the form as typed."""
        # Filled from the request when posted, from the stored values when only shown.
        form = self.form() if request.method == "POST" else self.form(data=stored)
        if form.validate_on_submit():
            values = {name: value for name, value in form.data.items() if name != "csrf_token"}
            try:
                self.save(obj, actor_id=current_user.id, **values)
            except DomainError as error:
                flash(error.translated(), "error")
            else:
                flash(_(self.saved), "success")
                return redirect(url_for(self.back))
        template = f"office/editing/{self.name}_form.html"
        return render_template(template, form=form, **{self.context: obj})


def _documented(view, doc: str):
    """A view function of its own per endpoint, with its one-line docstring."""

    def endpoint_view(**ids):
        return view(**ids)

    endpoint_view.__doc__ = doc
    return endpoint_view


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


Editor(
    name="news",
    path="/aktualnosci",
    new_slug="nowy",
    id_arg="article_id",
    model=NewsArticle,
    form=NewsForm,
    back=".news_list",
    saved=N_("Zapisano artykuł."),
    context="article",
    save=services.save_article,
    remove=services.delete_article,
    stored=lambda article: {
        "title": article.title,
        "lead": article.lead,
        "body": article.body_markdown,
        **{name: to_local(getattr(article, name)) for name in ("published_at", "archive_at")},
    },
    docs=(
        "Write a new article.",
        "Edit an article; its address (slug) stays the same.",
        "Ask, then delete an article.",
    ),
).register(bp)


# --- announcements ----------------------------------------------------------------------


@bp.get("/ogloszenia")
def announcements_list():
    """Every announcement, the newest first, with whether it is shown now."""
    page = db.paginate(queries.all_announcements(), per_page=PER_PAGE)
    return render_template("office/editing/announcements_list.html", page=page, now=utcnow())


Editor(
    name="announcement",
    path="/ogloszenia",
    new_slug="nowe",
    id_arg="announcement_id",
    model=Announcement,
    form=AnnouncementForm,
    back=".announcements_list",
    saved=N_("Zapisano ogłoszenie."),
    context="item",
    save=services.save_announcement,
    remove=services.delete_announcement,
    stored=lambda item: {
        **{name: getattr(item, name) for name in ("title", "body")},
        **{name: to_local(getattr(item, name)) for name in ("starts_at", "ends_at")},
    },
    # Shown from now on unless another start is typed.
    starting_values=lambda: {"starts_at": to_local(utcnow()).replace(second=0, microsecond=0)},
    docs=(
        "Write a new announcement, shown from now on unless another start is typed.",
        "Edit an announcement.",
        "Ask, then delete an announcement.",
    ),
).register(bp)


# --- contact entries --------------------------------------------------------------------


@bp.get("/kontakty")
def contacts_list():
    """Every contact entry in the order the contact page shows them."""
    return render_template("office/editing/contacts_list.html", entries=queries.contact_entries())


Editor(
    name="contact",
    path="/kontakty",
    new_slug="nowy",
    id_arg="entry_id",
    model=ContactEntry,
    form=ContactForm,
    back=".contacts_list",
    saved=N_("Zapisano kontakt."),
    context="entry",
    save=services.save_contact_entry,
    remove=services.delete_contact_entry,
    stored=lambda entry: {name: getattr(entry, name) for name in services.CONTACT_FIELDS},
    title_attr="name",
    # Placed after the last one unless told otherwise.
    starting_values=lambda: {"position": queries.next_contact_position()},
    docs=(
        "Add a contact entry, placed after the last one unless told otherwise.",
        "Edit a contact entry.",
        "Ask, then delete a contact entry.",
    ),
).register(bp)
