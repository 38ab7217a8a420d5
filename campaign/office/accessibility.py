"""The pages the accessibility act asks for: easy-to-read text (ETR) and Polish Sign Language (PJM),
public and in the coordinators' editor under /biuro."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from campaign.core.errors import DomainError
from campaign.office import media, pages
from campaign.office.forms import DeleteForm
from campaign.office.media_forms import PageForm, SignVideoForm
from campaign.office.models import PageKey
from campaign.security import coordinator_required

bp = Blueprint("pages", __name__)
editing_bp = Blueprint("page_editing", __name__, url_prefix="/biuro")
# A year: file names are random and never reused, so a cached copy is never stale.
FOREVER = "public, max-age=31536000, immutable"
_ENDPOINTS = {PageKey.EASY_READ: "easy_read", PageKey.SIGN_LANGUAGE: "sign_language"}


@bp.get("/tekst-latwy-do-czytania")
def easy_read():
    """What the centre does, in easy-to-read text."""
    return _page(PageKey.EASY_READ, "office/easy_read.html")


@bp.get("/jezyk-migowy")
def sign_language():
    """What the centre does, in Polish Sign Language: the recording, its captions, a transcript."""
    return _page(PageKey.SIGN_LANGUAGE, "office/sign_language.html", video=pages.current_video())


@bp.get("/jezyk-migowy/pliki/<name>")
def sign_file(name: str):
    """The current recording or its captions, with range requests (browsers seek in videos)."""
    video = pages.current_video()
    if video is None or name not in video.file_names():
        abort(404)
    mimetype = video.content_type if name == video.video_name else "text/vtt"
    response = send_from_directory(
        media.folder(media.VIDEO), name, mimetype=mimetype, conditional=True
    )
    response.headers["Cache-Control"] = FOREVER
    return response


def _page(key: PageKey, template: str, **context):
    found = pages.page(key)
    title, html, lang = found.in_language(str(get_locale())) if found else (None, None, None)
    return render_template(template, page=found, title=title, html=html, lang=lang, **context)


# --- editing (coordinators) ---------------------------------------------------------------


@editing_bp.before_request
@coordinator_required
def _coordinators_only():
    """Every page here is for coordinators and admins."""


@editing_bp.route("/strony/<key>", methods=["GET", "POST"])
def edit_page(key: str):
    """Edit the easy-to-read or the sign-language page (Polish, and English if written)."""
    try:
        page_key = PageKey(key)
    except ValueError:
        abort(404)
    found = pages.page(page_key)
    stored = (
        {
            "title": found.title,
            "body": found.body_markdown,
            "title_en": found.title_en,
            "body_en": found.body_en_markdown,
        }
        if found
        else {}
    )
    form = PageForm() if request.method == "POST" else PageForm(data=stored)
    if form.validate_on_submit():
        pages.save_page(
            page_key,
            title=form.title.data,
            body=form.body.data,
            title_en=form.title_en.data or "",
            body_en=form.body_en.data or "",
            actor_id=current_user.id,
        )
        flash(_("Zapisano stronę."), "success")
        return redirect(url_for(f"office.pages.{_ENDPOINTS[page_key]}"))
    return render_template("office/editing/page_form.html", form=form, key=page_key, page=found)


@editing_bp.url_value_preprocessor
def _allow_large_upload(endpoint, _values):
    """Only the recording's form takes files this large; everywhere else the small default holds.

    Set before any before_request function reads the form (the NUL check and CSRF do), and with
    room to spare, so that a file just over the limit gets the form's own message, not a 413.
    """
    if endpoint == "office.page_editing.sign_video":
        request.max_content_length = 2 * current_app.config["VIDEO_MAX_BYTES"]


@editing_bp.route("/jezyk-migowy", methods=["GET", "POST"])
def sign_video():
    """Upload the sign-language recording with its captions and transcript."""
    current = pages.current_video()
    form = (
        SignVideoForm()
        if request.method == "POST"
        else SignVideoForm(data={"transcript": current.transcript if current else ""})
    )
    if form.validate_on_submit():
        captions = form.captions.data.read() if form.captions.data else None
        try:
            pages.save_sign_video(
                video=form.video.data.stream if form.video.data else None,
                captions=captions,
                transcript=form.transcript.data,
                actor_id=current_user.id,
            )
        except DomainError as error:
            field = next(iter(error.fields), None)
            if field in form:
                form[field].errors = [error.translated()]
            else:
                flash(error.translated(), "error")
        else:
            flash(_("Opublikowano nagranie w polskim języku migowym."), "success")
            return redirect(url_for("office.pages.sign_language"))
    return render_template(
        "office/editing/sign_video_form.html",
        form=form,
        video=current,
        max_mb=media.megabytes(current_app.config["VIDEO_MAX_BYTES"]),
    )


@editing_bp.route("/jezyk-migowy/usun", methods=["GET", "POST"])
def sign_video_delete():
    """Ask, then take the recording down."""
    form = DeleteForm()
    if form.validate_on_submit():
        pages.remove_sign_video(actor_id=current_user.id)
        flash(_("Usunięto nagranie."), "success")
        return redirect(url_for(".sign_video"))
    return render_template(
        "office/editing/confirm_delete.html",
        form=form,
        what=_("Nagranie w polskim języku migowym"),
        back=url_for(".sign_video"),
    )
