"""Numbers that identify a child: PESEL, phone numbers, postal codes of the Gdańsk area.

Digits are read as a stream: groups of digits joined by short separators (spaces, dots, slashes,
dashes, brackets, "·", "_", "*", "...") or by the words of a number given in pieces ("132303 i
dalej 37389", "455, potem 421") form one stream, however the writer split them, and digits glued
to words count too ("numer501234567"). Every window of whole groups is checked: eleven digits with
a valid PESEL check digit and date are a PESEL; nine digits (after +48, 0048 or a trunk 0) that
start like a Polish number, or follow a contact word, are a phone number unless the context says
sizes, prices, a date or a book or product code. Numbers in Polish words, digit by digit or in
tens and hundreds, are read the same way. Postal codes are read separately (see `postal_codes`).
"""

import re
from calendar import monthrange
from dataclasses import dataclass
from functools import lru_cache

from campaign.letters.privacy.lists import PLACE_WORDS

GROUP = re.compile(r"\d+")
# Between two groups of one number: a few separator characters ("501 234 567", "736 ... 650",
# "142710_39373", "15·22·15"). Commas and the words a writer uses to give a number in pieces
# ("132303 i dalej 37389", "455, potem 421, potem 879", "536, 872, 011") join only groups of three
# or more digits (the other two or more), so that "3 i 5 lat" and "Kartuska 102/4, 80-180" stay
# apart.
SEP = r"[ .\-/()\[\]+·_*|=~;]"
GAP = re.compile(SEP + r"{1,6}")
PIECE_SEP = r"[ .\-/()\[\]+·_*|=~;,]"
CONNECTOR = re.compile(
    r"(?i)"
    + PIECE_SEP
    + r"{0,3}(?:(?:i|a|oraz|potem|dalej|następnie|nastepnie|później|pozniej|reszta|końcówka"
    r"|koncowka|ciąg\s+dalszy|dalsza\s+część|kolejn\w*|następn\w*|nastepn\w*|ostatni\w*|dalsz\w*"
    r"|to)" + PIECE_SEP + r"{1,3}){0,3}"
)
MAX_GROUPS = 13  # a window never needs more groups than 13 digits

# Children's clothing sizes (50, 56, ... 188) and shoe sizes: a run of them is sizes.
CLOTHING_SIZES = {str(n) for n in range(50, 189, 6)}
UNIT_AFTER = re.compile(
    r"(?i)\s*(?:zł\w*|zl\b|pln|euro|eur\b|€|\$|cm|mm|kg|g\b|ml|l\b|el\b|elem\w*|szt\w*|lat\w*"
    r"|cali|części|klock\w*|stron\w*|kolor\w*|gb|tb|mb|%|x\b|razy|sztuk\w*|dni|minut\w*|r\.|rok\w*)"
)
PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
PESEL_CENTURY = {0: 1900, 20: 2000, 40: 2100, 60: 2200, 80: 1800}


