"""The header of every page, shared: rendered once per role, language and address and kept in
the page cache's store, with each person's own CSRF token swapped in on the way out."""

import hashlib
import json

from flask import current_app, g, request
from flask_babel import get_locale
from flask_login import AnonymousUserMixin
from markupsafe import Markup

from campaign.web.pagecache import CSRF_PLACEHOLDER, RoleOnly, page_store

__all__ = ["CSRF_PLACEHOLDER", "site_header"]


def site_header() -> Markup:
    """The header of every page, rendered once per role, language and address.

    Signed-in people's pages are rendered on every request; the header with its menu is a large
    part of that and depends only on who they are by role, the language and the page. It is
    rendered with a `current_user` that has only the role and a placeholder for the CSRF token,
    which is swapped for the person's own token each time: one person's header holds nothing of
    another's.
    """
    from flask import render_template
    from flask_login import current_user

    from campaign.logs import redact_path

    signed_in = current_user.is_authenticated
    stand_in = RoleOnly(current_user) if signed_in else AnonymousUserMixin()
    where = json.dumps(
        [request.script_root, request.full_path, request.endpoint, stand_in.__dict__],
        default=str,
        sort_keys=True,
    )
    key = f"kmp:header:{get_locale()}:{hashlib.sha256(where.encode()).hexdigest()[:32]}"
    # An address holding an account link's token (password reset) is in the header's language
    # switch: such a header is rendered for the one request and never stored.
    enabled = current_app.config.get("PAGE_CACHE_ENABLED", True) and (
        redact_path(request.full_path) == request.full_path
    )
    stored = page_store().get(key) if enabled else None
    if stored is not None:
        html = stored.decode()
    else:
        html = render_template(
            "_header.html", current_user=stand_in, csrf_token=lambda: CSRF_PLACEHOLDER
        )
        if enabled:
            page_store().set(key, html.encode())
    # Inside a page shared by role the placeholder stays: the page swaps it when it is sent.
    if signed_in and CSRF_PLACEHOLDER in html and not g.get("kmp_role_page"):
        from flask_wtf.csrf import generate_csrf

        html = html.replace(CSRF_PLACEHOLDER, generate_csrf())
    return Markup(html)  # noqa: S704 (autoescaped template output and a token we made)
