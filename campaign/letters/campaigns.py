"""Services for campaigns and centres (drop-off points): one action, one transaction each."""

from datetime import time

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from campaign.auth.models import User
from campaign.core.audit import record_event
from campaign.core.centres import Center, DropOffHours
from campaign.core.clock import to_local
from campaign.core.errors import Conflict, ValidationFailed
from campaign.extensions import db
from campaign.i18n import N_
from campaign.letters.models import Campaign, Letter

CAMPAIGN_FIELDS = (
    "name",
    "year",
    "code_prefix",
    "claims_open_at",
    "claims_close_at",
    "parcel_deadline",
    "delivery_date",
    "default_letter_limit",
    "reminder_days_before",
    "review_required",
    "intake_anywhere",
    "slip_instructions",
    "contact_phone",
)


def campaign_problems(values: dict, campaign: Campaign | None) -> dict[str, str]:
    """The dates must follow each other; the prefix is unique and fixed once letters exist."""
    problems = {}
    opens, closes = values["claims_open_at"], values["claims_close_at"]
    if closes <= opens:
        problems["claims_close_at"] = N_("Koniec wybierania listów musi być po jego początku.")
    elif values["parcel_deadline"] < to_local(closes).date():
        problems["parcel_deadline"] = N_(
            "Termin paczek nie może być przed końcem wybierania listów."
        )
    if values["delivery_date"] < values["parcel_deadline"]:
        problems["delivery_date"] = N_("Przekazanie rodzinom nie może być przed terminem paczek.")
    prefix = values["code_prefix"]
    other = db.session.scalar(select(Campaign).where(Campaign.code_prefix == prefix))
    if other is not None and other is not campaign:
        # Translated here: the message names the other campaign, and a field message is
        # otherwise a marked source string that the form or the API translates.
        problems["code_prefix"] = _("Ten prefiks ma już kampania „%(name)s”.", name=other.name)
    elif campaign is not None and prefix != campaign.code_prefix and _has_letters(campaign):
        problems["code_prefix"] = N_("Kampania ma już listy: prefiksu ich kodów nie można zmienić.")
    return problems


def save_campaign(campaign: Campaign | None, values: dict, *, actor: User) -> Campaign:
    """Create a campaign (not current until made so) or change one; dates are naive UTC."""
    problems = campaign_problems(values, campaign)
    if problems:
        raise ValidationFailed(N_("Popraw dane kampanii."), fields=problems)
    created = campaign is None
    if created:
        campaign = Campaign(is_current=False)
        db.session.add(campaign)
    for name in CAMPAIGN_FIELDS:
        setattr(campaign, name, values[name])
    _flush_unless_taken(
        ValidationFailed(
            N_("Popraw dane kampanii."), fields={"code_prefix": N_("Ten prefiks jest już zajęty.")}
        )
    )
    kind = "campaign.created" if created else "campaign.updated"
    record_event(kind, actor_id=actor.id, data={"campaign_id": campaign.id})
    db.session.commit()
    return campaign


def make_current(campaign: Campaign, *, actor: User) -> None:
    """Switch the current campaign in one transaction; the partial unique index has the last
    word when two coordinators switch at once (PostgreSQL refuses at the UPDATE, SQLite
    serialises the two)."""
    try:
        db.session.execute(
            update(Campaign)
            .where(Campaign.is_current.is_(True), Campaign.id != campaign.id)
            .values(is_current=False)
        )
        db.session.execute(
            update(Campaign).where(Campaign.id == campaign.id).values(is_current=True)
        )
        record_event("campaign.made_current", actor_id=actor.id, data={"campaign_id": campaign.id})
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(
            N_("Ktoś w tej chwili zmienił bieżącą kampanię. Spróbuj ponownie.")
        ) from None


def save_center(
    center: Center | None, values: dict, slots: list[tuple[int, time, time]], *, actor: User
) -> Center:
    """Create or change a centre and replace its weekly drop-off hours."""
    other = db.session.scalar(select(Center).where(Center.number == values["number"]))
    if other is not None and other is not center:
        raise _number_taken()
    bad_slot = next((s for s in slots if s[2] <= s[1]), None)
    if bad_slot is not None:
        raise ValidationFailed(N_("Godzina zamknięcia musi być po godzinie otwarcia."))
    created = center is None
    if created:
        center = Center()
        db.session.add(center)
    for name in ("number", "name", "address", "phone", "email"):
        setattr(center, name, values[name] or "")
    center.hours = [DropOffHours(weekday=d, opens_at=o, closes_at=c) for d, o, c in sorted(slots)]
    _flush_unless_taken(_number_taken())
    kind = "center.created" if created else "center.updated"
    record_event(kind, actor_id=actor.id, data={"center_number": center.number})
    db.session.commit()
    return center


def _number_taken() -> ValidationFailed:
    return ValidationFailed(
        N_("Popraw dane centrum."), fields={"number": N_("Centrum o tym numerze już istnieje.")}
    )


def _flush_unless_taken(refusal: ValidationFailed) -> None:
    """Flush; when a unique index says another coordinator took the prefix or number between
    our check and now, undo and refuse with the same words as the check."""
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise refusal from None


def _has_letters(campaign: Campaign) -> bool:
    return (
        db.session.scalar(select(Letter.id).where(Letter.campaign_id == campaign.id).limit(1))
        is not None
    )
