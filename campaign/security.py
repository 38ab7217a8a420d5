"""Security headers on every response, and the role checks views use."""

from functools import wraps

from flask import abort, request
from flask_login import current_user

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
    # Pages of logged-in people may show children's wishes and donors' data: never cache them.
    if current_user.is_authenticated and "Cache-Control" not in headers:
        headers["Cache-Control"] = "no-store"
    return response


def roles_required(*roles):
    """Allow a view only to logged-in users with one of `roles`; admins count as coordinators.

    Anonymous visitors are sent to the login page; a logged-in user without the role gets 403.
    """

    allowed = {str(r) for r in roles}

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                from campaign.extensions import login_manager

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
