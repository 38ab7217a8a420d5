"""`flask uploads prune`: remove upload files no row points at.

A service removes its files on rollback, but a process killed between writing the files and its
commit (a deploy, an out-of-memory kill) leaves them behind. Only files older than an hour are
touched, so an upload still in flight is never removed under its feet.
"""

import time
from datetime import timedelta
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from campaign.extensions import db
from campaign.office import media
from campaign.office.models import NewsPhoto, SignLanguageVideo

uploads = AppGroup("uploads", help="Uploaded photos and recordings.")
MIN_AGE = timedelta(hours=1)


def stray_files(min_age: timedelta = MIN_AGE) -> list[Path]:
    """Files under UPLOAD_FOLDER that belong to no photo and no recording, oldest first."""
    referenced = {
        media.PHOTOS: {n for p in db.session.scalars(db.select(NewsPhoto)) for n in p.file_names()},
        media.VIDEO: {
            n for v in db.session.scalars(db.select(SignLanguageVideo)) for n in v.file_names()
        },
    }
    cutoff = time.time() - min_age.total_seconds()
    base = Path(current_app.config["UPLOAD_FOLDER"])
    found = []
    for kind, names in referenced.items():
        folder = base / kind
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if path.is_file() and path.name not in names and path.stat().st_mtime < cutoff:
                found.append(path)
    return sorted(found, key=lambda p: p.stat().st_mtime)


@uploads.command("prune")
@click.option("--dry-run", is_flag=True, help="Only list what would be removed.")
def prune(dry_run: bool) -> None:
    """Remove photo and recording files that no article photo or recording uses any more."""
    strays = stray_files()
    for path in strays:
        click.echo(f"{'would remove' if dry_run else 'removed'} {path}")
        if not dry_run:
            path.unlink(missing_ok=True)
    click.echo(f"{len(strays)} stray file(s).")
