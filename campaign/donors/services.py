"""Donor actions: claim letters race-free (online and walk-in), cancel a claim, a donor's
limit, deleting an account.

Each public function is one transaction: it checks the rules, changes the rows, writes the
Events and commits, or rolls back and raises a `DomainError`.
"""

import logging
from collections.abc import Sequence

from sqlalchemy import and_
from sqlalchemy.exc import IntegrityError

from campaign.auth.models import Role, User
from campaign.auth.services import anonymise_user
from campaign.core.audit import record_event
from campaign.core.clock import utcnow
from campaign.core.errors import (
    CampaignClosed,
    Conflict,
    DomainError,
    LimitReached,
    NotAllowed,
    PermissionDenied,
    ValidationFailed,
)
from campaign.donors import queries
from campaign.donors.models import HOLDING_STATUSES, Claim, ClaimStatus
from campaign.donors.notifications import send_claim_confirmation
from campaign.donors.transitions import change_claim_status, new_claim
from campaign.extensions import db
from campaign.i18n import N_
from campaign.letters.access import can_record_walkin
from campaign.letters.models import Campaign, Letter, LetterStatus
from campaign.letters.transitions import change_status, claim_available, record_status_event

log = logging.getLogger(__name__)

SOMEONE_FASTER = N_("Ktoś był szybszy — ten list zarezerwował już inny darczyńca.")
TAKEN_STATUSES = {LetterStatus.CLAIMED, LetterStatus.RECEIVED, LetterStatus.DELIVERED}


class LetterNotFound(DomainError, code="not_found", http_status=404):
    """No such letter in the catalogue (a draft or review letter looks the same)."""


class LetterWithdrawn(NotAllowed, code="withdrawn"):
    """Withdrawn from the campaign, or covered by the centre: it cannot be taken."""


class AlreadyYours(Conflict):
    """A repeated submit: every letter asked for is already held by this donor."""

    code = "already_yours"

    def __init__(self, claims: list[Claim]) -> None:
        super().__init__(N_("Ten list jest już Twój — znajdziesz go w zakładce „Moje listy”."))
        self.claims = claims


def claim_letter(donor: User, letter: Letter, *, send_confirmation: bool = True) -> Claim:
    """Let `donor` take one letter; see `claim_letters`."""
    return claim_letters(donor, [letter], send_confirmation=send_confirmation)[0]


def claim_letters(
    donor: User, letters: Sequence[Letter], *, send_confirmation: bool = True
) -> list[Claim]:
    """Let `donor` take `letters` (siblings together): all of them or none.

    Race-free: the donor's row is locked before their claims are counted (SQLite serialises
    writers anyway), each letter moves available → claimed by a compare-and-set UPDATE whose row
    count must match, and the partial unique index on holding claims is the final arbiter.
    The confirmation e-mail is queued in the outbox in the same transaction; a failure to build
    it does not undo the claim.
    """
    letters = list({letter.id: letter for letter in letters}.values())
    if not letters:
        raise ValidationFailed(N_("Nie wybrano żadnego listu."))
    _check_donor(donor)
    # The letters first: on launch day most attempts find the letter taken, and that answer
    # needs one statement, not the campaign's row as well.
    letters = _still_claimable(donor, letters)
    campaign = _campaign_of(letters)
    try:
        claims = _claim_in_transaction(
            donor, campaign, letters, actor_id=donor.id, send_confirmation=send_confirmation
        )
    except IntegrityError as error:
        db.session.rollback()
        raise Conflict(SOMEONE_FASTER) from error
    except DomainError:
        db.session.rollback()
        raise
    return claims


def _check_donor(donor: User) -> None:
    if donor is None or not donor.is_authenticated or not donor.is_active:
        raise PermissionDenied(N_("Zaloguj się, aby zarezerwować list."))
    if not donor.is_donor:
        raise PermissionDenied(N_("Listy mogą rezerwować tylko konta darczyńców."))
    if not donor.is_verified:
        raise PermissionDenied(
            N_("Najpierw potwierdź swój adres e-mail — link wysłaliśmy po rejestracji.")
        )


def _campaign_of(letters: list[Letter]) -> Campaign:
    campaign_ids = {letter.campaign_id for letter in letters}
    if len(campaign_ids) != 1:
        raise ValidationFailed(N_("Razem można zarezerwować tylko listy z tej samej akcji."))
    campaign = db.session.get(Campaign, campaign_ids.pop())
    now = utcnow()
    if now < campaign.claims_open_at:
        raise CampaignClosed(N_("Rezerwacja listów w tej akcji jeszcze się nie rozpoczęła."))
    if not campaign.claims_open(now):
        raise CampaignClosed(N_("Rezerwacja listów w tej akcji została już zakończona."))
    return campaign


