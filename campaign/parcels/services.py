"""Parcel services. Each is one business action and one transaction: check the rule, change the
rows (compare-and-set where two people may act at once), write the Event, commit, then mail.

A mail failure never undoes an action: notifications are sent after the commit and only logged
when they fail (see notifications.py).
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError

from campaign.auth.models import User
from campaign.core.audit import record_event
from campaign.core.cas import compare_and_set
from campaign.core.centres import Center
from campaign.core.clock import to_local, today, utcnow
from campaign.core.errors import (
    Conflict,
    DomainError,
    NotAllowed,
    PermissionDenied,
    ValidationFailed,
)
from campaign.core.transactions import writing
from campaign.donors.models import HOLDING_STATUSES, Claim, ClaimStatus, ParcelCondition
from campaign.donors.queries import holding_claim
from campaign.donors.scope import can_deliver, can_see_parcel, can_take_in, intake_center_id
from campaign.donors.transitions import change_claim_status
from campaign.extensions import db
from campaign.i18n import N_
from campaign.letters.models import Campaign, Letter, LetterStatus
from campaign.letters.transitions import change_status, cover
from campaign.parcels import exports, notifications
from campaign.parcels.parcel_list import parcel_list_pdf
from campaign.parcels.queries import expected_parcels, local_midnight_utc


class ParcelNotFound(DomainError, code="not_found", http_status=404):
    """Unknown, or another centre's: the same answer, so nothing leaks across centres."""


@dataclass(frozen=True)
class Receipt:
    """The outcome of an intake: the claim as it now stands, and whether it was there before.

    `repeated`: the parcel was taken in by an earlier request with the same idempotency key (a
    resent offline queue), so it is this request's own receipt, not someone else's.
    """

    claim: Claim
    already: bool
    repeated: bool = False


@dataclass
class Delivery:
    delivered: list[Claim] = field(default_factory=list)
    already: list[Claim] = field(default_factory=list)


def _refuse_if_lost(won: bool, claim: Claim, refuse) -> None:
    """After a compare-and-set: when it lost, undo, re-read the claim and let `refuse` raise the
    reason; either way the caller then holds the claim as it now stands."""
    if not won:
        db.session.rollback()
        db.session.refresh(claim)
        refuse(claim)
    db.session.refresh(claim)


def _require_coordinator(user: User) -> None:
    if not user.is_coordinator:
        raise PermissionDenied(N_("Tylko koordynator może to zrobić."))


# --- intake and delivery -----------------------------------------------------------------------


def receive_parcel(
    staff: User,
    letter: Letter,
    condition: str,
    note: str = "",
    *,
    intake_key: str | None = None,
    expected_claim_id: int | None = None,
) -> Receipt:
    """Take a parcel in. Scanning it again, or two workers at once, leaves one receipt.

    `intake_key` makes a resent request return its own receipt; `expected_claim_id` is the claim
    the volunteer saw on the card: when the letter is held by another claim by now (cancelled and
    taken again), the parcel in hand is not that claim's and nothing is taken in.
    """
    try:
        condition = ParcelCondition(condition).value
    except ValueError:
        raise ValidationFailed(
            N_("Wybierz stan paczki."), fields={"condition": N_("Wybierz stan paczki.")}
        ) from None
    claim = holding_claim(letter.id)
    if not can_see_parcel(staff, letter, claim):
        raise ParcelNotFound(N_("Nie znaleziono paczki o tym kodzie."))
    if claim is None:
        raise NotAllowed(N_("Tego listu nikt nie zarezerwował: nie ma na niego paczki."))
    if expected_claim_id is not None and claim.id != expected_claim_id:
        raise Conflict(_CLAIM_CHANGED)
    if claim.status != ClaimStatus.ACTIVE:
        return _earlier_receipt(claim, intake_key)
    if not can_take_in(staff, letter):
        raise ParcelNotFound(N_("Nie znaleziono paczki o tym kodzie."))

    try:
        won = change_claim_status(
            claim,
            ClaimStatus.ACTIVE,
            ClaimStatus.RECEIVED,
            {
                "received_at": utcnow(),
                "received_by_id": staff.id,
                "received_at_center_id": intake_center_id(staff, letter),
                "condition": condition,
                "intake_note": note.strip(),
                "intake_key": intake_key or None,
            },
        )
    except IntegrityError:
        db.session.rollback()
        raise Conflict(
            N_("Ten klucz przyjęcia (Idempotency-Key) został już użyty do innej paczki.")
        ) from None
    db.session.refresh(claim)
    if not won:
        db.session.rollback()
        if claim.status in (ClaimStatus.RECEIVED, ClaimStatus.DELIVERED):
            return _earlier_receipt(claim, intake_key)  # taken in a moment ago: that one stands
        raise Conflict(
            N_(
                "Rezerwację tego listu właśnie anulowano lub zwolniono: paczki nie przyjęto. "
                "Zeskanuj kod ponownie, żeby zobaczyć jego stan."
            )
        )
    change_status(
        letter,
        LetterStatus.RECEIVED,
        actor_id=staff.id,
        claim_id=claim.id,
        data={"condition": condition, "center_id": claim.received_at_center_id},
    )
    notifications.parcel_received(claim)  # queued in the outbox, committed with the receipt
    db.session.commit()
    return Receipt(claim, already=False)


