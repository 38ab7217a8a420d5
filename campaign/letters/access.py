"""Who may see and do what with a letter. Views turn "may not see" into 404, never 403."""

from campaign.auth.models import User
from campaign.letters import queries
from campaign.letters.models import Letter, LetterStatus

S = LetterStatus
# What anyone may read of a letter: it was published and not taken back (the catalogue, the
# API). Drafts, letters in review and withdrawn ones are staff-only.
PUBLIC_STATUSES = frozenset({S.AVAILABLE, S.CLAIMED, S.RECEIVED, S.DELIVERED})
# The public letter page also answers for a withdrawn letter, with nothing of its content: a donor
# who kept its code learns that it left the campaign instead of "no such letter".
PUBLIC_PAGE_STATUSES = PUBLIC_STATUSES | {S.WITHDRAWN}


def can_see(user: User, letter: Letter) -> bool:
    """Coordinators see every letter; a social worker only their centre's."""
    if user.is_coordinator:
        return True
    return (
        user.is_social_worker and user.center_id is not None and user.center_id == letter.center_id
    )


def can_approve(user: User, letter: Letter) -> bool:
    """A letter in review is approved by a second pair of eyes: someone who may see it and did
    not write, edit or submit what is under review. Coordinators too: being allowed to approve
    does not make one's own text reviewed."""
    if letter.status != LetterStatus.REVIEW or not can_see(user, letter):
        return False
    return user.id not in queries.content_contributors(letter)


def can_choose_center(user: User) -> bool:
    return user.is_coordinator


def can_record_walkin(user: User) -> bool:
    return user.is_coordinator
