"""What staff read when a parcel was taken in or handed over before: when, where, by whom.

The API's answer to a scanner and the intake page's offline queue say it in the same words.
"""

from flask_babel import gettext as _

from campaign.donors.models import Claim
from campaign.templating import local_datetime


def already_message(claim: Claim, action: str = "receive") -> str:
    """What the device shows on a repeat: when, where and by whom it was done."""
    if action == "deliver":
        who = claim.delivered_by.display_name if claim.delivered_by else "—"
        return _(
            "Już wydana rodzinie %(when)s przez %(who)s.",
            when=local_datetime(claim.delivered_at),
            who=who,
        )
    center = claim.received_at_center or claim.letter.center
    return _(
        "Już przyjęta %(when)s w %(point)s przez %(who)s.",
        when=local_datetime(claim.received_at),
        point=center.label,
        who=claim.received_by.display_name if claim.received_by else "—",
    )
