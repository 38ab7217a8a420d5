"""Language: Polish first, a complete English translation, chosen by the visitor."""

from flask import Blueprint, current_app, has_request_context, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l  # noqa: F401  (re-exported for forms)
from flask_login import current_user

from campaign.extensions import db
from campaign.security import safe_next

bp = Blueprint("i18n", __name__)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (translated when shown)."""
    return message


def select_locale() -> str:
    """The visitor's explicit choice, then their account's, then the browser's, then Polish."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands; mail code sets its locale with force_locale
        return languages[0]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    return request.accept_languages.best_match(languages) or languages[0]


@bp.post("/jezyk/<lang>")
def switch_language(lang: str):
    """Switch the interface language and return to the page the visitor was on."""
    # Exempt from the global check (see register_csrf) and checked here for accounts only: a
    # forged switch of an anonymous visitor's language harms nobody, while a CSRF token on every
    # public page would give each visitor a session cookie and make the pages uncacheable.
    if current_user.is_authenticated and current_app.config.get("WTF_CSRF_ENABLED", True):
        from campaign.extensions import csrf

        csrf.protect()
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated and current_user.locale != lang:
            current_user.locale = lang
            db.session.commit()
    # Only local paths: an open redirect here would be a phishing aid.
    return redirect(safe_next(request.form.get("next")) or url_for("office.home"))


def register_csrf(csrf) -> None:
    csrf.exempt(switch_language)
