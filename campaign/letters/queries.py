"""Reusable letter queries."""

from dataclasses import dataclass

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from campaign.auth.models import User
from campaign.core.audit import Event
from campaign.core.centres import Center
from campaign.extensions import db
from campaign.letters import codes
from campaign.letters.models import Campaign, Letter, LetterStatus


@dataclass(frozen=True)
class CodeLookup:
    """The outcome of looking up a code typed or scanned by a person.

    `problem` is None when found, "check" when the check character is wrong or the prefix is no
    campaign's (a typo: say "check the code", suggest `near`), "shape" when it is not a code at
    all, "unknown" when it is a valid code that no letter has.
    """

    normalised: str
    letter: Letter | None
    problem: str | None
    near: tuple[Letter, ...] = ()


def lookup_code(raw: str, *, suggest: bool = False) -> CodeLookup:
    """Find a letter by a code in any case, with or without dashes and spaces.

    A scanned slip URL (``https://.../p/KMP26-7KQ4M-X``) is accepted too: scanners type it.
    """
    text = (raw or "").strip()
    if "/p/" in text:
        text = text.rsplit("/p/", 1)[1].split("?", 1)[0].strip("/")
    code = codes.normalise(text)
    if not codes.has_valid_shape(code):
        return CodeLookup(code, None, "shape")
    if not codes.is_valid(code):
        near: tuple[Letter, ...] = ()
        if suggest:
            candidates = codes.near_matches(code)
            near = tuple(db.session.scalars(db.select(Letter).where(Letter.code.in_(candidates))))
        return CodeLookup(code, None, "check", near)
    prefix, body, check = codes.split(code)
    known = _known_prefixes()
    if prefix not in known:
        # The check character guards only the body: a prefix no campaign has is a typo too.
        near = _same_tail_letters(body + check, known) if suggest else ()
        return CodeLookup(code, None, "check", near)
    letter = db.session.scalar(db.select(Letter).where(Letter.code == code))
    return CodeLookup(code, letter, None if letter else "unknown")


def _known_prefixes() -> set[str]:
    return set(db.session.scalars(select(Campaign.code_prefix)))


def _same_tail_letters(tail: str, prefixes: set[str]) -> tuple[Letter, ...]:
    """Letters whose code has this body and check under a campaign prefix that exists."""
    if not prefixes:
        return ()
    candidates = [prefix + tail for prefix in prefixes]
    return tuple(
        db.session.scalars(select(Letter).where(Letter.code.in_(candidates)).order_by(Letter.code))
    )


# --- staff views of letters ------------------------------------------------------------------


def scoped(statement: Select, user: User) -> Select:
    """Limit a letters query to what `user` may see: a social worker, their centre's letters."""
    if user.is_coordinator:
        return statement
    return statement.where(Letter.center_id == user.center_id)


def staff_letters(
    user: User,
    campaign_id: int,
    *,
    status: str | None = None,
    center_id: int | None = None,
    code_fragment: str = "",
) -> Select:
    statement = scoped(select(Letter), user).where(Letter.campaign_id == campaign_id)
    if status:
        statement = statement.where(Letter.status == status)
    if center_id:
        statement = statement.where(Letter.center_id == center_id)
    if code_fragment:
        statement = statement.where(Letter.code.contains(code_fragment, autoescape=True))
    return statement.options(joinedload(Letter.center)).order_by(
        Letter.created_at.desc(), Letter.id.desc()
    )


def status_counts(user: User, campaign_id: int, *, center_id: int | None = None) -> dict:
    """{status: count} for every LetterStatus (zeros included) within what `user` may see."""
    statement = scoped(select(Letter.status, func.count(Letter.id)), user).where(
        Letter.campaign_id == campaign_id
    )
    if center_id:
        statement = statement.where(Letter.center_id == center_id)
    found = dict(db.session.execute(statement.group_by(Letter.status)).all())
    return {status: found.get(status.value, 0) for status in LetterStatus}


def letter_by_submission_key(key: str) -> Letter | None:
    return db.session.scalar(select(Letter).where(Letter.submission_key == key))


