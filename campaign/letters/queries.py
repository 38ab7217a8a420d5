"""Reusable letter queries."""

from dataclasses import dataclass

from campaign.extensions import db
from campaign.letters import codes
from campaign.letters.models import Letter


@dataclass(frozen=True)
class CodeLookup:
    """The outcome of looking up a code typed or scanned by a person.

    `problem` is None when found, "check" when the check character is wrong (a typo: say "check
    the code", suggest `near`), "shape" when it is not a code at all, "unknown" when it is a valid
    code that no letter has.
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
    letter = db.session.scalar(db.select(Letter).where(Letter.code == code))
    return CodeLookup(code, letter, None if letter else "unknown")
