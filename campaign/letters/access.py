"""Who may see and do what with a letter. Views turn "may not see" into 404, never 403."""

from campaign.auth.models import User
from campaign.letters.models import Letter


def can_see(user: User, letter: Letter) -> bool:
    """Coordinators see every letter; a social worker only their centre's."""
    if user.is_coordinator:
        return True
    return (
        user.is_social_worker and user.center_id is not None and user.center_id == letter.center_id
    )


def can_approve(user: User, letter: Letter) -> bool:
    """A coordinator, or a second social worker of the centre: never the author alone."""
    if user.is_coordinator:
        return True
    return can_see(user, letter) and user.id != letter.author_id


def can_choose_center(user: User) -> bool:
    return user.is_coordinator


def can_record_walkin(user: User) -> bool:
    return user.is_coordinator
