"""Numbers that identify a child: PESEL, phone numbers, postal codes of the Gdańsk area.

Digits are read as a stream: groups of digits joined by short separators (spaces, dots, slashes,
dashes, brackets) form one stream, however the writer split them ("15 22 15 12346",
"501  234  567", "(58) 342-31-36"), and digits glued to words count too ("numer501234567").
Every window of whole groups is checked: eleven digits with a valid PESEL check digit and date
are a PESEL; nine digits (after +48, 0048 or a trunk 0) are a phone number unless the context
says sizes, prices or a product code. Postal codes are read separately (see `postal_codes`).
"""

import re
from calendar import monthrange

from campaign.letters.privacy.lists import PLACE_WORDS

GROUP = re.compile(r"\d+")
GAP = re.compile(r"[ .\-/()\[\]+]{1,4}")
MAX_GROUPS = 13  # a window never needs more groups than 13 digits

# Children's clothing sizes (50, 56, ... 188) and shoe sizes: a run of them is sizes.
CLOTHING_SIZES = {str(n) for n in range(50, 189, 6)}
UNIT_AFTER = re.compile(
    r"(?i)\s*(?:zł\w*|zl\b|pln|euro|eur\b|€|\$|cm|mm|kg|g\b|ml|l\b|el\b|elem\w*|szt\w*|lat\w*"
    r"|cali|części|klock\w*|stron\w*|kolor\w*|gb|tb|mb|%|x\b|razy|sztuk\w*|dni|minut\w*|r\.|rok\w*)"
)
PRODUCT_BEFORE = re.compile(r"(?i)(?:isbn|ean|kod\s+kreskowy|kod\s+produktu)[\s:#-]*$")
PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
PESEL_CENTURY = {0: 1900, 20: 2000, 40: 2100, 60: 2200, 80: 1800}


def is_pesel(digits: str) -> bool:
    """Eleven digits with a valid check digit and a real date of birth."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits, PESEL_WEIGHTS, strict=False))
    if (10 - total % 10) % 10 != int(digits[10]):
        return False
    year, month, day = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    offset = (month - 1) // 20 * 20
    month -= offset
    if offset not in PESEL_CENTURY or not 1 <= month <= 12:
        return False
    return 1 <= day <= monthrange(PESEL_CENTURY[offset] + year, month)[1]


def streams(text: str) -> list[list[re.Match]]:
    """Digit groups of `text`, grouped into streams joined by short separators."""
    found: list[list[re.Match]] = []
    current: list[re.Match] = []
    for match in GROUP.finditer(text):
        if current and GAP.fullmatch(text, current[-1].end(), match.start()):
            current.append(match)
            continue
        if current:
            found.append(current)
        current = [match]
    if current:
        found.append(current)
    return found


def _phone_digits(digits: str) -> str | None:
    """The national nine digits of a phone number written with or without its prefixes."""
    for prefix in ("0048", "48", "0"):
        if len(digits) == 9 + len(prefix) and digits.startswith(prefix):
            return digits[len(prefix) :]
    return digits if len(digits) == 9 else None


SHOE_SIZES = {str(n) for n in range(16, 49)}
SIZE_BEFORE = re.compile(r"(?i)(?:rozmiar\w*|rozm|wzrost\w*|numer\w*\s+but\w*)\.?[\s:]*$")


def _looks_like_sizes(groups: list[re.Match]) -> bool:
    return all(g.group(0) in CLOTHING_SIZES or g.group(0) in SHOE_SIZES for g in groups)


# A number the writer labels as a PESEL or a phone number is one, whatever its length or check
# digit: a mistyped PESEL ("PESEL 1522151234") or a short local number still identifies a child.
LABELLED = re.compile(
    r"(?i)(?<!\w)(?:(?P<pesel>pesel\w*)|(?P<phone>tel\.?|tel(?:efon|ef)\w*|komórk\w*|kom\.|gsm"
    r"|sms\w*|whats\s?app\w*|dzwo[nń]\w*|zadzwo\w*|numer\s+(?:do\s+)?(?:mamy|taty|babci|dziadka)))"
    r"(?:\s+do)?(?:\s+(?:mamy|taty|babci|dziadka|opiekun\w*|domu|rodzic\w*|mnie))?"
    r"(?:\s*(?:nr|numer|to|jest|:|-|#)\s*)*\s*:?\s*(?P<number>(?:\+?\d[ .\-/()]{0,3}){6,13})"
)
MIN_LABELLED = {"pesel": 6, "phone": 7}


def labelled_numbers(text: str) -> list[tuple[str, int, int]]:
    found = []
    for match in LABELLED.finditer(text):
        kind = "pesel" if match["pesel"] else "phone"
        number = match["number"]
        if sum(c.isdigit() for c in number) < MIN_LABELLED[kind]:
            continue
        if UNIT_AFTER.match(text, match.end("number")):
            continue
        found.append((kind, match.start("number"), match.end("number")))
    return found


# A number spelled out digit by digit ("pięć zero jeden dwa trzy...") is read like digits.
DIGIT_WORDS = {
    "zero": "0",
    "jeden": "1",
    "jedynka": "1",
    "dwa": "2",
    "trzy": "3",
    "cztery": "4",
    "pięć": "5",
    "piec": "5",
    "sześć": "6",
    "szesc": "6",
    "siedem": "7",
    "osiem": "8",
    "dziewięć": "9",
    "dziewiec": "9",
}
SPELLED = re.compile(
    r"(?i)(?<!\w)(?:(?:" + "|".join(DIGIT_WORDS) + r"|\d{1,4})(?:[\s,.\-]{1,3}|$)){3,13}"
)


def spelled_numbers(text: str) -> list[tuple[str, int, int]]:
    found = []
    for match in SPELLED.finditer(text):
        words = re.findall(r"[^\W_]+", match.group(0).lower())
        if not any(word in DIGIT_WORDS for word in words):
            continue  # plain digits are the streams' job
        digits = "".join(DIGIT_WORDS.get(word, word) for word in words)
        end = match.start() + len(match.group(0).rstrip(" ,.-"))
        if is_pesel(digits[:11]) and len(digits) >= 11:
            found.append(("pesel", match.start(), end))
        elif len(digits) >= 9:
            found.append(("phone", match.start(), end))
    return found


def numbers(text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of every PESEL and phone number in `text`."""
    found: list[tuple[str, int, int]] = labelled_numbers(text) + spelled_numbers(text)
    for stream in streams(text):
        taken_until = -1
        for first in range(len(stream)):
            if stream[first].start() < taken_until:
                continue
            hit = _window_at(text, stream, first)
            if hit:
                found.append(hit)
                taken_until = hit[2]
    return found


