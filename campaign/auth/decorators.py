"""View decorators other domains use: a donor must verify their address before acting."""

from functools import wraps

from flask import redirect, url_for
from flask_login import current_user

from campaign.extensions import login_manager


def verified_required(view):
    """Let a donor act only once their e-mail is verified; others pass (staff are verified).

    Anonymous visitors go to the login page; an unverified donor to a page explaining how to
    verify, with a button that sends the link again.
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.is_donor and not current_user.is_verified:
            return redirect(url_for("auth.verify_required"))
        return view(*args, **kwargs)

    return wrapped
