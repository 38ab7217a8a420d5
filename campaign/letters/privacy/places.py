"""Addresses and schools: where a child lives or learns.

A street counts with a house number after it, found four ways: after a prefix ("ul.", "al",
"os."), after a word that introduces an address ("mieszka", "adres", "na", "przy"), as a street
of Gdańsk's register in any case and declined form ("grunwaldzka 102", "na Długiej 5"), or as
any street-like word with a flat number ("Sportowa 5 m. 3", "Lipowa 12/4"). Sizes, prices and
counts after the number ("Lalka 30 cm", "134/140") keep ordinary wishes out.
"""

import re
from functools import cache

from campaign.letters.privacy.lists import CAPITALISED_PLACE_WORDS, PLACE_WORDS, read_list

UPPER = "A-ZĄĆĘŁŃÓŚŹŻ"
WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)?")
HOUSE = re.compile(
    r"[ ,]{0,2}(?:nr\.?\s?)?(?P<number>\d{1,3})(?P<letter>\s?[a-zA-Z](?![\w.]))?"
    r"(?:\s?(?P<flat>/|(?i:m\.|m(?=\s?\d)|lok\.?|mieszk\.?|miesz\.))\s?(?P<flat_no>\d{1,4})[a-zA-Z]?)?"
    r"(?![\d\w/])"
)
UNIT_AFTER = re.compile(
    r"(?i)\s*[,.]?\s*(?:zł\w*|zl\b|pln|cm|mm|kg|g\b|ml|l\b|el\b|elem\w*|szt\w*|lat\w*|rok\w*"
    r"|cali|części|klock\w*|stron\w*|kolor\w*|osob\w*|osób|dzieci\w*|pokoi\w*|pokoj\w*|dni"
    r"|miesi\w*|tygodni\w*|razy|%|x\b|gb|tb|sezon\w*|tom\w*|część|cz\.|seri\w*|edycj\w*)"
)
RANGE_AFTER = re.compile(r" ?- ?\d")  # "skarpety 31-34" is a range of sizes, not a house
SIZE_RANGE_BEFORE = re.compile(r"(?i)(?:rozmiar\w*|rozm\.?|r\.|wzrost\w*|numer\w*)\s*$")
STREET_SUFFIX = re.compile(
    r"(?i)(?:ska|cka|dzka|skiej|ckiej|dzkiej|ską|cką|owa|owej|ową|ego|ińskiego|ńskiej|ńska)$"
)
LOCATIVE_STREET = re.compile(r"(?i)(?:skiej|ckiej|dzkiej|owej|iej|nej|ej|ego|ch|a|y|i)$")
# Ordinary words that are also Gdańsk street names: they count only with a flat number or
# when a word such as "mieszka" or "ulica" introduces them.
COMMON_STREETS = frozenset(
    [
        "nowa",
        "kolorowa",
        "szkolna",
        "sportowa",
        "zielona",
        "cicha",
        "prosta",
        "krótka",
        "wesoła",
        "długa",
        "szeroka",
        "sucha",
        "sienna",
        "szczęśliwa",
        "kwiatowa",
        "leśna",
        "polna",
        "morska",
        "parkowa",
        "słoneczna",
        "spokojna",
        "ogrodowa",
        "dolna",
        "tęczowa",
        "błękitna",
        "aksamitna",
        "falista",
        "platynowa",
        "krzemowa",
        "jabłoniowa",
        "kolejowa",
        "dworcowa",
        "turystyczna",
        "rybacka",
        "ptasia",
        "orzechowa",
        "kwietna",
        "łąkowa",
        "lipowa",
        "brzozowa",
        "klonowa",
        "jesionowa",
        "kalinowa",
        "kameliowa",
        "bobrowa",
        "pszenna",
        "radiowa",
        "sadowa",
        "startowa",
        "żaglowa",
        "potokowa",
        "okopowa",
        "kościelna",
        "cienista",
        "gościnna",
        "wałowa",
        "pomorska",
        "kaszubska",
        "góralska",
        "wrzosy",
        "nowiny",
        "kaczeńce",
        "wczasy",
        "polanki",
        "zaspa",
        "ujeścisko",
        "sobótki",
        "sienkiewicza",
        "mickiewicza",
        "kopernika",
        "chopina",
        "matejki",
        "batorego",
        "reja",
        "wodnika",
        "danusi",
        "piwna",
        "mariacka",
        "biskupia",
        "chmielna",
    ]
)