_CLAIM_CHANGED = N_(
    "Rezerwacja tego listu zmieniła się od skanowania (anulowana i zarezerwowana na nowo): "
    "paczki nie przyjęto. Zeskanuj kod ponownie, żeby zobaczyć jego stan."
)


def _earlier_receipt(claim: Claim, intake_key: str | None) -> Receipt:
    return Receipt(
        claim, already=True, repeated=bool(intake_key) and claim.intake_key == intake_key
    )


def deliver_parcels(staff: User, letters: list[Letter]) -> Delivery:
    """Hand parcels to families: all of them or, when one may not be handed over, none."""
    if not letters:
        raise ValidationFailed(N_("Zaznacz co najmniej jedną paczkę do wydania."))
    claims = _holding_claims(letters)
    outcome, to_deliver = Delivery(), []
    for letter in letters:
        claim = claims.get(letter.id)
        if not can_deliver(staff, letter):
            raise ParcelNotFound(N_("Nie znaleziono paczki o tym kodzie."))
        if claim is None or claim.status == ClaimStatus.ACTIVE:
            raise NotAllowed(
                N_("Paczka %(code)s nie została jeszcze przyjęta, więc nie można jej wydać."),
                code=letter.display_code,
            )
        if claim.status == ClaimStatus.DELIVERED:
            outcome.already.append(claim)
        else:
            to_deliver.append((letter, claim))

    for letter, claim in to_deliver:
        _deliver_one(staff, letter, claim, outcome)
    for claim in outcome.delivered:
        notifications.parcel_delivered(claim)
    db.session.commit()
    return outcome


def _holding_claims(letters: list[Letter]) -> dict[int, Claim]:
    query = db.select(Claim).where(
        Claim.letter_id.in_([letter.id for letter in letters]),
        Claim.status.in_([s.value for s in HOLDING_STATUSES]),
    )
    return {claim.letter_id: claim for claim in db.session.scalars(query)}


def _deliver_one(staff: User, letter: Letter, claim: Claim, outcome: Delivery) -> None:
    won = change_claim_status(
        claim,
        ClaimStatus.RECEIVED,
        ClaimStatus.DELIVERED,
        {
            "delivered_at": utcnow(),
            "delivered_by_id": staff.id,
        },
    )
    db.session.refresh(claim)
    if won:
        change_status(letter, LetterStatus.DELIVERED, actor_id=staff.id, claim_id=claim.id)
        outcome.delivered.append(claim)
    elif claim.status == ClaimStatus.DELIVERED:
        outcome.already.append(claim)
    else:
        db.session.rollback()
        raise Conflict(
            N_("Stan paczki %(code)s właśnie się zmienił. Odśwież stronę i spróbuj ponownie."),
            code=letter.display_code,
        )


