"""Letter services: each public function is one business action and one transaction.

A service checks the rule, changes the rows (statuses only through `transitions`), writes the
Event and commits. When a rule says no it raises a `DomainError` and leaves nothing
half-written. The CSV import is in importer.py, the walk-in claim in donors/services.py.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from campaign.auth.models import User
from campaign.core.audit import record_event
from campaign.core.centres import Center
from campaign.core.errors import (
    Conflict,
    DomainError,
    NotAllowed,
    PermissionDenied,
    ValidationFailed,
)
from campaign.extensions import db
from campaign.i18n import N_
from campaign.letters import codes, privacy, queries
from campaign.letters.access import can_approve, can_see
from campaign.letters.forms import REASON_MAX, SIBLING_GROUP_MAX
from campaign.letters.models import Campaign, Letter, LetterStatus
from campaign.letters.transitions import (
    can_withdraw,
    change_status,
    new_letter,
    record_status_event,
)

S = LetterStatus
GUARDED_FIELDS = ("wish", "needs", "sibling_group")
CODE_ATTEMPTS = 8


@dataclass(frozen=True)
class LetterInput:
    """What a letter says, already well-formed (forms check the shape)."""

    age: int
    gender: str
    wish: str
    needs: str = ""
    sibling_group: str = ""
    case_reference: str = ""

    def __post_init__(self) -> None:
        # One spelling of a sibling-group key ("r 1", "R1 ") so that siblings find each other.
        group = " ".join((self.sibling_group or "").split()).upper()
        for name, value in (
            ("sibling_group", group),
            ("wish", (self.wish or "").strip()),
            ("needs", (self.needs or "").strip()),
            ("case_reference", (self.case_reference or "").strip()),
        ):
            object.__setattr__(self, name, value)

    @classmethod
    def from_values(cls, values: dict) -> "LetterInput":
        return cls(
            age=int(values["age"]),
            gender=values["gender"],
            wish=values["wish"],
            needs=values.get("needs") or "",
            sibling_group=values.get("sibling_group") or "",
            case_reference=values.get("case_reference") or "",
        )

    def columns(self) -> dict:
        values = asdict(self)
        values["sibling_group"] = self.sibling_group or None
        return values


class LetterRejected(ValidationFailed):
    """The privacy guard or a letter rule refused the texts; `fields` say what and where.

    `names_found` is True when some message is a name warning the author may confirm.
    """

    code = "letter_rejected"

    def __init__(self, fields: dict[str, str], names_found: bool) -> None:
        super().__init__(N_("Popraw list: zobacz komunikaty przy polach."), fields=fields)
        self.names_found = names_found


# --- creating and editing ------------------------------------------------------------------


def create_letter(
    data: LetterInput,
    *,
    actor: User,
    center: Center | None,
    confirm_names: bool = False,
    submission_key: str | None = None,
    source: str = "form",
) -> tuple[Letter, bool]:
    """A new draft in the current campaign; returns (letter, created).

    A repeated `submission_key` (a double submit) returns the letter the first one made.
    """
    if submission_key:
        existing = _earlier_submission(submission_key, actor.id)
        if existing is not None:
            return existing, False
    campaign = current_campaign()
    center = allowed_center(actor, center)
    screen_letter(data, campaign=campaign, center=center, confirm_names=confirm_names)
    letter = new_letter(
        campaign_id=campaign.id,
        center_id=center.id,
        author_id=actor.id,
        submission_key=submission_key or None,
        **data.columns(),
    )
    stored = _insert_with_fresh_code(letter, campaign.code_prefix)
    if stored is not letter:
        return stored, False
    record_status_event(letter, None, S.DRAFT, actor_id=actor.id, data={"source": source})
    db.session.commit()
    return letter, True


def _earlier_submission(key: str, author_id: int) -> Letter | None:
    """The letter an earlier submission with this key made. Someone else's key is a conflict:
    handing them that letter would show them another person's case reference."""
    existing = queries.letter_by_submission_key(key)
    if existing is not None and existing.author_id != author_id:
        raise Conflict(
            N_("Ten klucz zgłoszenia (Idempotency-Key) został już użyty do innego listu."),
            fields={"idempotency_key": N_("Użyj nowego, niepowtarzalnego klucza.")},
        )
    return existing