def _adjective_forms(word: str) -> set[str]:
    if not word.endswith("a") or len(word) < 4:
        return {word}
    stem = word[:-1]
    locative = stem + ("iej" if stem.endswith(("k", "g")) else "ej")
    return {word, locative, stem + "ą", stem + "ej"}


@cache
def street_index() -> dict[str, list[tuple[tuple[frozenset[str], ...], bool]]]:
    """First word of a street (any form) → (forms of each word, is an ordinary word)."""
    index: dict[str, list] = {}
    for name in dict.fromkeys(read_list("gdansk_streets.txt")):
        words = name.lower().replace("al. ", "").split()
        forms = tuple(frozenset(_adjective_forms(word)) for word in words)
        common = name.lower() in COMMON_STREETS
        for first in forms[0]:
            index.setdefault(first, []).append((forms, common))
    return index


def _house(text: str, pos: int) -> re.Match | None:
    house = HOUSE.match(text, pos)
    if house is None or UNIT_AFTER.match(text, house.end()) or RANGE_AFTER.match(text, house.end()):
        return None
    if house["flat"] == "/" and _size_pair(house["number"], house["flat_no"]):
        return None
    return house


def _size_pair(first: str, second: str) -> bool:
    a, b = int(first), int(second)
    return a >= 20 and 0 < b - a <= 12


def _strong(house: re.Match) -> bool:
    return bool(house["flat"] or house["letter"])


