"""Attaching photos to news articles and removing them; the files follow the rows.

A photo's files are written before the commit and removed again if it fails (media.store); when a
photo row is deleted — alone, or with its article through the ORM cascade — its files are removed
after the commit. So deleting an article removes its pictures, whichever service deletes it.
"""

from typing import IO

from flask import current_app
from sqlalchemy import event, func

from campaign.core.audit import record_event
from campaign.extensions import db
from campaign.i18n import N_
from campaign.office import images, media
from campaign.office.models import NewsArticle, NewsPhoto


def add_photo(
    article: NewsArticle,
    upload: IO[bytes],
    *,
    alt: str,
    shows_child: bool,
    consent: bool,
    actor_id: int,
) -> NewsPhoto:
    """Check, resize and store a photo; refuse a child's photo without the editor's consent."""
    if shows_child and not consent:
        raise media.UploadRefused(
            N_("Zdjęcie dziecka można dodać tylko ze zgodą rodzica lub opiekuna."),
            fields={"consent": "required"},
        )
    if not alt.strip():
        raise media.UploadRefused(N_("Opisz, co widać na zdjęciu."), fields={"alt": "required"})
    data = _read_limited(upload)
    processed = images.process(data, max_pixels=current_app.config["PHOTO_MAX_PIXELS"])
    photo = NewsPhoto(
        article=article,
        token=media.new_token(),
        alt=alt.strip(),
        shows_child=shows_child,
        fallback_format=processed.fallback_format,
        widths=",".join(str(w) for w in processed.widths),
        width=processed.width,
        height=processed.height,
        position=_next_position(article),
        created_by_id=actor_id,
    )
    try:
        for variant in processed.variants:
            media.store(media.PHOTOS, photo.file_name(variant.width, variant.ext), variant.data)
        db.session.add(photo)
        db.session.flush()
        record_event(
            "office.photo_added",
            actor_id=actor_id,
            data={"id": photo.id, "article_id": article.id, "shows_child": shows_child},
        )
        db.session.commit()
    except BaseException:
        db.session.rollback()  # takes the files written above with it
        raise
    return photo


def delete_photo(photo: NewsPhoto, *, actor_id: int) -> None:
    data = {"id": photo.id, "article_id": photo.article_id}
    record_event("office.photo_deleted", actor_id=actor_id, data=data)
    db.session.delete(photo)
    db.session.commit()


def _read_limited(upload: IO[bytes]) -> bytes:
    limit = current_app.config["PHOTO_MAX_BYTES"]
    if media.stream_size(upload) > limit:
        raise media.UploadRefused(
            N_("Zdjęcie jest za duże: najwyżej %(mb)d MB."),
            fields={"photo": "size"},
            mb=media.megabytes(limit),
        )
    return upload.read()


def _next_position(article: NewsArticle) -> int:
    if article.id is None:
        return 0
    last = db.session.scalar(
        db.select(func.max(NewsPhoto.position)).where(NewsPhoto.article_id == article.id)
    )
    return 0 if last is None else last + 1


@event.listens_for(NewsPhoto, "after_delete")
def _remove_files_after_commit(_mapper, _connection, photo: NewsPhoto) -> None:
    media.remove_after_commit(media.PHOTOS, photo.file_names())
