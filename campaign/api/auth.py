"""Bearer tokens: signed, expiring, and void once the account's password, role or session version
changes."""

from functools import wraps

from flask import current_app, g, request
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from campaign.api.errors import ApiError
from campaign.auth.models import User
from campaign.extensions import db

SALT = "api-token"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def issue_token(user: User) -> str:
    return _serializer().dumps(
        {"uid": user.id, "fp": user.password_fingerprint, "sv": user.session_version}
    )


def user_from_token(token: str) -> User | None:
    try:
        data = _serializer().loads(token, max_age=current_app.config["API_TOKEN_MAX_AGE"])
    except (BadSignature, SignatureExpired):
        return None
    user = db.session.get(User, data.get("uid"))
    if user is None or not user.is_active or user.password_fingerprint != data.get("fp"):
        return None
    if user.session_version != data.get("sv"):
        return None  # logged out everywhere, or the role changed since the token was issued
    return user


def bearer_user() -> User | None:
    """The user of this request's bearer token, cached on `g`; None without a valid token."""
    if "api_user" not in g:
        header = request.headers.get("Authorization", "")
        scheme, _sep, token = header.partition(" ")
        g.api_user = user_from_token(token.strip()) if scheme.lower() == "bearer" else None
    return g.api_user


def token_required(*roles: str):
    """401 without a valid token; 403 when the token's user lacks every role in `roles`."""
    allowed = set(roles)

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            user = bearer_user()
            if user is None:
                raise ApiError(401, _("Wymagany jest ważny token (Authorization: Bearer)."))
            if allowed:
                role = user.role
                if role not in allowed and not (role == "admin" and "coordinator" in allowed):
                    raise ApiError(403, _("Brak uprawnień do tej operacji."))
            return view(*args, **kwargs)

        wrapped.api_roles = tuple(roles)  # the OpenAPI document's security and 401/403
        return wrapped

    return decorator