def streets(text: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    found += _prefixed(text)
    found += _introduced(text)
    found += _registered(text)
    found += _with_flat(text)
    found += _blocks(text)
    found += _near_place(text)
    return found


PREFIXED = re.compile(
    # "ul" and "al" without a dot only before a capital or a number: "ul" is also a beehive.
    rf"(?<!\w)(?:(?i:ul\.|ulic[aeyęą])\s*|(?i:ul|al|os|pl)\s+(?=[{UPPER}0-9])"
    r"|(?i:al\.|alej[aięe]|alei|os\.|osiedl[eua]|pl\.|plac[ue]?)\s*)"
    r"(?:[^\W\d_][\w.'\-]{0,40}\s{1,3}){0,4}"
)


def _prefixed(text: str) -> list[tuple[int, int]]:
    found = []
    for match in PREFIXED.finditer(text):
        house = _house(text, match.end())
        if house is None and match.group(0).rstrip().endswith(" "):
            continue
        words = match.group(0).split()[1:]
        if any(word.lower() in FUNCTION_WORDS for word in words):
            continue
        if house is not None and not SIZE_RANGE_BEFORE.search(text[: match.start()][-20:]):
            found.append((match.start(), house.end()))
    return found


INTRODUCED = re.compile(
    r"(?i)(?<!\w)(?P<intro>mieszka\w*|zamieszka\w*|adres\w*|mieszkani\w*|przy|na)\s+"
    r"(?P<words>(?:[^\W\d_][\w.'\-]{0,40}\s{1,2}){1,3})"
)
FUNCTION_WORDS = frozenset(
    [
        "w",
        "we",
        "z",
        "ze",
        "u",
        "od",
        "do",
        "na",
        "przy",
        "i",
        "a",
        "o",
        "po",
        "za",
        "mamą",
        "tatą",
        "babcią",
        "dziadkiem",
        "rodzicami",
        "nami",
        "mną",
        "rodziną",
        "siostrą",
        "bratem",
        "ciocią",
        "wujkiem",
        "dziećmi",
        "jest",
        "są",
    ]
)


def _introduced(text: str) -> list[tuple[int, int]]:
    found = []
    for match in INTRODUCED.finditer(text):
        house = _house(text, match.end() - 1)
        if house is None:
            continue
        words = match["words"].split()
        if all(word.lower() in FUNCTION_WORDS for word in words):
            continue
        if match["intro"].lower() in ("na", "przy"):
            first = words[0]
            street_like = first[0].isupper() and LOCATIVE_STREET.search(first)
            if not (street_like or _strong(house)):
                continue
        found.append((match.start(), house.end()))
    return found


def _registered(text: str) -> list[tuple[int, int]]:
    index = street_index()
    words = list(WORD.finditer(text))
    found = []
    for i, word in enumerate(words):
        for forms, common in index.get(word.group(0).lower(), ()):
            last = i + len(forms) - 1
            if last >= len(words) or not all(
                words[i + k].group(0).lower() in forms[k] for k in range(len(forms))
            ):
                continue
            house = _house(text, words[last].end())
            if house is None:
                continue
            if common and not (_strong(house) and word.group(0)[0].isupper()):
                continue
            found.append((word.start(), house.end()))
            break
    return found


FLAT = re.compile(
    rf"(?<!\w)(?P<street>[{UPPER}][^\W\d_]{{2,40}}|[^\W\d_]{{3,40}})\s?"
    r"(?=\d{1,3}[a-zA-Z]?\s?(?:/|(?i:m\.|m\s?\d|lok)))"
)


def _with_flat(text: str) -> list[tuple[int, int]]:
    found = []
    for match in FLAT.finditer(text):
        house = _house(text, match.end())
        if house is None or not house["flat"]:
            continue
        if house["flat"] == "/" and not STREET_SUFFIX.search(match["street"]):
            continue
        found.append((match.start(), house.end()))
    return found


# "w bloku 12" is always a home; "blok 12" is one next to a district or "mieszka" ("Zaspa, blok
# 12"), while "blok rysunkowy" has no number after it.
BLOCK = re.compile(
    r"(?i)(?<!\w)(?P<in>w\s+bloku\s+|blok(?:u|iem)?\s+)(?:nr\.?\s?)?\d{1,3}[a-z]?"
    r"(?:\s?(?:/|m\.?|lok\.?)\s?\d{1,4})?(?![\d\w])"
)
HOME_WORD_BEFORE = re.compile(r"(?i)(?:mieszk\w*|adres\w*)\W+(?:\w+\W+){0,3}$")


def _place_before(text: str, start: int, *, any_case: bool = False) -> bool:
    """A district or town among the four words before `start`; the ambiguous ones ("Zaspa")
    only with a capital letter unless `any_case` (when what follows is clearly a home)."""
    before = WORD.findall(text[max(0, start - 40) : start])[-4:]
    return any(
        word.lower() in PLACE_WORDS
        or ((any_case or word[0].isupper()) and word.lower() in CAPITALISED_PLACE_WORDS)
        for word in before
    )


def _blocks(text: str) -> list[tuple[int, int]]:
    found = []
    for match in BLOCK.finditer(text):
        if UNIT_AFTER.match(text, match.end()):
            continue
        before = text[max(0, match.start() - 40) : match.start()]
        if (
            match["in"].lower().startswith("w")
            or _place_before(text, match.start(), any_case=True)
            or HOME_WORD_BEFORE.search(before)
        ):
            found.append((match.start(), match.end()))
    return found


# After a district or a town ("Chełm, Witosa 12/3"), a capitalised word with a flat number or a
# street's ending is an address even when the register does not list it.
AFTER_PLACE = re.compile(r"(?<!\w)(?P<street>[^\W\d_]{3,40})(?=[ ,]{0,2}\d)")


def _near_place(text: str) -> list[tuple[int, int]]:
    found = []
    for match in AFTER_PLACE.finditer(text):
        word = match["street"]
        if word.lower() in PLACE_WORDS or not _place_before(text, match.start()):
            continue
        house = _house(text, match.end())
        # A letter alone is not enough: "Lego Friends 3a" is a product; a word in lower case
        # needs a flat number ("chełm, witosa 12/3").
        if house is None or not (
            house["flat"] or (word[0].isupper() and STREET_SUFFIX.search(word))
        ):
            continue
        found.append((match.start(), house.end()))
    return found


# --- schools -----------------------------------------------------------------------------------

NUMBER = r"(?:\s?[-.]?\s?(?:nr\.?|numer|no\.?)?\s?)\d{1,3}(?!\d)"
SCHOOL_ACRONYM = re.compile(
    r"(?i)(?<!\w)(?:s\.\s?p\.?|sp|zsp|zso|zsz|zss|zsk|zs|lo|sosw|slo|ssp|psp|zkpig|pm|pp|g)"
    rf"(?:{NUMBER}|\s+(?:im\.?|imienia)\s+[^\W\d_])"
    # Roman-numbered high schools: "II LO", "III LO w Gdańsku".
    r"|(?<!\w)[IVX]{1,5}\s?(?:LO|Liceum)(?!\w)"
    # ...and the other way round: "LO III", "Liceum nr XIX".
    # A lone lower-case "i" after "liceum" is the conjunction ("liceum i technikum").
    r"|(?<!\w)(?:LO|Liceum|Liceach)\s?(?:nr\.?\s?)?(?:[IVX]{2,5}|[VX]|(?-i:I))(?!\w)"
)
SCHOOL_WORDS = (
    r"(?:szk[oó]ł\w*|szkol\w*|przedszkol\w*|gimnazj\w*|liceum|liceach|technik\w*|podstawów\w*"
    r"|podstawowk\w*|żłob\w*|zerówk\w*|zesp[oó]ł\w*\s+szk[oó]ł|ośrod\w*\s+szkolno\w*|bursa|bursie)"
)
SCHOOL = re.compile(
    rf"(?i)(?<!\w){SCHOOL_WORDS}(?:\s+[^\W\d_][\w\-]{{0,30}}){{0,3}}?\s*"
    # "im." and "nr" as words of their own: "z Psim Patrolem" is no "im." patron.
    r"(?<!\w)(?:(?:nr\.?|numer|no\.?|#)\s?\d{1,3}(?!\d)|(?:im\.?|imienia)\s+(?!się\b|nie\b|to\b)[^\W\d_])"
    r"|(?<!\w)(?:szkoł\w*|szkol\w*|przedszkol\w*)\s+(?:podstawow\w*|specjaln\w*|integracyjn\w*"
    r"|miejsk\w*|publiczn\w*|samorządow\w*)\s+(?:nr\.?\s?)?\d{1,3}(?!\d)"
    r"|(?<!\w)(?:podstawów\w*|podstawowk\w*)\s+(?:nr\.?\s?)?\d{1,3}(?!\d)"
)


# A school or kindergarten by its name in quotes: przedszkole „Słoneczko”, szkoła "Tęcza".
QUOTED_SCHOOL = re.compile(
    r"(?i)(?<!\w)(?:szk[oó]ł\w*|przedszkol\w*|żłob\w*|zerów\w*)\s+(?:nr\.?\s?\d{1,3}\s+)?"
    r"[\"„“”«»'‚‘’]\s?[^\W\d_][^\"„“”«»]{0,40}[\"„“”«»'’]"
)


def schools(text: str) -> list[tuple[int, int]]:
    found = [(m.start(), m.end()) for m in SCHOOL.finditer(text)]
    found += [(m.start(), m.end()) for m in QUOTED_SCHOOL.finditer(text)]
    for match in SCHOOL_ACRONYM.finditer(text):
        if not UNIT_AFTER.match(text, match.end()):
            found.append((match.start(), match.end()))
    return found
