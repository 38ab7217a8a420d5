"""View decorators other domains use: a donor must verify their address before acting."""

from functools import wraps

from flask import render_template
from flask_login import current_user

from campaign.auth.forms import EmailForm
from campaign.extensions import login_manager


def verified_required(view):
    """Let a donor act only once their e-mail is verified; others pass (staff are verified).

    Anonymous visitors go to the login page; an unverified donor gets, with 403 (refused, not
    moved), the page explaining how to verify, with a button that sends the link again.
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.is_donor and not current_user.is_verified:
            form = EmailForm(email=current_user.email)
            return render_template("auth/verify_required.html", form=form), 403
        return view(*args, **kwargs)

    return wrapped
