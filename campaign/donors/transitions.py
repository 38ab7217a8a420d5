"""The table of allowed claim status changes, beside the letter's (letters/transitions.py).

A claim lives `active → received → delivered`, or ends `active → cancelled | released`. Nothing
outside this module writes `Claim.status` (tests/test_status_writes.py checks the source): a new
claim starts `active`, and every later change is a compare-and-set on the status the caller
decided on, so two people acting at once cannot both win. The caller owns the transaction.
"""

from campaign.core.cas import compare_and_set
from campaign.core.errors import NotAllowed
from campaign.donors.models import Claim, ClaimStatus
from campaign.i18n import N_

C = ClaimStatus

ALLOWED: frozenset[tuple[ClaimStatus, ClaimStatus]] = frozenset(
    {
        (C.ACTIVE, C.RECEIVED),  # the parcel arrived at a drop-off point
        (C.RECEIVED, C.DELIVERED),  # handed to the family
        (C.ACTIVE, C.CANCELLED),  # the donor gave the letter back
        (C.ACTIVE, C.RELEASED),  # a coordinator took an overdue letter back
    }
)


def can_change(current: ClaimStatus | str, target: ClaimStatus | str) -> bool:
    return (ClaimStatus(current), ClaimStatus(target)) in ALLOWED


def new_claim(letter_id: int, **fields) -> Claim:
    """A claim is born active: the letter it holds has just moved available → claimed."""
    return Claim(letter_id=letter_id, status=C.ACTIVE.value, **fields)


def change_claim_status(
    claim: Claim, current: ClaimStatus, target: ClaimStatus, values: dict | None = None, *also
) -> bool:
    """Move `claim` from `current` to `target` (with further `values`) if the row still holds
    `current` and `also`; True when this transaction won. A pair the table does not allow is a
    programming error in the caller and refused before anything is written."""
    if not can_change(current, target):
        raise NotAllowed(
            N_("Nie można zmienić statusu rezerwacji z „%(from_)s” na „%(to)s”."),
            from_=current.value,
            to=target.value,
        )
    return compare_and_set(
        Claim,
        claim.id,
        {"status": current.value},
        {"status": target.value, **(values or {})},
        *also,
    )