def update_letter(
    letter: Letter,
    data: LetterInput,
    *,
    actor: User,
    center: Center | None = None,
    confirm_names: bool = False,
) -> list[str]:
    """Change a draft's texts (and, for a coordinator, its centre); returns the changed fields.

    The row stays locked until the commit, so the texts change only while it is still a draft:
    an edit racing a submit or an approval is refused, never published unreviewed.
    """
    with _locked(letter, actor):
        if not letter.is_editable:
            raise NotAllowed(
                N_("Edytować można tylko szkic. Ten list ma status „%(status)s”."),
                status=letter.status_enum.label,
            )
        center = allowed_center(actor, center or letter.center)
        screen_letter(
            data,
            campaign=letter.campaign,
            center=center,
            confirm_names=confirm_names,
            letter_id=letter.id,
        )
        columns = data.columns()
        changed = [name for name, value in columns.items() if getattr(letter, name) != value]
        for name in changed:
            setattr(letter, name, columns[name])
        if center.id != letter.center_id:
            letter.center_id = center.id
            changed.append("center")
        if changed:
            record_event(
                "letter.edited", actor_id=actor.id, letter_id=letter.id, data={"fields": changed}
            )
    return changed


def screen_letter(
    data: LetterInput,
    *,
    campaign: Campaign,
    center: Center,
    confirm_names: bool,
    letter_id: int | None = None,
) -> None:
    """Raise LetterRejected when the privacy guard or the sibling-group rule says no."""
    problems, names_found = letter_problems(
        data, campaign=campaign, center=center, confirm_names=confirm_names, letter_id=letter_id
    )
    if problems:
        raise LetterRejected(problems, names_found)


def letter_problems(
    data: LetterInput,
    *,
    campaign: Campaign,
    center: Center,
    confirm_names: bool,
    letter_id: int | None = None,
) -> tuple[dict[str, str], bool]:
    """Per-field messages of the privacy guard and the sibling-group rule; and whether names
    were found. `letter_id` is the letter being edited (it does not conflict with itself)."""
    texts = {name: getattr(data, name) for name in GUARDED_FIELDS}
    problems, names_found = privacy.field_problems(texts, confirm_names=confirm_names)
    for name, text in texts.items():
        if name not in problems and privacy.has_control_characters(text):
            problems[name] = _(
                "Tekst zawiera niewidoczne znaki sterujące (np. zmieniające kierunek pisma). "
                "Wpisz go ponownie lub wklej jako zwykły tekst."
            )
    group = data.sibling_group
    if len(group) > SIBLING_GROUP_MAX and "sibling_group" not in problems:
        # The form counted what was typed; upper case can be longer ("ß" is "SS").
        problems["sibling_group"] = _(
            "Najwyżej %(max)d znaków (wielkimi literami: „%(group)s”).",
            max=SIBLING_GROUP_MAX,
            group=group,
        )
    if (
        group
        and "sibling_group" not in problems
        and queries.sibling_group_elsewhere(
            campaign.id, group, center.id, except_letter_id=letter_id
        )
    ):
        problems["sibling_group"] = _(
            "Inne centrum używa już grupy rodzeństwa „%(group)s” w tej kampanii. Wybierz inną "
            "(np. z numerem centrum: %(number)s-%(group)s).",
            group=group,
            number=center.number,
        )
    return problems, names_found


def _insert_with_fresh_code(letter: Letter, prefix: str) -> Letter:
    """Insert with a new random code, retrying on the rare collision.

    A unique violation on the submission key means a double submit won the race: the letter it
    created is returned instead.
    """
    for _attempt in range(CODE_ATTEMPTS):
        letter.code = codes.generate_code(prefix)
        try:
            with db.session.begin_nested():
                db.session.add(letter)
        except IntegrityError:
            if letter.submission_key:
                existing = _earlier_submission(letter.submission_key, letter.author_id)
                if existing is not None:
                    return existing
            continue
        return letter
    raise Conflict(N_("Nie udało się nadać kodu listu. Spróbuj ponownie."))


# --- status changes --------------------------------------------------------------------------


def submit_letter(letter: Letter, *, actor: User) -> LetterStatus:
    """Draft → review, or straight to available when the campaign has review switched off."""
    with _locked(letter, actor):
        if letter.status != S.DRAFT:
            raise NotAllowed(N_("Do sprawdzenia można zgłosić tylko szkic."))
        target = S.REVIEW if letter.campaign.review_required else S.AVAILABLE
        change_status(letter, target, actor_id=actor.id)
    return target


def approve_letter(letter: Letter, *, actor: User) -> None:
    """Review → available, by a second pair of eyes: someone of the centre (or a coordinator)
    who neither wrote, edited nor submitted the content under review."""
    with _locked(letter, actor):
        if letter.status != S.REVIEW:
            raise NotAllowed(N_("Zatwierdzić można tylko list czekający na sprawdzenie."))
        if not can_approve(actor, letter):
            raise PermissionDenied(
                N_(
                    "Nie możesz zatwierdzić tego listu, bo to Ty go napisałaś/napisałeś, "
                    "edytowałaś/edytowałeś albo zgłosiłaś/zgłosiłeś do sprawdzenia. Sprawdzić "
                    "go musi ktoś inny: koordynator albo inna osoba z centrum."
                )
            )
        change_status(letter, S.AVAILABLE, actor_id=actor.id)
        letter.review_note = ""


