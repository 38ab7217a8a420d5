"""E-mails to donors: the claim confirmation with the slip attached, and the deadline reminder.

Each is written in the donor's language and rendered from templates/donors/mail/. They run
inside a request or from the CLI alike, so links are built from PUBLIC_BASE_URL, not the request.
"""

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from campaign.auth.models import User
from campaign.donors.models import Claim
from campaign.donors.slip import slip_pdf
from campaign.mail import Attachment, send_mail


def public_url(endpoint: str, **values) -> str:
    """An absolute link for e-mails, also outside a request (the reminders command)."""
    path = current_app.url_map.bind("").build(endpoint, values)
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def slip_filename(claim: Claim) -> str:
    return f"kupon-{claim.letter.display_code}.pdf"


def _render(name: str, **context) -> tuple[str, str]:
    context["my_letters_url"] = public_url("donors.my_letters")
    text = render_template(f"donors/mail/{name}.txt", **context)
    html = render_template(f"donors/mail/{name}.html", **context)
    return text, html


def send_claim_confirmation(donor: User, claims: list[Claim]) -> None:
    """Always sent (opting out does not stop it): it carries the slip the donor needs."""
    if not donor.email:
        return
    with force_locale(donor.locale):
        codes = ", ".join(claim.letter.display_code for claim in claims)
        subject = _("Dziękujemy! Zarezerwowany list: %(codes)s", codes=codes)
        text, html = _render("claim_confirmation", donor=donor, claims=claims)
        attachments = [
            Attachment(slip_filename(claim), "application/pdf", slip_pdf(claim)) for claim in claims
        ]
    send_mail(donor.email, subject, text, html, attachments)


def send_reminder(claim: Claim) -> None:
    donor = claim.donor
    with force_locale(donor.locale):
        subject = _("Przypomnienie: paczka do listu %(code)s", code=claim.letter.display_code)
        text, html = _render("reminder", donor=donor, claim=claim)
        attachments = [Attachment(slip_filename(claim), "application/pdf", slip_pdf(claim))]
    send_mail(donor.email, subject, text, html, attachments)