def is_pesel(digits: str) -> bool:
    """Eleven digits with a valid check digit and a real date of birth."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    # The date first: it is cheaper and rules out most digit strings.
    year, month, day = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    offset = (month - 1) // 20 * 20
    month -= offset
    if offset not in PESEL_CENTURY or not 1 <= month <= 12 or not 1 <= day <= 31:
        return False
    total = sum(int(d) * w for d, w in zip(digits, PESEL_WEIGHTS, strict=False))
    if (10 - total % 10) % 10 != int(digits[10]):
        return False
    return day <= monthrange(PESEL_CENTURY[offset] + year, month)[1]


def streams(text: str) -> list[list[re.Match]]:
    """Digit groups of `text`, grouped into streams joined by short separators."""
    found: list[list[re.Match]] = []
    current: list[re.Match] = []
    for match in GROUP.finditer(text):
        if current and _joined(text, current[-1], match):
            current.append(match)
            continue
        if current:
            found.append(current)
        current = [match]
    if current:
        found.append(current)
    return found


def _joined(text: str, previous: re.Match, match: re.Match) -> bool:
    if GAP.fullmatch(text, previous.end(), match.start()):
        return True
    shorter, longer = sorted((len(previous.group(0)), len(match.group(0))))
    return (
        shorter >= 2
        and longer >= 3
        and CONNECTOR.fullmatch(text, previous.end(), match.start()) is not None
    )


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


# A number spelled out in words is read like digits: digit by digit ("pięć zero jeden..."), in
# tens and hundreds as a phone number is read aloud ("sześćset trzy trzysta trzydzieści trzy",
# "osiemdziesiąt sto osiemdziesiąt" for 80-180), mixed with digits ("697 jeden pięć 184"), with
# or without Polish letters. Values: (number, digits it takes, the smallest place it can still
# take: 1 after a hundred or a ten, 0 when the group is complete).
UNITS = {
    "zero": 0,
    "jeden": 1,
    "jedna": 1,
    "jedno": 1,
    "jedynka": 1,
    "dwa": 2,
    "dwie": 2,
    "trzy": 3,
    "cztery": 4,
    "piec": 5,
    "szesc": 6,
    "siedem": 7,
    "osiem": 8,
    "dziewiec": 9,
    # The names of digits as spoken ("dwójka", "ósemka").
    "zerko": 0,
    "dwojka": 2,
    "trojka": 3,
    "czworka": 4,
    "piatka": 5,
    "szostka": 6,
    "siodemka": 7,
    "osemka": 8,
    "dziewiatka": 9,
}
TEENS = {
    "dziesiec": 10,
    "jedenascie": 11,
    "dwanascie": 12,
    "trzynascie": 13,
    "czternascie": 14,
    "pietnascie": 15,
    "szesnascie": 16,
    "siedemnascie": 17,
    "osiemnascie": 18,
    "dziewietnascie": 19,
}
TENS = {
    "dwadziescia": 20,
    "trzydziesci": 30,
    "czterdziesci": 40,
    "piecdziesiat": 50,
    "szescdziesiat": 60,
    "siedemdziesiat": 70,
    "osiemdziesiat": 80,
    "dziewiecdziesiat": 90,
}
HUNDREDS = {
    "sto": 100,
    "dwiescie": 200,
    "trzysta": 300,
    "czterysta": 400,
    "piecset": 500,
    "szescset": 600,
    "siedemset": 700,
    "osiemset": 800,
    "dziewiecset": 900,
}
# Polish letters folded to ASCII (one character each, so positions stay), for the word lists.
FOLD = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")
_NUMBER_WORDS = sorted({*UNITS, *TEENS, *TENS, *HUNDREDS}, key=len, reverse=True)
# Digit groups between number words may be long ("siedem osiem cztery 218798"): the share of
# digits written in words (`spelled_numbers`) keeps plain numbers with a stray word out.
_SPELLED_TOKEN = r"(?:(?:" + "|".join(_NUMBER_WORDS) + r")(?![^\W\d_])|\d{1,8}(?!\d))"
# The first token stands after no letter or digit (and starts with a letter a number word can
# start with, or a digit), so that a long run of digits or letters is tried once, not at every
# position.
SPELLED = re.compile(
    r"(?i)(?<!\w)(?=[\dzjdtcpso])"
    + _SPELLED_TOKEN
    + r"(?:(?:[\s,.\-/|_·;]|i\s|a\s|potem\s|dalej\s){1,3}"
    + _SPELLED_TOKEN
    + r")+"
)
SPELLED_TOKEN = re.compile(r"[^\W_]+")


Group = tuple[str, int, int, bool]  # digits, start, end, whether written in words


def _spelled_groups(tokens: list[tuple[str, int, int]]) -> list[Group]:
    """The digit groups a sequence of number words (and digit groups) stands for: "sześćset trzy"
    is one group (603), "osiemdziesiąt sto osiemdziesiąt" two (80, 180), "jeden dwa" two."""
    done: list[Group] = []
    value, width, open_place = 0, 0, 0  # the group being read; open_place 0: it is complete
    start = end = 0

    def close() -> None:
        if width:
            done.append((str(value).zfill(width), start, end, True))

    for word, word_start, word_end in tokens:
        if word.isdigit():
            close()
            done.append((word, word_start, word_end, False))
            width = open_place = 0
            continue
        if word in HUNDREDS:
            close()
            value, width, open_place, start = HUNDREDS[word], 3, 10, word_start
        elif word in TENS or word in TEENS:
            number = TENS.get(word) or TEENS[word]
            if open_place >= 10:
                value += number
            else:
                close()
                value, width, start = number, 2, word_start
            open_place = 1 if word in TENS else 0
        else:
            if open_place >= 1 and UNITS[word]:
                value += UNITS[word]
            else:
                close()
                value, width, start = UNITS[word], 1, word_start
            open_place = 0
        end = word_end
    close()
    return done


NOT_DIGITS = frozenset({"i", "a", "potem", "dalej"})


@lru_cache(maxsize=4)
def spelled(text: str) -> tuple[tuple[Group, ...], ...]:
    """The digit groups of every number written at least partly in words."""
    found = []
    folded = text.translate(FOLD)
    for match in SPELLED.finditer(folded):
        tokens = [
            (token.group(0).lower(), token.start() + match.start(), token.end() + match.start())
            for token in SPELLED_TOKEN.finditer(match.group(0))
            if token.group(0).lower() not in NOT_DIGITS
        ]
        if all(word.isdigit() for word, _start, _end in tokens):
            continue  # plain digits are the streams' job
        found.append(tuple(_spelled_groups(tokens)))
    return tuple(found)


def spelled_numbers(text: str) -> list[tuple[str, int, int]]:
    found = []
    for groups in spelled(text):
        digits = "".join(group[0] for group in groups)
        start, end = groups[0][1], groups[-1][2]
        in_words = sum(len(group[0]) for group in groups if group[3])
        if in_words * 3 < len(digits):
            # Mostly digits with a stray number word: "roczniki 2014, 2016 i 2018 – trójka".
            continue
        # A number read aloud starts at the start of a group ("sto dwadzieścia..." is not "20...").
        starts, at = [], 0
        for group in groups:
            starts.append(at)
            at += len(group[0])
        if any(is_pesel(digits[i : i + 11]) for i in starts):
            found.append(("pesel", start, end))
        elif len(digits) >= 9 and _valid_national(digits, starts):
            found.append(("phone", start, end))
    return found


def _valid_national(digits: str, starts: list[int]) -> bool:
    """Some window of `digits` from one of `starts` is a phone number (nine national digits, not
    starting with the trunk 0, after +48 or 0048 if any)."""
    for n in (9, 11, 13):
        for i in starts:
            national = _phone_digits(digits[i : i + n])
            if national and national[0] != "0":
                return True
    return False


# Numbers that say what they are: book and product codes, offers, orders, references. Their
# digits are never a phone number or a PESEL ("ISBN 978-83-240-5931-1", "nr oferty Allegro
# 13994527610", "ref. 2024/11/305").
PRODUCT_BEFORE = re.compile(
    r"(?i)(?<!\w)(?:isbn\w*|issn|ean\w*|gtin|upc|kod\w*\s+kreskow\w*|kod\w*\s+produkt\w*"
    r"|ofert\w*|aukcj\w*|allegro|zamówieni\w*|zamowieni\w*|ref\.?|referencyjn\w*|sygn\.?"
    r"|sygnatur\w*|faktur\w*|paragon\w*|katalogow\w*|kat\.|art\.|artykuł\w*|indeks\w*"
    r"|model\w*|lego|duplo|playmobil\w*|cobi|zestaw\w*\s+nr|seri[ai]\w*\s+nr|nr\s+seryjn\w*"
    r"|paczk\w*\s+nr|list\w*\s+przewozow\w*"
    r")(?:\s+(?:nr|numer|no|allegro|produktu|ofert\w*|fv|vat))*[\s:#.\-]*$"
)
BOOK_PREFIXES = ("978", "979")


def _is_product_code(text: str, stream: list[re.Match]) -> bool:
    """A stream that is a book or product code by its label or by its shape: thirteen digits
    starting 978/979 (an ISBN, labelled or not) or a valid EAN-13 written as one group."""
    before = text[max(0, stream[0].start() - 40) : stream[0].start()]
    if PRODUCT_BEFORE.search(before):
        return True
    digits = "".join(group.group(0) for group in stream)
    if len(digits) == 13 and digits.startswith(BOOK_PREFIXES):
        return True
    return len(stream) == 1 and len(digits) in (8, 13) and _ean_valid(digits) and digits[:2] != "48"


def _ean_valid(digits: str) -> bool:
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


# A bar next to a digit is a separator or a one ("79|909749" is 791909749): the text is read both
# ways (the same length, so the spans hold for both).
BAR_IN_DIGITS = re.compile(r"(?<=\d)\||\|(?=\d)")


def _readings(text: str) -> list[str]:
    if "|" not in text:
        return [text]
    as_ones = BAR_IN_DIGITS.sub("1", text)
    return [text] if as_ones == text else [text, as_ones]


@lru_cache(maxsize=4)
def numbers(text: str) -> tuple[tuple[str, int, int], ...]:
    """(kind, start, end) of every PESEL and phone number in `text`.

    Cached: the guard asks once for PESELs and once for phones, usually of the same text."""
    return tuple(hit for reading in _readings(text) for hit in _numbers_in(reading))


# A date with its year ("12.11.2025", "5/6/2026") is never part of a phone number or a PESEL
# (a PESEL starts with the year, in two digits); it is blanked before the digits are read, so
# that "odbiór 12.11.2025 o 9:00" does not join the date to the hour.
DATE = re.compile(
    r"(?<![\d.\-/])(?:0?[1-9]|[12]\d|3[01])([./\-])(?:0?[1-9]|1[0-2])\1(?:19|20)\d\d(?![\d.\-/]\d)"
)
# "695/02/2026", "FV 12/11/2025": a document's number, month and year.
DOCUMENT_NUMBER = re.compile(r"(?<![\d/])\d{1,6}/(?:0?[1-9]|1[0-2])/(?:19|20)\d\d(?![\d/])")


def _blank(match: re.Match) -> str:
    return "#" * len(match.group(0))


def _numbers_in(text: str) -> list[tuple[str, int, int]]:
    # A number its writer labels ("PESEL 15.12.2012 345") is read as typed, dates and all.
    found: list[tuple[str, int, int]] = labelled_numbers(text) + spelled_numbers(text)
    text = DOCUMENT_NUMBER.sub(_blank, DATE.sub(_blank, text))
    for stream in streams(text):
        if sum(len(group.group(0)) for group in stream) < 9 or _is_product_code(text, stream):
            continue  # too short for a phone number or a PESEL, or a product's code
        # What stands before a stream is its context for every window of it (inside the
        # stream only digits stand before a window): read it once per stream.
        start = stream[0].start()
        before = text[max(0, start - 30) : start]
        context = Context(
            sizes=SIZE_BEFORE.search(before) is not None,
            contact=CONTACT_BEFORE.search(text[max(0, start - 40) : start]) is not None,
        )
        taken_until = -1
        for first in range(len(stream)):
            if stream[first].start() < taken_until:
                continue
            hit = _window_at(text, stream, first, context)
            if hit:
                found.append(hit)
                taken_until = hit[2]
    return found


@dataclass(frozen=True)
class Context:
    sizes: bool  # a size word stands before: "rozmiar 134 140 146"
    contact: bool  # a contact word stands before: "mama: ...", "kontakt do babci ..."


def _window_at(
    text: str, stream: list[re.Match], first: int, context: Context
) -> tuple[str, int, int] | None:
    digits = ""
    best = None
    for last in range(first, min(len(stream), first + MAX_GROUPS)):
        digits += stream[last].group(0)
        if len(digits) > 13:
            break
        if len(digits) not in (9, 11, 13):
            continue
        start, end = stream[first].start(), stream[last].end()
        if len(digits) == 11 and is_pesel(digits):
            return ("pesel", start, end)
        if best is None and _is_phone(text, stream[first : last + 1], digits, context):
            best = ("phone", start, end)
    return best


# The first two digits of every Polish number a family can be reached on: the landline area
# codes and the mobile ranges (UKE's national numbering plan). A number that starts with a year
# ("2024 11 305", "2025.12.3 o 10") and with no such pair is not a phone number unless a contact
# word says so; any other nine digits still are (a made-up number hides a real one as well).
YEAR = re.compile(r"(?:19|20)\d\d")
AREA_CODES = frozenset(
    str(code)
    for code in (
        *(12, 13, 14, 15, 16, 17, 18, 22, 23, 24, 25, 29, 32, 33, 34, 41, 42, 43, 44, 46, 48),
        *(52, 54, 55, 56, 58, 59, 61, 62, 63, 65, 67, 68, 71, 74, 75, 76, 77, 81, 82, 83, 84),
        *(85, 86, 87, 89, 91, 94, 95),
    )
)
MOBILE_PREFIXES = frozenset(
    str(code) for code in (45, 50, 51, 53, 57, 60, 66, 69, 72, 73, 78, 79, 88)
)
# A contact word just before the number (a few words at most between): "mama: ...", "kontakt
# do babci ...", "numer do kuratora rodziny ...".
CONTACT_BEFORE = re.compile(
    r"(?i)(?<!\w)(?:kontakt\w*|mam[aąy]|tat[aąy]|babci\w*|babcia|dziadk\w*|opiekun\w*|cioci\w*"
    r"|ciocia|wujk\w*|rodzic\w*|kurator\w*|numer\w*|nr|tel\w*|kom\w*|dzwo\w*|zadzwo\w*"
    r"|sms\w*|pod)(?:\s+\w+){0,3}[\s:.\-=>]*$"
)


def _is_phone(text: str, groups: list[re.Match], digits: str, context: Context) -> bool:
    national = _phone_digits(digits)
    if national is None or national[0] == "0" or context.sizes:
        return False
    if (
        national[:2] not in AREA_CODES
        and national[:2] not in MOBILE_PREFIXES
        and YEAR.fullmatch(groups[0].group(0))
        and not context.contact
    ):
        return False
    if len(groups) > 1 and _looks_like_sizes(groups):
        return False
    return not UNIT_AFTER.match(text, groups[-1].end())


# --- postal codes ------------------------------------------------------------------------------

# "80-180" in any spelling: with a hyphen (any area, as before) or, for the Gdańsk area (80-84),
# in any other split of its five digits ("80 180", "80.180", "80/180", "80180", "80  211",
# "8 0 - 1 8 0", "osiemdziesiąt sto osiemdziesiąt") when a place name or the word "kod" stands
# next to it.
HYPHENATED = re.compile(r"(?<![\d\-/.])(\d{2}) ?- ?(\d{3})(?![\d\-/])")
GDANSK_AREA = ("80", "81", "82", "83", "84")
RANGE_BEFORE = re.compile(
    r"(?i)(?<!\w)(?:rozmiar\w*|rozm|roz|r|wzrost\w*|cm|za|od|cen[aąy]|ok|około|budżet\w*"
    r"|wiek\w*|lat\w*|dla|numer\w*|nr|rok\w*|lata\w*|ma|mam|od)\.?\s*$"
)
PLACE_NEAR = re.compile(r"[\w.]+")
CODE_WORD_BEFORE = re.compile(
    r"(?i)(?:kod\w*(?:\s+poczt\w*\.?)?|adres\w*(?:\s+(?:do|dla)?\s*\w+)?|mieszk\w*|wysyłk\w*"
    r"(?:\s+na)?|wysylk\w*(?:\s+na)?)[\s:=.,\-]*$"
)


def _place_near(text: str, start: int, end: int) -> bool:
    before = PLACE_NEAR.findall(text[max(0, start - 40) : start])[-2:]
    after = PLACE_NEAR.findall(text[end : end + 40])[:2]
    return any(word.lower().strip(".") in PLACE_WORDS for word in before + after)


def _code_word_before(text: str, start: int) -> bool:
    return CODE_WORD_BEFORE.search(text[max(0, start - 40) : start]) is not None


def postal_codes(text: str) -> list[tuple[int, int]]:
    return [hit for reading in _readings(text) for hit in _postal_codes_in(reading)]


def _postal_codes_in(text: str) -> list[tuple[int, int]]:
    found = []
    for match in HYPHENATED.finditer(text):
        if _hyphenated_is_postal(text, match):
            found.append((match.start(), match.end()))
    taken = {start for start, _end in found}
    for stream in streams(text):
        for first in range(len(stream)):
            hit = _loose_postal_at(text, stream, first)
            if hit and hit[0] not in taken:
                found.append(hit)
                break
    for groups in spelled(text):
        found += _spelled_postal(text, groups)
    return found


def _spelled_postal(text: str, groups: tuple[Group, ...]) -> list[tuple[int, int]]:
    """Runs of groups worth five digits, at least one in words ("osiemdziesiąt sto osiemdziesiąt",
    "80 sto osiemdziesiąt"), that read as a Gdańsk-area code in the context of a place or "kod"."""
    found = []
    for first in range(len(groups)):
        digits = ""
        for last in range(first, len(groups)):
            digits += groups[last][0]
            if len(digits) >= 5:
                break
        window = groups[first : last + 1]
        if len(digits) != 5 or not digits.startswith(GDANSK_AREA) or not any(g[3] for g in window):
            continue
        start, end = window[0][1], window[-1][2]
        if _postal_context(text, start, end):
            found.append((start, end))
    return found


def _loose_postal_at(text: str, stream: list[re.Match], first: int) -> tuple[int, int] | None:
    digits = ""
    for last in range(first, len(stream)):
        digits += stream[last].group(0)
        if len(digits) >= 5:
            break
    if len(digits) != 5 or not digits.startswith(GDANSK_AREA):
        return None
    groups = stream[first : last + 1]
    start, end = groups[0].start(), groups[-1].end()
    if UNIT_AFTER.match(text, end):
        return None
    # Sizes ("80/110") unless labelled as a code: "kod 80/110, Morena".
    if len(groups) > 1 and _looks_like_sizes(groups) and not _code_word_before(text, start):
        return None
    return (start, end) if _postal_context(text, start, end) else None


def _postal_context(text: str, start: int, end: int) -> bool:
    return _place_near(text, start, end) or _code_word_before(text, start)


def _hyphenated_is_postal(text: str, match: re.Match) -> bool:
    """NN-NNN is a postal code unless a unit follows, a size or price word stands before, it is
    two neighbouring clothing sizes ("kurtka 98-104") or a round range ("80-100"); a place name
    or the word "kod" settles it."""
    if _place_near(text, match.start(), match.end()):
        return True
    if UNIT_AFTER.match(text, match.end()):
        return False
    if RANGE_BEFORE.search(text[max(0, match.start() - 30) : match.start()]):
        return False
    first, second = match.group(1), match.group(2)
    if _code_word_before(text, match.start()):
        return True
    if int(second) % 50 == 0 and int(first) < int(second):
        return False  # a range of prices or pieces: "80-100", "81-150", "50-200"
    sizes = first in CLOTHING_SIZES and second in CLOTHING_SIZES
    return not (sizes and 0 < int(second) - int(first) <= 12)
