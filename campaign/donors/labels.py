"""Words shown for codes (gender, claim status) and a drop-off point's hours, in one place.

Pages, e-mails and the slip all use these, so a donor reads the same words everywhere.
"""

from flask_babel import lazy_gettext as _l

from campaign.core.centres import Center
from campaign.donors.models import ClaimStatus
from campaign.letters.models import Gender
from campaign.templating import weekday_name

GENDER = {gender.value: gender.lazy_label for gender in Gender}

SORTS = {
    "newest": _l("najnowsze"),
    "age_asc": _l("wiek: od najmłodszych"),
    "age_desc": _l("wiek: od najstarszych"),
}

CLAIM_STATUS = {status.value: status.donor_label for status in ClaimStatus}


def gender_label(code: str) -> str:
    return str(GENDER.get(code, ""))


def claim_status_label(status: str) -> str:
    return str(CLAIM_STATUS.get(status, status))


def opening_hours(center: Center) -> list[str]:
    """One line per weekly slot: "wtorek 12:00–18:00"."""
    return [
        f"{weekday_name(slot.weekday)} {slot.opens_at:%H:%M}–{slot.closes_at:%H:%M}"
        for slot in center.hours
    ]
