"""Rate limits on everything that checks a password or sends a mail to a typed address.

Two limits stack: per client address (`LOGIN_RATE_LIMIT`), and per e-mail address typed
(`LOGIN_ACCOUNT_RATE_LIMIT`), which slows a guesser who spreads over many hosts and stops anyone
from flooding one person's inbox with reset or verification mails. Only submissions count.
"""

from flask import current_app, request
from flask_limiter.util import get_remote_address

from campaign.extensions import limiter


def _address_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _typed_email() -> str:
    payload = request.get_json(silent=True) if request.is_json else None
    raw = payload.get("email") if isinstance(payload, dict) else request.form.get("email")
    email = raw.strip().lower() if isinstance(raw, str) else ""
    # No address typed: never one bucket shared by everybody; count per client instead.
    return f"account:{email}" if email else f"address:{get_remote_address()}"


address_limited = limiter.limit(_address_limit, methods=["POST"])
account_limited = limiter.limit(
    _account_limit, key_func=_typed_email, methods=["POST"], per_method=False
)