def history(letter: Letter) -> list[Event]:
    """The letter's Events, newest first, with who did them."""
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.letter_id == letter.id)
            .options(joinedload(Event.actor))
            .order_by(Event.created_at.desc(), Event.id.desc())
        )
    )


def content_contributors(letter: Letter) -> set[int]:
    """Ids of who wrote, edited or submitted the letter's current content: its author, and
    whoever edited it or sent it to review since it last became a draft (created or sent back:
    what was reviewed before a send-back is not what waits now)."""
    last_draft = db.session.scalar(
        select(func.max(Event.id)).where(
            Event.letter_id == letter.id,
            Event.kind == "letter.status",
            Event.to_status == LetterStatus.DRAFT.value,
        )
    )
    statement = select(Event.actor_id).where(
        Event.letter_id == letter.id,
        Event.actor_id.is_not(None),
        or_(
            Event.kind == "letter.edited",
            and_(Event.kind == "letter.status", Event.to_status == LetterStatus.REVIEW.value),
        ),
    )
    if last_draft is not None:
        statement = statement.where(Event.id > last_draft)
    people = set(db.session.scalars(statement))
    if letter.author_id is not None:
        people.add(letter.author_id)
    return people


def sibling_group_elsewhere(
    campaign_id: int, group: str, center_id: int, *, except_letter_id: int | None = None
) -> bool:
    """True when another centre already uses this sibling-group key in the campaign."""
    statement = select(Letter.id).where(
        Letter.campaign_id == campaign_id,
        Letter.sibling_group == group,
        Letter.center_id != center_id,
    )
    if except_letter_id is not None:
        statement = statement.where(Letter.id != except_letter_id)
    return db.session.scalar(statement.limit(1)) is not None


def sibling_letters(letter: Letter) -> list[Letter]:
    if not letter.sibling_group:
        return []
    return list(
        db.session.scalars(
            select(Letter)
            .where(
                Letter.campaign_id == letter.campaign_id,
                Letter.sibling_group == letter.sibling_group,
                Letter.id != letter.id,
            )
            .order_by(Letter.age.desc())
        )
    )


# --- campaigns and centres -------------------------------------------------------------------


def all_campaigns() -> list[Campaign]:
    return list(
        db.session.scalars(select(Campaign).order_by(Campaign.year.desc(), Campaign.id.desc()))
    )


def letter_counts_by_campaign() -> dict[int, int]:
    rows = db.session.execute(
        select(Letter.campaign_id, func.count(Letter.id)).group_by(Letter.campaign_id)
    )
    return dict(rows.all())


def printable_letters(campaign_id: int, center_id: int | None = None) -> Select:
    """Letters to print for donors to take (available and not covered by the centre), centre by
    centre, with what the page shows loaded up front."""
    statement = select(Letter).where(Letter.campaign_id == campaign_id, Letter.claimable())
    if center_id:
        statement = statement.where(Letter.center_id == center_id)
    return (
        statement.join(Letter.center)
        .options(
            selectinload(Letter.center).selectinload(Center.hours),
            joinedload(Letter.campaign),
        )
        .order_by(Center.number, Letter.code)
    )


def campaign_letters(campaign_id: int) -> list[Letter]:
    return list(
        db.session.scalars(
            select(Letter).where(Letter.campaign_id == campaign_id).order_by(Letter.id)
        )
    )


# --- counts per status ------------------------------------------------------------------------


def campaign_status_counts(campaign_id: int) -> dict[str, int]:
    """{status: count} of a campaign's letters; statuses without letters are absent."""
    rows = db.session.execute(
        select(Letter.status, func.count())
        .where(Letter.campaign_id == campaign_id)
        .group_by(Letter.status)
    )
    return {status: n for status, n in rows}


def status_counts_by_center(campaign_id: int) -> dict[int, dict[str, int]]:
    """{center_id: {status: count}}; centres without letters in the campaign are absent."""
    rows = db.session.execute(
        select(Letter.center_id, Letter.status, func.count())
        .where(Letter.campaign_id == campaign_id)
        .group_by(Letter.center_id, Letter.status)
    )
    counts: dict[int, dict[str, int]] = {}
    for center_id, status, n in rows:
        counts.setdefault(center_id, {})[status] = n
    return counts
