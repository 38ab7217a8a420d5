"""`flask uploads prune`: files left by a crashed upload go; files in use and fresh ones stay."""

import io
import os
import time
from pathlib import Path

from PIL import Image

from campaign.extensions import db
from campaign.office import media, photos
from campaign.office.models import NewsPhoto


def old(path: Path) -> Path:
    two_hours_ago = time.time() - 7200
    os.utime(path, (two_hours_ago, two_hours_ago))
    return path


def stray(app, kind: str, name: str) -> Path:
    folder = Path(app.config["UPLOAD_FOLDER"]) / kind
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"left by a crash")
    return path


def test_prune_removes_only_old_files_nobody_uses(app, runner, make_article):
    out = io.BytesIO()
    Image.new("RGB", (500, 300)).save(out, "JPEG")
    photos.add_photo(
        make_article(), out, alt="Zdjęcie", shows_child=False, consent=False, actor_id=None
    )
    in_use = [
        old(Path(app.config["UPLOAD_FOLDER"]) / media.PHOTOS / n)
        for n in db.session.scalar(db.select(NewsPhoto)).file_names()
    ]
    crashed_photo = old(stray(app, media.PHOTOS, "0123456789abcdef01234567-480.jpg"))
    crashed_video = old(stray(app, media.VIDEO, ".upload-abc"))
    in_flight = stray(app, media.VIDEO, "fedcba9876543210fedcba98.webm")

    listed = runner.invoke(args=["uploads", "prune", "--dry-run"])
    assert listed.exit_code == 0 and "2 stray file(s)." in listed.output
    assert crashed_photo.exists()

    result = runner.invoke(args=["uploads", "prune"])
    assert result.exit_code == 0, result.output
    assert not crashed_photo.exists() and not crashed_video.exists()
    assert in_flight.exists()
    assert all(path.exists() for path in in_use)
