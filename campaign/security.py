"""Security headers on every response, and the role checks views use."""

from functools import wraps
from urllib.parse import urlsplit

from flask import abort, jsonify, request
from flask_babel import gettext
from flask_login import current_user

from campaign.extensions import login_manager

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def set_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    # Pages of logged-in people and API answers to a token may show children's wishes and
    # donors' data: never cache them.
    # send_file answers "no-cache" (revalidate, but keep a copy): for a slip PDF that copy would
    # stay on a shared computer's disk, so anything personal is "no-store" whatever set it.
    personal = current_user.is_authenticated or "Authorization" in request.headers
    if (
        personal
        and request.endpoint != "static"
        and "no-store" not in headers.get("Cache-Control", "")
    ):
        headers["Cache-Control"] = "no-store"
    return response


def safe_next(target: str | None) -> str | None:
    """A local path to return to, or None: never an address on another site (no open redirect)."""
    if not target or "\\" in target or any(ord(ch) < 33 or ord(ch) == 127 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def refuse_nul_bytes():
    """400 for input carrying NUL characters: no person types them, and PostgreSQL cannot store
    them (the driver would fail deep inside a query with a 500)."""
    values = [*request.args.values(), *request.form.values(), request.path]
    body = request.get_json(silent=True) if request.is_json else None
    if any(_has_nul(v) for v in values):
        abort(400)
    if _has_nul(body):
        # An API client gets the field it must fix, in the API's error shape (a 422 like any
        # other invalid field), not a bare 400.
        fields = {
            str(key): gettext("Usuń znaki sterujące (NUL) z tego pola.")
            for key, value in (body.items() if isinstance(body, dict) else [])
            if _has_nul(key) or _has_nul(value)
        }
        message = gettext("Dane zawierają znaki sterujące, których nie można zapisać.")
        error = {"code": "validation_failed", "message": message, "fields": fields}
        return jsonify({"error": error}), 422


def roles_required(*roles):
    """Allow a view only to logged-in users with one of `roles`; admins count as coordinators.

    Anonymous visitors are sent to the login page; a logged-in user without the role gets 403.
    """

    allowed = {str(r) for r in roles}

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            role = current_user.role
            if role not in allowed and not (role == "admin" and "coordinator" in allowed):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


staff_required = roles_required("social_worker", "coordinator", "admin")
coordinator_required = roles_required("coordinator", "admin")
admin_required = roles_required("admin")
