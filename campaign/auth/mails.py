"""The account e-mails, each written in the recipient's language with absolute links."""

from datetime import timedelta

from flask import current_app, render_template
from flask_babel import force_locale, format_timedelta
from flask_babel import gettext as _

from campaign.auth.models import User
from campaign.auth.tokens import make_password_token, make_verify_token
from campaign.i18n import N_
from campaign.mail import send_mail


def public_url(endpoint: str, **values) -> str:
    """An absolute link for mail or paper, built without needing a request."""
    adapter = current_app.url_map.bind("localhost", script_name="/")
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + adapter.build(endpoint, values)


def _valid_for(config_key: str) -> str:
    """How long a link lives, in words of the current language ("3 dni", "1 hour")."""
    return format_timedelta(timedelta(seconds=current_app.config[config_key]), threshold=1)


def _render(template: str, **context) -> tuple[str, str]:
    return (
        render_template(f"auth/mail/{template}.txt", **context),
        render_template(f"auth/mail/{template}.html", **context),
    )


def _send(user: User, template: str, subject: str, *, deliver: bool = True, **context) -> None:
    """Render templates/auth/mail/<template>.txt and .html (subject already translated).

    `deliver=False` renders and drops the mail: the answer to an address without an account
    then costs what the answer to one with an account costs, so timing tells nothing.

    The mail goes to the outbox in the caller's transaction; a mail server that is down delays
    it, the sender retries.
    """
    text, html = _render(template, user=user, subject=subject, **context)
    if deliver:
        send_mail(user.email, subject, text, html=html)


def stand_in_user(email: str) -> User:
    """An unsaved account for an address that has none: rendered for, never mailed."""
    return User(id=0, email=email, locale="pl", password_hash="", display_name="")


def _send_link(
    user: User, template: str, subject: str, link: str, lifetime_key: str, *, deliver: bool = True
) -> None:
    """A mail whose point is one link, saying how long the link stays valid."""
    with force_locale(user.locale):
        valid_for = _valid_for(lifetime_key)
        _send(user, template, _(subject), deliver=deliver, link=link, valid_for=valid_for)


def send_verification_mail(user: User, *, deliver: bool = True) -> None:
    link = public_url("auth.verify_email", token=make_verify_token(user))
    subject = N_("Potwierdź adres e-mail – Każdy Może Pomóc")
    _send_link(user, "verify", subject, link, "EMAIL_VERIFY_MAX_AGE", deliver=deliver)


def send_already_registered_mail(user: User, *, deliver: bool = True) -> None:
    """Someone (maybe the owner) tried to register with an address that has an account."""
    links = {
        "login_link": public_url("auth.login"),
        "reset_link": public_url("auth.reset_request"),
        "verify_link": None
        if user.is_verified
        else public_url("auth.verify_email", token=make_verify_token(user)),
    }
    with force_locale(user.locale):
        subject = _("Próba rejestracji na Twój adres e-mail")
        _send(user, "already_registered", subject, deliver=deliver, **links)


def send_password_reset_mail(user: User, *, deliver: bool = True) -> None:
    link = public_url("auth.reset_password", token=make_password_token(user))
    subject = N_("Ustaw nowe hasło – Każdy Może Pomóc")
    _send_link(user, "reset", subject, link, "PASSWORD_RESET_MAX_AGE", deliver=deliver)


def send_welcome_mail(user: User) -> None:
    """A staff account created by an admin: a link to set the password, never the password."""
    link = public_url("auth.reset_password", token=make_password_token(user, welcome=True))
    subject = N_("Twoje konto w systemie Każdy Może Pomóc")
    _send_link(user, "welcome", subject, link, "EMAIL_VERIFY_MAX_AGE")
