"""Passwords in one place: the rules a new password must meet, and hashing, so that every path
that must cost the same hashes the same."""

import gzip
from functools import cache
from pathlib import Path

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from campaign.i18n import N_

# The one length rule, for the forms and `flask users create` alike.
PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 200
DATA_DIR = Path(__file__).parent / "data"

TOO_SHORT = N_("Hasło musi mieć co najmniej %(n)s znaków.")
TOO_COMMON = N_(
    "To hasło jest na liście najczęściej używanych haseł i łatwo je odgadnąć. Wybierz inne."
)


@cache
def common_passwords() -> frozenset[str]:
    """The blocklist (see data/README.md for its sources), read once per process."""
    with gzip.open(DATA_DIR / "common-passwords.txt.gz", "rt", encoding="utf-8") as handle:
        words = {line.strip() for line in handle}
    lines = (DATA_DIR / "common-passwords-pl.txt").read_text(encoding="utf-8").splitlines()
    words.update(line.strip() for line in lines if not line.startswith("#"))
    words.discard("")
    return frozenset(words)


def is_common(password: str) -> bool:
    return password.strip().casefold() in common_passwords()


def password_problem(password: str) -> str | None:
    """The (untranslated) reason a new password is refused, or None when it is acceptable."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return TOO_SHORT
    if is_common(password):
        return TOO_COMMON
    return None


def hash_password(password: str) -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return generate_password_hash(password, method=method)


def password_matches(password_hash: str, password: str) -> bool:
    return bool(password_hash) and check_password_hash(password_hash, password)
