"""News photos: the editors' page of an article's photos, and the photo files themselves."""

import re

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
from flask_babel import gettext as _
from flask_login import current_user

from campaign.core.errors import DomainError
from campaign.extensions import db
from campaign.office import media, photos
from campaign.office.forms import DeleteForm
from campaign.office.media_forms import PhotoForm
from campaign.office.models import NewsArticle, NewsPhoto
from campaign.security import coordinator_required

bp = Blueprint("photos", __name__)
editing_bp = Blueprint("photo_editing", __name__, url_prefix="/biuro")
FILE_NAME = re.compile(r"(?P<token>[0-9a-f]{24})-(?P<width>\d{1,4})\.(?P<ext>jpg|png|webp)")
# A year, immutable: names are random tokens never reused, so a cached copy is never stale.
FOREVER = "public, max-age=31536000, immutable"
MIMETYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


@bp.get("/pliki/zdjecia/<name>")
def photo_file(name: str):
    """A stored photo width; only of a published article, or for the editors."""
    match = FILE_NAME.fullmatch(name)
    if match is None:
        abort(404)
    photo = db.session.scalar(db.select(NewsPhoto).where(NewsPhoto.token == match["token"]))
    if photo is None or name not in photo.file_names():
        abort(404)
    public = photo.article.is_published()
    if not public and not (current_user.is_authenticated and current_user.is_coordinator):
        abort(404)
    response = send_from_directory(
        media.folder(media.PHOTOS), name, mimetype=MIMETYPES[match["ext"]], conditional=True
    )
    response.headers["Cache-Control"] = FOREVER if public else "private, no-store"
    return response


@editing_bp.before_request
@coordinator_required
def _coordinators_only():
    """Every page here is for coordinators and admins."""


@editing_bp.url_value_preprocessor
def _allow_photo_upload(endpoint, _values):
    """The photo form alone takes files this large (set before the form is first read)."""
    if endpoint == "office.photo_editing.article_photos":
        request.max_content_length = 2 * current_app.config["PHOTO_MAX_BYTES"]


@editing_bp.route("/aktualnosci/<int:article_id>/zdjecia", methods=["GET", "POST"])
def article_photos(article_id: int):
    """An article's photos, and the form to add one."""
    article = db.get_or_404(NewsArticle, article_id)
    form = PhotoForm()
    if form.validate_on_submit():
        try:
            photos.add_photo(
                article,
                form.photo.data.stream,
                alt=form.alt.data,
                shows_child=form.shows_child.data,
                consent=form.consent.data,
                actor_id=current_user.id,
            )
        except DomainError as error:
            field = next(iter(error.fields), None)
            target = form._fields.get(field) or form.photo
            target.errors = [error.translated()]
        else:
            flash(_("Dodano zdjęcie."), "success")
            return redirect(url_for(".article_photos", article_id=article.id))
    return render_template(
        "office/editing/photos.html",
        article=article,
        form=form,
        max_mb=media.megabytes(current_app.config["PHOTO_MAX_BYTES"]),
    )


@editing_bp.route("/zdjecia/<int:photo_id>/usun", methods=["GET", "POST"])
def photo_delete(photo_id: int):
    """Ask, then delete a photo and its files."""
    photo = db.get_or_404(NewsPhoto, photo_id)
    back = url_for(".article_photos", article_id=photo.article_id)
    form = DeleteForm()
    if form.validate_on_submit():
        photos.delete_photo(photo, actor_id=current_user.id)
        flash(_("Usunięto zdjęcie."), "success")
        return redirect(back)
    return render_template(
        "office/editing/confirm_delete.html", form=form, what=photo.alt, back=back
    )