def _still_claimable(donor: User, letters: list[Letter]) -> list[Letter]:
    """Refuse with the precise reason when a letter cannot be taken; drop those already ours.

    This read is only for the message: the compare-and-set below decides. It is one statement,
    each letter with the claim that holds it, if any: most refused claims on launch day are
    "someone was faster", and the claim is needed only to tell that apart from "already yours".
    """
    holding = [status.value for status in HOLDING_STATUSES]
    rows = db.session.execute(
        db.select(Letter.id, Letter.status, Letter.covered_at, Claim.id, Claim.donor_id)
        .outerjoin(Claim, and_(Claim.letter_id == Letter.id, Claim.status.in_(holding)))
        .where(Letter.id.in_([x.id for x in letters]))
    ).all()
    found = {row[0]: row for row in rows}
    mine_ids: list[int] = []
    for letter in letters:
        if letter.id not in found:
            raise LetterNotFound(N_("Nie ma takiego listu w katalogu."))
        _id, status, covered_at, claim_id, holder_id = found[letter.id]
        if covered_at is not None:
            raise LetterWithdrawn(N_("Tym listem zajęło się już centrum lub partner akcji."))
        if status == LetterStatus.AVAILABLE:
            continue
        if status in TAKEN_STATUSES:
            if claim_id is not None and holder_id == donor.id:
                mine_ids.append(claim_id)
                continue
            raise Conflict(SOMEONE_FASTER)
        if status == LetterStatus.WITHDRAWN:
            raise LetterWithdrawn(N_("Ten list został wycofany z akcji i nie można go już wziąć."))
        raise LetterNotFound(N_("Nie ma takiego listu w katalogu."))
    if not mine_ids:
        return letters
    mine = list(db.session.scalars(db.select(Claim).where(Claim.id.in_(mine_ids))))
    if len(mine) == len(letters):
        raise AlreadyYours(mine)
    mine_letters = {claim.letter_id for claim in mine}
    return [letter for letter in letters if letter.id not in mine_letters]


def _lock_donor(donor: User) -> None:
    """Serialise one donor's claims so the limit holds (SQLite: BEGIN IMMEDIATE already does)."""
    db.session.execute(db.select(User.id).where(User.id == donor.id).with_for_update())


def _claim_in_transaction(
    donor: User | None,
    campaign: Campaign,
    letters: list[Letter],
    *,
    actor_id: int,
    walkin: dict | None = None,
    send_confirmation: bool = False,
) -> list[Claim]:
    """The one claim path, online and walk-in alike: lock the donor and check their limit (a
    walk-in holder has no account and no limit), take every letter available → claimed by one
    compare-and-set, add the active claims, write the Events and queue the donor's confirmation
    in the outbox, all in one commit. The caller rolls back on a DomainError or IntegrityError
    (the partial unique index refusing a second holding claim).
    """
    if donor is not None:
        _check_limit(donor, campaign, wanted=len(letters))
    if not claim_available(letters, utcnow()):
        raise Conflict(SOMEONE_FASTER)
    claims = [
        new_claim(
            letter.id,
            donor_id=donor.id if donor is not None else None,
            deadline=campaign.parcel_deadline,
            **(walkin or {}),
        )
        for letter in letters
    ]
    db.session.add_all(claims)
    db.session.flush()
    for letter, claim in zip(letters, claims, strict=True):
        record_status_event(
            letter,
            LetterStatus.AVAILABLE,
            LetterStatus.CLAIMED,
            actor_id=actor_id,
            claim_id=claim.id,
            data={"walkin": True} if walkin is not None else None,
        )
    if send_confirmation and donor is not None:
        _queue_confirmation_safely(donor, claims)  # in the outbox, committed with the claims
    db.session.commit()
    return claims


def _check_limit(donor: User, campaign: Campaign, *, wanted: int) -> None:
    _lock_donor(donor)
    held = queries.holding_count(donor.id, campaign.id)
    limit = queries.letter_limit(donor, campaign)
    if held + wanted > limit:
        raise LimitReached(
            N_(
                "Osiągnięto limit listów na jedną osobę w tej akcji (limit: %(limit)s, "
                "masz już: %(held)s). Jeśli chcesz wziąć więcej, np. jako szkoła lub firma, "
                "napisz do koordynatora akcji."
            ),
            limit=limit,
            held=held,
        )