# --- overdue claims and unclaimed letters ----------------------------------------------------


def release_claim(coordinator: User, claim: Claim, reason: str) -> Claim:
    """Take an overdue letter back into the catalogue; the donor is told."""
    _require_coordinator(coordinator)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            N_("Podaj powód zwolnienia rezerwacji."), fields={"reason": N_("Podaj powód.")}
        )
    if claim.status in (ClaimStatus.RECEIVED, ClaimStatus.DELIVERED):
        raise NotAllowed(N_("Paczka do tego listu już dotarła: rezerwacji nie można zwolnić."))
    # Overdue is checked by the UPDATE itself: a deadline extended a moment ago wins.
    won = change_claim_status(
        claim,
        ClaimStatus.ACTIVE,
        ClaimStatus.RELEASED,
        {"released_at": utcnow(), "release_reason": reason},
        Claim.deadline < today(),
    )
    _refuse_if_lost(won, claim, _refuse_release)
    change_status(
        claim.letter,
        LetterStatus.AVAILABLE,
        actor_id=coordinator.id,
        claim_id=claim.id,
        reason=reason,
    )
    notifications.claim_released(claim)
    db.session.commit()
    return claim


def _refuse_release(claim: Claim) -> None:
    if claim.status == ClaimStatus.ACTIVE:
        raise NotAllowed(
            N_(
                "Termin tej rezerwacji jeszcze nie minął (%(date)s): zwolnić można tylko "
                "rezerwację po terminie. Możesz wysłać darczyńcy wiadomość albo poczekać."
            ),
            date=claim.deadline.strftime("%d.%m.%Y"),
        )
    raise NotAllowed(N_("Ta rezerwacja nie jest już aktywna: nie można jej zwolnić."))


def extend_deadline(coordinator: User, claim: Claim, new_date: date) -> Claim:
    """Give one donor more time; a reminder may go out again before the new deadline."""
    _require_coordinator(coordinator)
    _check_new_deadline(claim, new_date)
    old = claim.deadline
    # Two coordinators extending at once: the second sees the deadline changed and is told so.
    won = compare_and_set(
        Claim,
        claim.id,
        {"status": ClaimStatus.ACTIVE.value, "deadline": old},
        {"deadline": new_date, "reminder_sent_at": None},
    )
    if not won:
        db.session.rollback()
        db.session.refresh(claim)
        if claim.status == ClaimStatus.ACTIVE:
            raise Conflict(
                N_("Ktoś właśnie zmienił termin tej rezerwacji. Sprawdź go i spróbuj ponownie.")
            )
        raise NotAllowed(N_("Termin można przedłużyć tylko dla aktywnej rezerwacji."))
    db.session.refresh(claim)
    record_event(
        "claim.extended",
        actor_id=coordinator.id,
        letter_id=claim.letter_id,
        claim_id=claim.id,
        data={"from": old.isoformat(), "to": new_date.isoformat()},
    )
    db.session.commit()
    return claim


def _check_new_deadline(claim: Claim, new_date: date | None) -> None:
    """Later than today and than the deadline now, and no later than the families' day."""
    if new_date is None or new_date <= today():
        message = N_("Nowy termin musi być późniejszy niż dzisiaj.")
    elif new_date <= claim.deadline:
        message = N_("Nowy termin musi być późniejszy niż obecny termin tej rezerwacji.")
    elif new_date > claim.letter.campaign.delivery_date:
        message = N_(
            "Nowy termin nie może wypaść po dniu przekazania paczek rodzinom "
            "(%(date)s): paczka przyszłaby za późno."
        )
    else:
        return
    params = {"date": claim.letter.campaign.delivery_date.strftime("%d.%m.%Y")}
    raise ValidationFailed(message, fields={"deadline": message}, **params)


