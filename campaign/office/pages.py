"""The coordinators' pages (easy-to-read text, sign language) and the sign-language recording:
saving them is a transaction that leaves an audit Event."""

from typing import IO

from flask import current_app

from campaign.core.audit import record_event
from campaign.extensions import db
from campaign.i18n import N_
from campaign.office import media
from campaign.office.markup import render_markdown
from campaign.office.models import OfficePage, PageKey, SignLanguageVideo

# How many bytes of a recording identify its container (EBML header or the ftyp box).
SIGNATURE_BYTES = 64


def page(key: PageKey) -> OfficePage | None:
    return db.session.scalar(db.select(OfficePage).where(OfficePage.key == key.value))


def current_video() -> SignLanguageVideo | None:
    return db.session.scalar(
        db.select(SignLanguageVideo).order_by(
            SignLanguageVideo.uploaded_at.desc(), SignLanguageVideo.id.desc()
        )
    )


def save_page(
    key: PageKey,
    *,
    title: str,
    body: str,
    title_en: str,
    body_en: str,
    actor_id: int | None,
) -> OfficePage:
    """Create or update a page; the Markdown is rendered and sanitised once, here."""
    found = page(key)
    if found is None:
        found = OfficePage(key=key.value)
        db.session.add(found)
    found.title = title
    found.body_markdown = body
    found.body_html = render_markdown(body)
    found.title_en = title_en
    found.body_en_markdown = body_en
    found.body_en_html = render_markdown(body_en) if body_en else ""
    found.updated_by_id = actor_id
    db.session.flush()
    record_event("office.page_saved", actor_id=actor_id, data={"key": key.value, "title": title})
    db.session.commit()
    return found


def save_sign_video(
    *,
    video: IO[bytes] | None,
    captions: bytes | None,
    transcript: str,
    actor_id: int,
) -> SignLanguageVideo:
    """Publish a new recording (or new captions/transcript for the current one).

    The new files are checked by content and written first; the previous recording's files are
    removed only after the commit, so the page always points at files that exist.
    """
    previous = current_video()
    if previous is None and video is None:
        raise media.UploadRefused(N_("Wybierz plik nagrania."), fields={"video": "required"})
    if previous is None and captions is None:
        raise media.UploadRefused(
            N_("Wybierz plik napisów WebVTT."), fields={"captions": "required"}
        )
    clean_captions = media.clean_captions(captions) if captions is not None else None
    token = media.new_token()
    try:
        if video is not None:
            content_type, extension, size = _checked_video(video)
            video_name = f"{token}.{extension}"
            media.store(media.VIDEO, video_name, video)
        else:
            content_type, video_name = previous.content_type, previous.video_name
            size = previous.size_bytes
        if clean_captions is not None:
            captions_name = f"{token}.vtt"
            media.store(media.VIDEO, captions_name, clean_captions)
        else:
            captions_name = previous.captions_name
        recording = SignLanguageVideo(
            video_name=video_name,
            content_type=content_type,
            size_bytes=size,
            captions_name=captions_name,
            transcript=transcript,
            uploaded_by_id=actor_id,
        )
        db.session.add(recording)
        if previous is not None:
            kept = {video_name, captions_name}
            media.remove_after_commit(
                media.VIDEO, [n for n in previous.file_names() if n not in kept]
            )
            db.session.delete(previous)
        db.session.flush()
        record_event(
            "office.sign_video_saved",
            actor_id=actor_id,
            data={"id": recording.id, "video": video_name, "captions": captions_name},
        )
        db.session.commit()
    except BaseException:
        db.session.rollback()  # also removes the files written above
        raise
    return recording


def remove_sign_video(*, actor_id: int) -> None:
    """Take the recording down: the page says "no recording yet" again."""
    recording = current_video()
    if recording is None:
        return
    media.remove_after_commit(media.VIDEO, recording.file_names())
    record_event("office.sign_video_removed", actor_id=actor_id, data={"id": recording.id})
    db.session.delete(recording)
    db.session.commit()


def _checked_video(video: IO[bytes]) -> tuple[str, str, int]:
    size = media.stream_size(video)
    limit = current_app.config["VIDEO_MAX_BYTES"]
    if size > limit:
        raise media.UploadRefused(
            N_("Nagranie jest za duże: najwyżej %(mb)d MB."),
            fields={"video": "size"},
            mb=media.megabytes(limit),
        )
    content_type, extension = media.video_type(video.read(SIGNATURE_BYTES))
    video.seek(0)
    return content_type, extension, size
