"""E-mails to donors about their parcels, in the donor's language.

Only donors with an account hear from us, and not when they opted out or their account was switched
off or anonymised; walk-in donors gave a contact for the coordinator, not for mailings. Callers send
after their commit: a failed send is logged and never undoes what was done.
"""

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.routing import BuildError

from campaign.auth.models import User
from campaign.donors.models import Claim
from campaign.mail import send_mail

CAMPAIGN_PAGE = "/kazdy-moze-pomoc"  # a stable public address (DESIGN.md)


def _absolute(endpoint: str, fallback: str) -> str:
    """A link for an e-mail, built without a request (the CLI sends these too)."""
    try:
        path = current_app.url_map.bind("").build(endpoint)
    except BuildError:
        path = fallback
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def recipient(claim: Claim) -> User | None:
    """The donor to write to about this claim, or None when we must not or cannot."""
    donor = claim.donor
    # `is_active` is false for an account switched off by an admin and for an anonymised one.
    if donor is None or not donor.is_active or not donor.email:
        return None
    if donor.notifications_opt_out:
        return None
    return donor


def parcel_received(claim: Claim) -> bool:
    return _send(claim, "received", lambda: _("Dziękujemy! Twoja paczka dotarła"))


def parcel_delivered(claim: Claim) -> bool:
    return _send(claim, "delivered", lambda: _("Twoja paczka trafiła do rodziny"))


def claim_released(claim: Claim) -> bool:
    return _send(claim, "released", lambda: _("Rezerwacja listu została zwolniona"))


def overdue_reminder(claim: Claim) -> bool:
    return _send(claim, "overdue", lambda: _("Czekamy na Twoją paczkę"))


def _send(claim: Claim, template: str, subject) -> bool:
    """Render and send one message; True when it went out."""
    donor = recipient(claim)
    if donor is None:
        return False
    try:
        with force_locale(donor.locale or "pl"):
            text = render_template(
                f"parcels/mail/{template}.txt",
                claim=claim,
                letter=claim.letter,
                donor=donor,
                campaign_url=current_app.config["PUBLIC_BASE_URL"].rstrip("/") + CAMPAIGN_PAGE,
                my_letters_url=_absolute("donors.my_letters", CAMPAIGN_PAGE),
            )
            send_mail(donor.email, subject(), text)
    except Exception:
        # The action is committed; a mail server's bad moment must not turn it into an error page.
        current_app.logger.exception("parcel mail %s for claim %s not sent", template, claim.id)
        return False
    return True
