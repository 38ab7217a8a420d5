"""Undo the light disguises of personal data before any pattern looks at a text.

Full-width forms and compatibility characters become plain ones (Unicode NFKC), invisible
characters (zero-width spaces and joiners, soft hyphens, other format and control characters) go,
every dash becomes "-" and every space " ", Cyrillic and Greek letters that look Latin become
Latin, and look-alike letters inside a run of digits are read as digits ("5O1" is "501").

The normalised text keeps a map back to the original, so that a finding can quote and highlight
what the author typed. Everything here is one pass over the text (linear time).
"""

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

# Characters that can only hide something: zero-width space/joiners, word joiner, soft hyphen,
# byte order mark, bidirectional controls.
INVISIBLE = set("\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u034f")
DASHES = set("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2043\u02d7")
LOOK_LATIN = dict(
    zip(
        "АВЕКМНОРСТХУаеорсухіјѕІЈЅΑΒΕΖΗΙΚΜΝΟΡΤΥΧονρτ",
        "ABEKMHOPCTXYaeopcyxijsIJSABEZHIKMNOPTYXovpt",
        strict=True,
    )
)
AT_SIGNS = set("\ufe6b\uff20")
# Look-alikes read as digits only inside a digit run: O/o→0, l/I→1, Z/z→2, S→5, B→8. A bar
# "|" may be a one or a separator ("79|909749", "10|28|26|64050"): it stays, and digits.py reads
# both ways.
# Cyrillic Ze and be look like 3 and 6 and have no Latin look-alike to become first.
DIGIT_LOOKS = {
    "Z": "2",
    "z": "2",
    "O": "0",
    "o": "0",
    "l": "1",
    "I": "1",
    "S": "5",
    "B": "8",
    "З": "3",
    "з": "3",
    "б": "6",
}
LOOK_RUN = re.compile(r"[0-9OolISBZzЗзб]+")
ANY_DIGIT = re.compile(r"\d")
# A lone look-alike between digits is read as one, but not the word "z" ("3 z 5", "1 z 2").
LONE_WORDS = {"z"}
# Everything outside ASCII printable and the Polish letters needs a look.
SPECIAL = re.compile(r"[^\n\x20-\x7eąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")


