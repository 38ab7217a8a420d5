"""Rate limits on everything that checks a password or sends a mail to a typed address.

Two limits stack:

- per client address (`LOGIN_RATE_LIMIT`), counting every submission, one bucket for the web login
  and the API's token endpoint;
- per account (`LOGIN_ACCOUNT_RATE_LIMIT`), keyed on the address in its one normalised spelling
  (`canonical_address`), so `Klub@ｄemo。mopr.gda.pl` and `klub@demo.mopr.gda.pl` share a bucket.
  For logging in (web and API alike) only failures count, and a browser that signed in to the
  account before (a signed "known device" cookie) is not held back by strangers' failures: it has
  a bucket of its own. So twenty wrong guesses from anywhere cannot lock the owner out, while the
  guessers stay throttled. For registration, verification and reset links every submission
  counts, which also stops anyone from flooding one person's inbox.
"""

import secrets
import time
import unicodedata
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from flask import current_app, request
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import parse_many

from campaign.extensions import limiter

# Full stops that IDNA treats as the ASCII one in a domain; NFKC leaves the ideographic one be.
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})

KNOWN_DEVICE_COOKIE = "kmp_device"
KNOWN_DEVICE_MAX_AGE = 60 * 60 * 24 * 400  # outlives a campaign: the owner comes back next year
_DEVICE_SALT = "known-device"


def folded(raw: str) -> str:
    """A typed address in compatibility form (full-width letters, odd full stops), trimmed."""
    return unicodedata.normalize("NFKC", raw).translate(_DOTS).strip().casefold()


def canonical_address(raw: str) -> str:
    """The one spelling of a typed address: the account lookup and the limiter key both use it."""
    text = folded(raw)
    try:
        return validate_email(text, check_deliverability=False).normalized.casefold()
    except EmailNotValidError:
        return text


def _address_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _typed_email() -> str:
    payload = request.get_json(silent=True) if request.is_json else None
    raw = payload.get("email") if isinstance(payload, dict) else request.form.get("email")
    email = canonical_address(raw) if isinstance(raw, str) else ""
    # No address typed: never one bucket shared by everybody; count per client instead.
    return f"account:{email}" if email else f"address:{get_remote_address()}"


# `scope` gives every decorated view one shared bucket instead of one per endpoint.
address_limited = limiter.limit(_address_limit, methods=["POST"], scope="login-address")
account_limited = limiter.limit(
    _account_limit, key_func=_typed_email, methods=["POST"], per_method=False, scope="mail-account"
)


def _password_check_limit() -> str:
    return current_app.config["PASSWORD_CHECK_RATE_LIMIT"]


def _signed_in_user() -> str:
    from flask_login import current_user

    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"address:{get_remote_address()}"


# Re-entering the password on a signed-in page (change it, delete the account): per account, so
# whoever holds a session cannot guess the password at leisure. One bucket for both pages.
password_check_limited = limiter.limit(
    _password_check_limit,
    key_func=_signed_in_user,
    methods=["POST"],
    per_method=False,
    scope="password-check",
)


# --- failed logins -------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownDevice:
    """A browser that signed in to the account `user_id` before."""

    user_id: int
    nonce: str


def _device_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_DEVICE_SALT)


def known_device() -> KnownDevice | None:
    """The known-device cookie of this request, if it is genuine and not too old."""
    value = request.cookies.get(KNOWN_DEVICE_COOKIE)
    if not value:
        return None
    try:
        data = _device_serializer().loads(value, max_age=KNOWN_DEVICE_MAX_AGE)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        return None
    return KnownDevice(user_id=data["uid"], nonce=str(data.get("n", "")))


def remember_device(response, user_id: int) -> None:
    """Mark this browser as one the account signed in from (after a correct password)."""
    device = known_device()
    nonce = device.nonce if device and device.user_id == user_id else secrets.token_hex(8)
    response.set_cookie(
        KNOWN_DEVICE_COOKIE,
        _device_serializer().dumps({"uid": user_id, "n": nonce}),
        max_age=KNOWN_DEVICE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )


class LoginThrottle:
    """Failed-login buckets for one typed address, seen from one browser."""

    def __init__(self, address: str, device: KnownDevice | None, user_id: int | None):
        self.account_key = f"login-account:{address}"
        trusted = device is not None and user_id is not None and device.user_id == user_id
        # A known browser is judged on its own failures only, never on strangers'.
        self.device_key = f"login-device:{user_id}:{device.nonce}" if trusted else None

    @staticmethod
    def _enabled() -> bool:
        return bool(current_app.config.get("RATELIMIT_ENABLED", True))

    @staticmethod
    def _limits():
        return parse_many(_account_limit())

    def _judged_key(self) -> str:
        return self.device_key or self.account_key

    def retry_after(self) -> int:
        """0 when a login may be tried now, else the seconds until it may."""
        if not self._enabled():
            return 0
        key = self._judged_key()
        waits = []
        for item in self._limits():
            if not limiter.limiter.test(item, key):
                reset_at, _remaining = limiter.limiter.get_window_stats(item, key)
                waits.append(max(1, int(reset_at - time.time())))
        return max(waits, default=0)

    def count_failure(self) -> None:
        if not self._enabled():
            return
        for item in self._limits():
            limiter.limiter.hit(item, self.account_key)
            if self.device_key:
                limiter.limiter.hit(item, self.device_key)
