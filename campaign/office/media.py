"""Uploaded files: where they live, what we accept (judged by content, never by name), and files
that follow the database transaction.

A service writes new files before it commits; if the transaction rolls back they are removed
again, and files of replaced or deleted rows are removed only once the commit succeeded. So a
refused or failed upload leaves nothing half-stored, and a commit never points at a missing file.
"""

import os
import re
import secrets
import tempfile
from pathlib import Path
from typing import IO

from flask import current_app
from sqlalchemy import event

from campaign.core.errors import ValidationFailed
from campaign.extensions import db
from campaign.i18n import N_

PHOTOS = "photos"
VIDEO = "video"
CAPTIONS_MAX_BYTES = 512 * 1024
# ISO base media brands browsers play as video/mp4 (QuickTime's "qt  " is not among them).
MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"dash",
    b"mmp4",
    b"M4V ",
}
WEBVTT_SIGNATURE = re.compile(r"WEBVTT(?:[ \t][^\r\n]*)?(?:\r\n|\r|\n|$)")
_NEW = "kmp_new_files"
_DOOMED = "kmp_doomed_files"


class UploadRefused(ValidationFailed):
    """A file we do not store: wrong type, damaged, too large."""


def folder(kind: str) -> Path:
    path = Path(current_app.config["UPLOAD_FOLDER"]) / kind
    path.mkdir(parents=True, exist_ok=True)
    return path


def new_token() -> str:
    """Random, so a file name is never reused for other content (safe to cache forever)."""
    return secrets.token_hex(12)


def stream_size(stream: IO[bytes]) -> int:
    """The size of an uploaded file without reading it into memory."""
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def store(kind: str, name: str, content: bytes | IO[bytes]) -> Path:
    """Write a file atomically (temporary name, then rename); removed again on rollback."""
    target = folder(kind) / name
    db.session.connection()  # a transaction is open, so its rollback will take the file away
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            if isinstance(content, bytes):
                out.write(content)
            else:
                content.seek(0)
                while chunk := content.read(1024 * 1024):
                    out.write(chunk)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    db.session.info.setdefault(_NEW, []).append(target)
    return target


def remove_after_commit(kind: str, names: list[str]) -> None:
    base = Path(current_app.config["UPLOAD_FOLDER"]) / kind
    db.session.info.setdefault(_DOOMED, []).extend(base / name for name in names)


def _unlink_all(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


@event.listens_for(db.session, "after_commit")
def _after_commit(session) -> None:
    session.info.pop(_NEW, None)
    _unlink_all(session.info.pop(_DOOMED, []))


@event.listens_for(db.session, "after_rollback")
def _after_rollback(session) -> None:
    session.info.pop(_DOOMED, None)
    _unlink_all(session.info.pop(_NEW, []))


def video_type(head: bytes) -> tuple[str, str]:
    """(content type, extension) of a WebM or MP4 recognised by its container signature."""
    if head[:4] == b"\x1a\x45\xdf\xa3" and _ebml_doctype(head) == b"webm":
        return "video/webm", "webm"
    if head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return "video/mp4", "mp4"
    raise UploadRefused(
        N_("To nie jest nagranie MP4 ani WebM. Wybierz plik wideo w jednym z tych formatów."),
        fields={"video": "type"},
    )


def _ebml_doctype(head: bytes) -> bytes | None:
    """The DocType element of an EBML header ("webm" or "matroska"), if it is in the first bytes."""
    at = head.find(b"\x42\x82", 4, 64)
    if at < 0 or at + 3 > len(head):
        return None
    size = head[at + 2]
    length = size & 0x7F if size & 0x80 else 0  # one-byte size, as every muxer writes it
    return head[at + 3 : at + 3 + length] or None


def clean_captions(data: bytes) -> bytes:
    """A WebVTT file as UTF-8 without a byte order mark, or a refusal saying what is wrong."""
    if len(data) > CAPTIONS_MAX_BYTES:
        raise UploadRefused(
            N_("Plik napisów jest za duży (najwyżej 512 KB)."), fields={"captions": "size"}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UploadRefused(
            N_("Plik napisów musi być zapisany w kodowaniu UTF-8."), fields={"captions": "encoding"}
        ) from error
    if not WEBVTT_SIGNATURE.match(text):
        raise UploadRefused(
            N_("To nie jest plik napisów WebVTT: pierwszy wiersz musi zaczynać się od WEBVTT."),
            fields={"captions": "type"},
        )
    if "-->" not in text:
        raise UploadRefused(
            N_("Plik napisów nie zawiera żadnego napisu z czasem (np. 00:00.000 --> 00:04.000)."),
            fields={"captions": "empty"},
        )
    return text.encode("utf-8")


def megabytes(size: int) -> int:
    return size // (1024 * 1024)
