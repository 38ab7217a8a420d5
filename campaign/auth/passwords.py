"""Password hashing in one place, so that every path that must cost the same hashes the same."""

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash


def hash_password(password: str) -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return generate_password_hash(password, method=method)


def password_matches(password_hash: str, password: str) -> bool:
    return bool(password_hash) and check_password_hash(password_hash, password)
