"""Signed links sent by e-mail: address verification and password (re)setting.

A verification link carries the user id and the address it was sent to, so a link for an address
the account no longer has is void. A password link carries the user id and the password
fingerprint, so it dies the moment the password changes: it can be used once.
"""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from campaign.auth.models import User
from campaign.core.errors import DomainError
from campaign.extensions import db
from campaign.i18n import N_

VERIFY_SALT = "verify-email"
PASSWORD_SALT = "password-reset"  # noqa: S105 (a salt name, not a secret)


class LinkInvalid(DomainError):
    """Tampered with, cut short, already used or no longer matching the account."""

    code = "link_invalid"


class LinkExpired(DomainError):
    code = "link_expired"

    def __init__(self, message: str, email: str = "") -> None:
        super().__init__(message)
        self.email = email  # lets the page offer a new link for the same address


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def make_verify_token(user: User) -> str:
    return _serializer(VERIFY_SALT).dumps({"uid": user.id, "email": user.email})


def user_from_verify_token(token: str) -> User:
    """The user a verification link belongs to; raises LinkExpired or LinkInvalid."""
    serializer = _serializer(VERIFY_SALT)
    try:
        data = serializer.loads(token, max_age=current_app.config["EMAIL_VERIFY_MAX_AGE"])
    except SignatureExpired as error:
        email = _expired_payload(serializer, error).get("email") or ""
        raise LinkExpired(N_("Ten link weryfikacyjny wygasł."), email=email) from error
    except BadSignature as error:
        raise LinkInvalid(N_("Ten link weryfikacyjny jest nieprawidłowy.")) from error
    user = db.session.get(User, data.get("uid"))
    if user is None or not user.is_active or user.email != data.get("email"):
        raise LinkInvalid(N_("Ten link weryfikacyjny jest nieprawidłowy."))
    return user


def make_password_token(user: User, *, welcome: bool = False) -> str:
    """A link to set a new password; `welcome` links (new staff accounts) live longer."""
    payload = {"uid": user.id, "fp": user.password_fingerprint}
    if welcome:
        payload["welcome"] = True
    return _serializer(PASSWORD_SALT).dumps(payload)


def user_from_password_token(token: str) -> User:
    """The user a password link belongs to; raises LinkExpired or LinkInvalid."""
    config = current_app.config
    serializer = _serializer(PASSWORD_SALT)
    longest = max(config["EMAIL_VERIFY_MAX_AGE"], config["PASSWORD_RESET_MAX_AGE"])
    try:
        data = serializer.loads(token, max_age=longest)
        if not data.get("welcome"):
            serializer.loads(token, max_age=config["PASSWORD_RESET_MAX_AGE"])
    except SignatureExpired as error:
        raise LinkExpired(N_("Ten link do ustawienia hasła wygasł.")) from error
    except BadSignature as error:
        raise LinkInvalid(
            N_("Ten link został już użyty lub jest nieaktualny. Poproś o nowy.")
        ) from error
    user = db.session.get(User, data.get("uid"))
    if user is None or not user.is_active or user.password_fingerprint != data.get("fp"):
        raise LinkInvalid(N_("Ten link został już użyty lub jest nieaktualny. Poproś o nowy."))
    return user


def _expired_payload(serializer: URLSafeTimedSerializer, error: SignatureExpired) -> dict:
    # The signature was valid, only too old: its payload can be trusted to prefill a form.
    try:
        data = serializer.load_payload(error.payload)
    except BadSignature:
        return {}
    return data if isinstance(data, dict) else {}
