"""Who may see and handle which parcel (a held claim): a social worker their centre's parcels,
a coordinator all."""

from campaign.auth.models import User
from campaign.donors.models import Claim
from campaign.letters.models import Letter


def can_take_in(staff: User, letter: Letter) -> bool:
    """Intake happens at the letter's own centre, or anywhere when the campaign allows it."""
    if staff.is_coordinator:
        return True
    if not staff.is_social_worker or staff.center_id is None:
        return False
    return letter.center_id == staff.center_id or letter.campaign.intake_anywhere


def can_deliver(staff: User, letter: Letter) -> bool:
    """The family's own centre hands the parcel over: its social worker knows the family."""
    if staff.is_coordinator:
        return True
    return staff.is_social_worker and staff.center_id == letter.center_id


def can_see_parcel(staff: User, letter: Letter, claim: Claim | None) -> bool:
    """Whoever may take it in or hand it over, and the point where it was taken in."""
    if can_take_in(staff, letter) or can_deliver(staff, letter):
        return True
    return (
        claim is not None
        and staff.center_id is not None
        and claim.received_at_center_id == staff.center_id
    )


def intake_center_id(staff: User, letter: Letter) -> int:
    """Where a parcel is recorded as taken in: the worker's own point, else the letter's centre."""
    return staff.center_id or letter.center_id