def send_back_letter(letter: Letter, *, actor: User, reason: str) -> None:
    """Review → draft, with the reason the author will read."""
    reason = _required_reason(reason)
    with _locked(letter, actor):
        if letter.status != S.REVIEW:
            raise NotAllowed(N_("Zwrócić do poprawy można tylko list czekający na sprawdzenie."))
        change_status(letter, S.DRAFT, actor_id=actor.id, reason=reason)
        letter.review_note = reason


def withdraw_letter(letter: Letter, *, actor: User, reason: str) -> None:
    """Draft, review or available → withdrawn, with a reason."""
    reason = _required_reason(reason)
    with _locked(letter, actor):
        if not can_withdraw(letter):
            raise NotAllowed(
                N_(
                    "Wycofać można tylko list, którego nikt jeszcze nie wybrał. "
                    "Ten list ma status „%(status)s”."
                ),
                status=letter.status_enum.label,
            )
        change_status(letter, S.WITHDRAWN, actor_id=actor.id, reason=reason)
        letter.withdrawn_reason = reason


def publish_letter(letter: Letter, *, actor: User) -> LetterStatus:
    """One step towards the catalogue: submit a draft, or approve a letter in review."""
    db.session.refresh(letter)  # decide on what the letter is now, not when it was read
    if letter.status == S.REVIEW:
        approve_letter(letter, actor=actor)
        return S.AVAILABLE
    return submit_letter(letter, actor=actor)


# --- rescanning published letters ----------------------------------------------------------


@dataclass(frozen=True)
class RescanHit:
    letter: Letter
    findings: tuple[privacy.Finding, ...]
    moved: bool  # taken back to review (only available letters are)


def rescan_campaign(campaign: Campaign, *, apply: bool) -> list[RescanHit]:
    """Run the current privacy guard over every letter of `campaign`.

    With `apply`, flagged available letters go back to review (audited with the findings'
    kinds); claimed and later ones are only reported, for a coordinator to decide.
    """
    hits = []
    for letter in queries.campaign_letters(campaign.id):
        findings = tuple(
            f
            for name in ("wish", "needs")
            for f in privacy.check_text(getattr(letter, name) or "")
            if f.certain
        )
        if not findings:
            continue
        moved = apply and letter.status_enum is S.AVAILABLE
        if moved:
            change_status(
                letter,
                S.REVIEW,
                actor_id=None,
                reason="privacy rescan",
                data={"source": "rescan", "kinds": sorted({f.kind for f in findings})},
            )
        hits.append(RescanHit(letter, findings, moved))
    if apply:
        db.session.commit()
    return hits


# --- helpers ---------------------------------------------------------------------------------


def current_campaign() -> Campaign:
    campaign = Campaign.current()
    if campaign is None:
        raise NotAllowed(N_("Nie ma bieżącej kampanii: koordynator musi ją najpierw wskazać."))
    return campaign


def allowed_center(actor: User, center: Center | None) -> Center:
    """A coordinator picks any centre; a social worker's letters are always their own centre's."""
    if actor.is_coordinator:
        if center is None:
            raise ValidationFailed(N_("Wybierz centrum."), fields={"center": _("Wybierz centrum.")})
        return center
    if not actor.is_social_worker or actor.center is None:
        raise PermissionDenied(N_("Twoje konto nie jest przypisane do centrum."))
    if center is not None and center.id != actor.center_id:
        raise PermissionDenied(N_("Możesz dodawać listy tylko swojego centrum."))
    return actor.center


def _require_access(actor: User, letter: Letter) -> None:
    if not can_see(actor, letter):
        raise PermissionDenied(N_("To nie jest list Twojego centrum."))


def _required_reason(reason: str) -> str:

    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(N_("Podaj powód."), fields={"reason": _("Podaj powód.")})
    if len(reason) > REASON_MAX:
        message = _("Najwyżej %(max)d znaków.", max=REASON_MAX)
        raise ValidationFailed(N_("Powód jest za długi."), fields={"reason": message})
    return reason


@contextmanager
def _locked(letter: Letter, actor: User) -> Iterator[Letter]:
    """One transaction on a letter decided on its current row: re-read under a row lock, check
    access, run the block, commit; a DomainError rolls back (releasing the lock) and re-raises.

    The request read the letter earlier; meanwhile a donor may have claimed it or a colleague
    approved or withdrawn it. PostgreSQL's FOR UPDATE waits for such a change to commit and then
    reads it; SQLite starts every transaction with BEGIN IMMEDIATE, which serialises writers.
    """
    try:
        db.session.refresh(letter, with_for_update=True)
        _require_access(actor, letter)
        yield letter
        db.session.commit()
    except DomainError:
        db.session.rollback()
        raise