def record_walkin_claim(letter: Letter, *, actor: User, name: str, contact: str) -> Claim:
    """A person who took a paper letter at an event holds it, like an online donor would: the
    same claim path (compare-and-set, partial unique index), with no account and no limit."""
    if not can_record_walkin(actor):
        raise PermissionDenied(N_("Darczyńcę z listem papierowym zapisuje koordynator."))
    walkin = {"walkin_name": name.strip(), "walkin_contact": contact.strip()}
    try:
        [claim] = _claim_in_transaction(
            None, letter.campaign, [letter], actor_id=actor.id, walkin=walkin
        )
    except Conflict:
        db.session.rollback()
        db.session.refresh(letter)
        if letter.status == LetterStatus.AVAILABLE and letter.covered_at is not None:
            raise Conflict(
                N_(
                    "Tym listem zajęło się już centrum lub partner akcji: "
                    "nie zapisuje się do niego darczyńcy."
                )
            ) from None
        raise Conflict(
            N_("Ten list nie jest już dostępny: ktoś go wybrał albo list wycofano.")
        ) from None
    except IntegrityError:
        db.session.rollback()
        raise Conflict(N_("Ten list ma już darczyńcę.")) from None
    return claim


def _queue_confirmation_safely(donor: User, claims: list[Claim]) -> None:
    try:
        send_claim_confirmation(donor, claims)
    except Exception:
        # The claim stands: the donor sees it and its slip under "Moje listy" anyway.
        log.exception("claim confirmation e-mail failed for claims %s", [c.id for c in claims])


def cancel_claim(donor: User, claim: Claim) -> Claim:
    """The donor gives a letter back while the parcel has not been received; it is available
    again at once."""
    if claim.donor_id != donor.id:
        raise PermissionDenied(N_("To nie jest Twoja rezerwacja."))
    try:
        _cancel(claim, actor_id=donor.id)
        db.session.commit()
    except DomainError:
        db.session.rollback()
        raise
    return claim


def _cancel(claim: Claim, *, actor_id: int | None, reason: str = "cancelled by donor") -> None:
    """Compare-and-set the claim active → cancelled, then put its letter back in the catalogue.

    The caller commits, or rolls back on a DomainError. Winning the claim's row first means a
    parcel intake racing with the cancel cannot both succeed.
    """
    won = change_claim_status(
        claim, ClaimStatus.ACTIVE, ClaimStatus.CANCELLED, {"cancelled_at": utcnow()}
    )
    if not won:
        db.session.refresh(claim)
        if claim.status in (ClaimStatus.RECEIVED, ClaimStatus.DELIVERED):
            raise NotAllowed(
                N_("Paczka do tego listu została już przyjęta — rezygnacja nie jest już możliwa.")
            )
        raise NotAllowed(N_("Ta rezerwacja nie jest już aktywna."))
    letter = db.session.get(Letter, claim.letter_id, populate_existing=True)
    change_status(
        letter, LetterStatus.AVAILABLE, actor_id=actor_id, claim_id=claim.id, reason=reason
    )
    db.session.refresh(claim)


def set_letter_limit(coordinator: User, donor: User, limit: int | None) -> None:
    """A coordinator lets one donor (a school, a company) hold more letters; None = the default."""
    if not coordinator.is_coordinator:
        raise PermissionDenied(N_("Limit listów może zmienić tylko koordynator."))
    if donor.role != Role.DONOR:
        raise ValidationFailed(N_("Limit listów dotyczy tylko kont darczyńców."))
    if limit is not None and limit < 1:
        raise ValidationFailed(N_("Limit musi wynosić co najmniej 1."), fields={"letter_limit": ""})
    previous = donor.letter_limit
    donor.letter_limit = limit
    record_event(
        "donor.letter_limit",
        actor_id=coordinator.id,
        data={"user_id": donor.id, "from": previous, "to": limit},
    )
    db.session.commit()


def delete_donor_account(donor: User, password: str) -> int:
    """Delete a donor's account: give back the letters still held, then remove the identity.

    Claims stay in the campaign's record without anyone's name. Returns how many letters went
    back to the catalogue.
    """
    if not donor.is_donor:
        raise PermissionDenied(N_("Tak można usunąć tylko konto darczyńcy."))
    if not donor.check_password(password):
        raise ValidationFailed(
            N_("Hasło się nie zgadza."), fields={"password": N_("Hasło się nie zgadza.")}
        )
    try:
        _lock_donor(donor)
        active = queries.active_claims_of(donor)
        for claim in active:
            _cancel(claim, actor_id=donor.id, reason="account deleted")
        record_event("account.deleted", actor_id=donor.id, data={"cancelled": len(active)})
        anonymise_user(donor)
        db.session.commit()
    except DomainError:
        db.session.rollback()
        raise
    return len(active)