@dataclass(frozen=True)
class Normalised:
    text: str
    # (position in `text`, position in the original) at every place where the two drift apart.
    breaks: tuple[tuple[int, int], ...]
    original: str

    def origin(self, index: int) -> int:
        """The original position of `text[index]` (or of the end, for index == len(text))."""
        if not self.breaks:
            return index
        at = bisect_right(self.breaks, (index, float("inf"))) - 1
        if at < 0:
            return index
        norm, orig = self.breaks[at]
        return orig + (index - norm)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of `text[start:end]`."""
        if end <= start:
            return self.origin(start), self.origin(start)
        return self.origin(start), self.origin(end - 1) + 1


def _replacement(char: str) -> str:
    if char in INVISIBLE:
        return ""
    if char in DASHES:
        return "-"
    if char in AT_SIGNS:
        return "@"
    if char in LOOK_LATIN:
        return LOOK_LATIN[char]
    category = unicodedata.category(char)
    if category == "Zs" or char in "\t\r\x0b\x0c\x85\u2028\u2029":
        return " "
    if category == "Cf":
        return ""
    if category == "Cc":
        return " "
    folded = unicodedata.normalize("NFKC", char)
    if any(unicodedata.category(c) == "Pd" for c in folded):
        return "-"
    return folded


def _compose(pieces: list[str], mark: str) -> bool:
    """Join a combining mark to the letter before it ("a" + ogonek is "ą"); False if it cannot."""
    if not pieces or not pieces[-1]:
        return False
    composed = unicodedata.normalize("NFC", pieces[-1][-1] + mark)
    if len(composed) != 1:
        return False
    pieces[-1] = pieces[-1][:-1] + composed
    return True


def normalise(original: str) -> Normalised:
    pieces: list[str] = []
    breaks: list[tuple[int, int]] = []
    length = 0  # length of the normalised text so far
    last = 0
    for match in SPECIAL.finditer(original):
        index = match.start()
        char = match.group(0)
        if index > last:
            pieces.append(original[last:index])
            length += index - last
        last = index + 1
        if unicodedata.category(char) == "Mn" and _compose(pieces, char):
            breaks.append((length, index + 1))
            continue
        replacement = _replacement(char)
        if unicodedata.category(char) == "Mn":
            replacement = ""
        pieces.append(replacement)
        length += len(replacement)
        if len(replacement) != 1:
            # Every character of a longer replacement maps to the one it came from.
            breaks.append((length - len(replacement), index))
            breaks.append((length, index + 1))
    if last < len(original):
        pieces.append(original[last:])
    text = "".join(pieces)
    if ANY_DIGIT.search(text):  # every look-alike is read as a digit only next to a digit
        text = LOOK_RUN.sub(_digits_in_run, text)
    return Normalised(text, tuple(_monotone(breaks)), original)


def _monotone(breaks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    # An empty replacement puts two breaks at one normalised position: the later one counts.
    kept: list[tuple[int, int]] = []
    for point in breaks:
        if kept and kept[-1][0] == point[0]:
            kept[-1] = point
        else:
            kept.append(point)
    return kept


SEPARATORS = " .-/_*·|"


# The group next to a run, across a short separator: digits and look-alikes, with a digit in it
# (the neighbours are not converted yet when a run is read: "6OI-ZЗ4-567").
GROUP_AFTER = re.compile(r"[ .\-/_*·|]{1,3}([0-9OolISBZzЗзб]+)")
GROUP_BEFORE = re.compile(r"([0-9OolISBZzЗзб]+)[ .\-/_*·|]{1,3}$")


def _digit_after(text: str, end: int) -> bool:
    """Digits follow `end` across a short separator ("5O 1234", "SI8 9o4")."""
    match = GROUP_AFTER.match(text, end, end + 16)
    return match is not None and any(c.isdigit() for c in match.group(1))


def _digit_before(text: str, start: int) -> bool:
    match = GROUP_BEFORE.search(text, max(0, start - 16), start)
    return match is not None and any(c.isdigit() for c in match.group(1))


def _digits_around(text: str, start: int, end: int) -> bool:
    """A lone look-alike between separated digits ("5 O 1234") is a digit too."""
    after = text[end : end + 4].lstrip(SEPARATORS)
    before = text[max(0, start - 4) : start].rstrip(SEPARATORS)
    return after[:1].isdigit() and before[-1:].isdigit() and text[start - 1 : start] in SEPARATORS


def _zeros_of_a_number(run: str, text: str, start: int, end: int) -> bool:
    """Letters O standing for the zeros of a number ("83-OOO", "5OO 1OO"): no word is made of
    O alone, so a few of them next to digits are digits."""
    if len(run) > 4 or set(run) - {"O", "o"}:
        return False
    glued = (start > 0 and text[start - 1].isalpha()) or (end < len(text) and text[end].isalpha())
    return not glued and (_digit_before(text, start) or _digit_after(text, end))


def _digits_in_run(match: re.Match) -> str:
    run = match.group(0)
    if run.isdigit():
        return run
    text, start, end = match.string, match.start(), match.end()
    digits = sum(c.isdigit() for c in run)
    looks = len(run) - digits
    if digits == 0:
        if len(run) > 4:
            return run
        if len(run) == 1 and run not in LONE_WORDS and _digits_around(text, start, end):
            return DIGIT_LOOKS[run]
        if _zeros_of_a_number(run, text, start, end):
            return "0" * len(run)
        return run
    joined_after, joined_before = _digit_after(text, end), _digit_before(text, start)
    if digits == 1 and not (joined_after or joined_before):
        return run
    # Mostly letters is a word ("SOS1"), unless the run is one group of a longer number
    # ("SI8 9o4 359"): then two look-alikes to one digit still read as digits.
    joined = joined_after or joined_before
    if digits < looks and not (joined and looks <= 2 * digits):
        return run
    chars = list(run)
    lead = 0
    while lead < len(chars) and not chars[lead].isdigit():
        lead += 1
    trail = len(chars)
    while trail > 0 and not chars[trail - 1].isdigit():
        trail -= 1
    # A look-alike at the edge of the run counts only when no letter is glued to it ("LEGO42141"
    # keeps its O, "tel5O1" reads as "tel501"), and two or more at the end only when more digits
    # follow ("100zl" is a price, "88B" and "50SS 9" are digits).
    # Capitals before a number are an abbreviation ("ZS12", "ZSO15") unless the number goes on.
    abbreviation = lead >= 2 and run[:lead].isupper() and not joined
    keep_lead = lead and ((start > 0 and text[start - 1].isalpha()) or abbreviation)
    # A lone "l" after a number is litres ("plecak 20l") unless more digits follow.
    tail = run[trail:]
    keep_trail = trail < len(chars) and (
        (end < len(text) and text[end].isalpha())
        or ((len(tail) >= 2 or tail == "l") and not joined_after)
    )
    for i, char in enumerate(chars):
        if char.isdigit() or (keep_lead and i < lead) or (keep_trail and i >= trail):
            continue
        chars[i] = DIGIT_LOOKS[char]
    return "".join(chars)