def remind_overdue(coordinator: User, claim: Claim) -> Claim:
    """Send the overdue reminder on demand: only for an overdue claim whose donor hears from us."""
    _require_coordinator(coordinator)
    if not claim.is_overdue:
        raise NotAllowed(N_("Przypomnienie wysyła się tylko do zaległych rezerwacji."))
    if notifications.recipient(claim) is None:
        raise NotAllowed(
            N_(
                "Ten darczyńca nie dostaje od nas wiadomości (zrezygnował z nich, jego konto "
                "wyłączono, nie ma konta albo wziął list papierowy). Skontaktuj się z nim inaczej."
            )
        )
    # Compare-and-set, as `flask reminders send` does: of two coordinators clicking at once only
    # the one whose UPDATE changed the row sends, and a donor gets at most one reminder a day.
    won = compare_and_set(
        Claim,
        claim.id,
        {"status": ClaimStatus.ACTIVE.value},
        {"reminder_sent_at": utcnow()},
        Claim.deadline < today(),
        or_(
            Claim.reminder_sent_at.is_(None),
            Claim.reminder_sent_at < local_midnight_utc(today()),
        ),
    )
    _refuse_if_lost(won, claim, _refuse_reminder)
    record_event(
        "claim.reminded", actor_id=coordinator.id, letter_id=claim.letter_id, claim_id=claim.id
    )
    notifications.overdue_reminder(claim)
    db.session.commit()
    return claim


def _refuse_reminder(claim: Claim) -> None:
    if claim.is_overdue and claim.reminder_sent_at is not None:
        raise NotAllowed(
            N_(
                "Przypomnienie do tego darczyńcy wysłano już dzisiaj o %(time)s: drugiego nie "
                "wysłano. Następne można wysłać jutro."
            ),
            time=to_local(claim.reminder_sent_at).strftime("%H:%M"),
        )
    raise NotAllowed(N_("Przypomnienie wysyła się tylko do zaległych rezerwacji."))


def mark_covered(coordinator: User, letter: Letter, note: str) -> Letter:
    """Record that the centre or a partner fulfils a letter nobody took, so no child is forgotten.

    Covered is a state of its own (see letters/transitions.py): the letter stays `available`,
    and `covered_at` takes it off the list of letters still waiting for a donor.
    """
    _require_coordinator(coordinator)
    note = (note or "").strip()
    if not note:
        raise ValidationFailed(
            N_("Napisz, kto przygotuje paczkę."),
            fields={"note": N_("Napisz, kto przygotuje paczkę.")},
        )
    won = cover(letter, note)
    if not won:
        db.session.rollback()
        raise NotAllowed(
            N_(
                "Tego listu nie można oznaczyć: ktoś go właśnie zarezerwował "
                "albo już jest oznaczony."
            )
        )
    db.session.refresh(letter)
    record_event("letter.covered", actor_id=coordinator.id, letter_id=letter.id, reason=note)
    db.session.commit()
    return letter


# --- recorded reads: exports and printed lists carry donors' data out of the app --------------


def export_csv(actor: User | None, kind: str, campaign: Campaign, center: Center | None) -> bytes:
    """A CSV export, written to the audit trail (the claims export holds donors' contacts)."""
    data = exports.export_csv(kind, campaign, center)
    # The export is read without the write lock; only its audit entry takes it.
    with writing():
        record_event(
            "export.csv",
            actor_id=actor.id if actor else None,
            data={
                "kind": kind,
                "campaign": campaign.code_prefix,
                "center": center.number if center else None,
            },
        )
        db.session.commit()
    return data


def print_parcel_list(
    staff: User, campaign: Campaign, center: Center, status_labels, condition_labels
) -> bytes:
    """The printable list of expected parcels, written to the audit trail (it names donors)."""
    pdf = parcel_list_pdf(
        campaign, center, expected_parcels(campaign, center.id), status_labels, condition_labels
    )
    with writing():
        record_event(
            "print.parcel_list",
            actor_id=staff.id,
            data={"campaign": campaign.code_prefix, "center": center.number},
        )
        db.session.commit()
    return pdf