def _window_at(text: str, stream: list[re.Match], first: int) -> tuple[str, int, int] | None:
    digits = ""
    best = None
    for last in range(first, min(len(stream), first + MAX_GROUPS)):
        digits += stream[last].group(0)
        if len(digits) > 13:
            break
        start, end = stream[first].start(), stream[last].end()
        if len(digits) == 11 and is_pesel(digits):
            return ("pesel", start, end)
        if best is None and _is_phone(text, stream[first : last + 1], digits):
            best = ("phone", start, end)
    return best


def _is_phone(text: str, groups: list[re.Match], digits: str) -> bool:
    national = _phone_digits(digits)
    if national is None or national[0] == "0":
        return False
    if len(groups) > 1 and _looks_like_sizes(groups):
        return False
    if UNIT_AFTER.match(text, groups[-1].end()):
        return False
    before = text[max(0, groups[0].start() - 30) : groups[0].start()]
    return not (PRODUCT_BEFORE.search(before) or SIZE_BEFORE.search(before))


# --- postal codes ------------------------------------------------------------------------------

# "80-180" in any spelling: with a hyphen (any area, as before) or, for the Gdańsk area (80-84),
# also "80 180", "80.180" and "80180" when a place name or the word "kod" stands next to it.
HYPHENATED = re.compile(r"(?<![\d\-/.])(\d{2}) ?- ?(\d{3})(?![\d\-/])")
LOOSE = re.compile(r"(?<![\d\-/.,])(8[0-4])[ .]?(\d{3})(?![\d\-/,])")
RANGE_BEFORE = re.compile(
    r"(?i)(?<!\w)(?:rozmiar\w*|rozm|roz|r|wzrost\w*|cm|za|od|cen[aąy]|ok|około|budżet\w*"
    r"|wiek\w*|lat\w*|dla|numer\w*|nr|rok\w*|lata\w*|ma|mam|od)\.?\s*$"
)
PLACE_NEAR = re.compile(r"[\w.]+")
CODE_WORD_BEFORE = re.compile(r"(?i)(?:kod\w*(?:\s+pocztow\w*)?|adres\w*|mieszk\w*)[\s:]*$")


def _place_near(text: str, start: int, end: int) -> bool:
    before = PLACE_NEAR.findall(text[max(0, start - 40) : start])[-2:]
    after = PLACE_NEAR.findall(text[end : end + 40])[:2]
    return any(word.lower().strip(".") in PLACE_WORDS for word in before + after)


def postal_codes(text: str) -> list[tuple[int, int]]:
    found = []
    for match in HYPHENATED.finditer(text):
        if _hyphenated_is_postal(text, match):
            found.append((match.start(), match.end()))
    taken = {start for start, _end in found}
    for match in LOOSE.finditer(text):
        if match.start() in taken or UNIT_AFTER.match(text, match.end()):
            continue
        before = text[max(0, match.start() - 40) : match.start()]
        if _place_near(text, match.start(), match.end()) or CODE_WORD_BEFORE.search(before):
            found.append((match.start(), match.end()))
    return found


def _hyphenated_is_postal(text: str, match: re.Match) -> bool:
    """NN-NNN is a postal code unless a unit follows, a size or price word stands before, or it
    is two neighbouring clothing sizes ("kurtka 98-104"); a place name settles it."""
    if _place_near(text, match.start(), match.end()):
        return True
    if UNIT_AFTER.match(text, match.end()):
        return False
    if RANGE_BEFORE.search(text[max(0, match.start() - 30) : match.start()]):
        return False
    first, second = match.group(1), match.group(2)
    sizes = first in CLOTHING_SIZES and second in CLOTHING_SIZES
    return not (sizes and 0 < int(second) - int(first) <= 12)
