"""Addresses and schools: where a child lives or learns.

A street counts with a house number after it, found these ways: after a prefix ("ul.", "al",
"os.", or an abbreviated first word such as "Obr." or "gen."), after a word that introduces an
address ("mieszka", "adres", "na", "przy"), as a street of Gdańsk's register in any case and
declined form ("grunwaldzka 102", "na Długiej 5"), as any street-like word with a flat number
("Sportowa 5 m. 3", "Lipowa 12/4", "Ku Ujściu nr 20a mieszk. 9"), as a block with a flat or next
to a district ("blok 7 m 12 na Żabiance"), or as the first number after a stated place of living
("mieszka u babci, Piecewska 12", "🏠 Rakoczego 33/38"). A district or a street word alone is
not an address: "stogi siana" and "oliwa z oliwek" say nothing about a home. Sizes, prices and
counts after the number ("Lalka 30 cm", "134/140"), and titles named like streets ("Ulica
Sezamkowa 123", "Ulica Strachu tom 1", "do kina na Kraina Lodu 3"), keep ordinary wishes out.
"""

import re
from functools import cache

from campaign.letters.privacy.lists import CAPITALISED_PLACE_WORDS, PLACE_WORDS, read_list

UPPER = "A-ZĄĆĘŁŃÓŚŹŻ"
WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)?")
HOUSE = re.compile(
    # "nr 20a", ", numer 182": the number may be named; "58 m 6" has a flat, not a letter "m";
    # "40 m2" is an area.
    r"[ ,]{0,2}(?:(?i:nr\.?|numer)\s?(?:(?i:domu)\s?)?)?(?P<number>\d{1,3})"
    r"(?P<letter>\s?[a-zA-Z](?![\w.])(?!\s\d))?"
    r"(?:\s?,?\s?(?P<flat>/|(?i:m\.|m(?=\s?\d)(?!2(?!\d))|lok\.?|lokal\w*|mieszk\.?|mieszkani\w*"
    r"|miesz\.))\s?(?:(?i:nr)\.?\s?)?(?P<flat_no>\d{1,4})[a-zA-Z]?)?"
    r"(?![\d\w/²])"
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


def _house(text: str, pos: int, *, sizes: bool = True) -> re.Match | None:
    """The house number at `pos`, or None when what follows reads as a size, price or count.
    `sizes=False` when the words before already say it is a home ("🏠 Rakoczego 33/38"): a pair
    of numbers close together is then a flat, not "134/140"."""
    house = HOUSE.match(text, pos)
    if house is None or UNIT_AFTER.match(text, house.end()) or RANGE_AFTER.match(text, house.end()):
        return None
    if sizes and house["flat"] == "/" and _size_pair(house["number"], house["flat_no"]):
        return None
    return house


def _size_pair(first: str, second: str) -> bool:
    a, b = int(first), int(second)
    return a >= 20 and 0 < b - a <= 12


def _strong(house: re.Match) -> bool:
    return bool(house["flat"] or house["letter"])


# Titles of books, films and toys named like a street or a place ("LEGO Ideas 21324 Ulica
# Sezamkowa 123", "Ulica Strachu tom 1", "Kraina Lodu 3", "Baker Street 221B"): never an
# address, whatever number follows them.
STREET_TITLES = re.compile(
    r"(?i)(?<!\w)(?:ulic\w*\s+(?:sezamkow\w*|strachu|czereśniow\w*|krokodyli|awanturników)"
    r"|krain\w*\s+lodu|privet\s+drive|baker\s+street)(?!\w)"
)
# Words around a number that make it a title's volume, a film's sequel or a toy set rather than
# a house: "do kina na Toy Story 4", "Ulicę Sezamkową 123 z LEGO".
TITLE_CONTEXT = re.compile(
    r"(?i)(?<!\w)(?:kin[aoe]\w*|film\w*|bajk\w*|seans\w*|dvd|blu-?ray|książ\w*|gr[aęy]|gier"
    r"|seri[aię]\w*|komiks\w*|lego|klock\w*|zestaw\w*|playmobil|duplo|tom\w*|odcin\w*|sezon\w*"
    r"|częś\w*|cz\.)(?!\w)"
)


def _title_near(text: str, start: int, end: int) -> bool:
    return bool(
        TITLE_CONTEXT.search(text, max(0, start - 40), start)
        or TITLE_CONTEXT.search(text, end, min(len(text), end + 12))
    )


def streets(text: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    found += _prefixed(text)
    found += _abbreviated(text)
    found += _introduced(text)
    found += _registered(text)
    found += _with_flat(text)
    found += _blocks(text)
    found += _near_place(text)
    found += _after_home_word(text)
    titles = [(m.start(), m.end()) for m in STREET_TITLES.finditer(text)]
    if titles and found:
        found = [span for span in found if not any(s < span[1] and span[0] < e for s, e in titles)]
    return found


PREFIXED = re.compile(
    # "ul" and "al" without a dot only before a capital or a number: "ul" is also a beehive.
    # "Ulicę" and "Ulicą" are left out: a street in the accusative is a thing wished for ("chcę
    # Ulicę Sezamkową"); an address says "ul.", "ulica" or "przy ulicy".
    rf"(?<!\w)(?:(?P<ulica>(?i:ulica|ulice))\s*|(?i:ul\.|ulicy)\s*"
    rf"|(?i:ul|al|os|pl)\s+(?=[{UPPER}0-9])|(?P<bare>ul|al)\s+(?=[a-ząćęłńóśźż])"
    r"|(?i:al\.|alej[aie]|alei|os\.|osiedl[eua]|pl\.|plac[ue]?)\s*)"
    r"(?:[^\W\d_][\w.'\-]{0,40}\s{1,3}){0,4}"
)
# Abbreviated first words of street names: "Obr. Wybrzeża", "Boh. Getta", "gen. Hallera". Found
# from the dots (few in a wish) rather than by one more scan of the whole text.
ABBREVIATIONS = frozenset(
    ["obr", "boh", "gen", "marsz", "kpt", "płk", "mjr", "kard", "adm", "ks", "św", "prof", "dr"]
)
AFTER_ABBREVIATION = re.compile(r" ?(?=[^\W\d_])(?:[^\W\d_][\w.'\-]{0,40}\s{1,3}){1,4}")
WORD_BEFORE_DOT = re.compile(r"(?<!\w)[^\W\d_]{2,5}$")
# A volume or an episode after a street-like title: "Ulica Strachu tom 1".
VOLUME_WORDS = frozenset(["tom", "tomy", "część", "cz.", "odcinek", "sezon", "seria"])
# Titles that are also a person's ("św. Mikołaja", "ks. Józefa"): a house needs a flat or a
# letter after them.
PERSON_TITLES = frozenset(["św", "ks", "prof", "dr"])


def _abbreviated(text: str) -> list[tuple[int, int]]:
    found = []
    dot = text.find(".")
    while dot != -1:
        before = WORD_BEFORE_DOT.search(text, max(0, dot - 6), dot)
        if before is not None and before.group(0).lower() in ABBREVIATIONS:
            words = AFTER_ABBREVIATION.match(text, dot + 1)
            house = _house(text, words.end()) if words else None
            person = before.group(0).lower() in PERSON_TITLES
            capital = words is not None and words.group(0).strip()[0].isupper()
            if house is not None and (_strong(house) or (capital and not person)):
                found.append((before.start(), house.end()))
        dot = text.find(".", dot + 1)
    return found


def _prefixed(text: str) -> list[tuple[int, int]]:
    found = []
    for match in PREFIXED.finditer(text):
        house = _house(text, match.end())
        if house is None and match.group(0).rstrip().endswith(" "):
            continue
        words = match.group(0).split()[1:]
        if any(word.lower() in FUNCTION_WORDS or word.lower() in VOLUME_WORDS for word in words):
            continue
        if house is None or SIZE_RANGE_BEFORE.search(text[: match.start()][-20:]):
            continue
        # "ul cienista 104/72": in lower case, "ul" wants a flat ("ul pszczeli 3" is a hive).
        if match["bare"] and not _strong(house):
            continue
        if match["ulica"] and not _strong(house) and _title_near(text, match.start(), house.end()):
            continue
        found.append((match.start(), house.end()))
    return found


# The intro is matched alone and the words after it in a lookahead, so that one intro does not
# swallow the next: in "mieszka u dziadków na Piecewskiej 27" both "mieszka" and "na" are tried.
INTRODUCED = re.compile(
    r"(?i)(?<!\w)(?P<intro>mieszka\w*|zamieszka\w*|adres\w*|mieszkani\w*|przy|na)"
    r"(?=\s+(?P<words>(?:[^\W\d_][\w.'\-]{0,40}:?\s{1,2}){1,3}))"
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
# A lower-case word after "na"/"przy" counts as a street only with an adjective's locative
# ending ("na piecewskiej 27"): "na boisku 3" and "na wsi 2" do not.
LOWER_LOCATIVE_STREET = re.compile(r"(?:skiej|ckiej|dzkiej|owej)$")


def _introduced(text: str) -> list[tuple[int, int]]:
    found = []
    for match in INTRODUCED.finditer(text):
        house = _house(text, match.end("words") - 1)
        if house is None:
            continue
        words = match["words"].replace(":", " ").split()
        if all(word.lower() in FUNCTION_WORDS for word in words):
            continue
        if match["intro"].lower() in ("na", "przy"):
            first = words[0]
            street_like = (first[0].isupper() and LOCATIVE_STREET.search(first)) or (
                LOWER_LOCATIVE_STREET.search(first)
            )
            if not (street_like or _strong(house)):
                continue
            if not _strong(house) and _title_near(text, match.start(), house.end()):
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
            capital = word.group(0)[0].isupper()
            # A registered street written with a capital is not a size: "Rakoczego 33/38".
            house = _house(text, words[last].end(), sizes=not capital or common)
            if house is None:
                continue
            if common and not (_strong(house) and capital):
                continue
            found.append((word.start(), house.end()))
            break
    return found


FLAT = re.compile(
    rf"(?<!\w)(?P<street>[{UPPER}][^\W\d_]{{2,40}}|[^\W\d_]{{3,40}})\s?"
    r"(?=(?i:nr\.?\s?)?\d{1,3}[a-zA-Z]?\s?,?\s?(?:/|(?i:m\.|m\s?\d|lok|mieszk)))"
)


def _with_flat(text: str) -> list[tuple[int, int]]:
    found = []
    for match in FLAT.finditer(text):
        house = _house(text, match.end())
        if house is None or not house["flat"]:
            continue
        # "12/4" alone may be a fraction or a pair of sizes; a letter ("16A/74") or a street's
        # ending ("Lipowa 12/4") makes it a flat.
        if house["flat"] == "/" and not (STREET_SUFFIX.search(match["street"]) or house["letter"]):
            continue
        found.append((match.start(), house.end()))
    return found


# "w bloku 12" is always a home, and so is a block with a flat ("blok 113 m 28", "blok 45/3");
# "blok 12" alone is one next to a district, a street or "mieszka" ("Zaspa, blok 12", "blok 7
# na Żabiance"), while "blok rysunkowy" has no number after it.
BLOCK = re.compile(
    r"(?i)(?<!\w)(?P<in>w\s+bloku\s+|blok(?:u|iem)?\s+)(?:nr\.?\s?)?\d{1,3}[a-z]?"
    r"(?P<flat>\s?(?:/|m\.?|lok\.?|mieszk\.?|mieszkani\w*)\s?\d{1,4})?(?![\d\w])"
)
HOME_WORD_BEFORE = re.compile(r"(?i)(?:mieszk\w*|adres\w*)\W+(?:\w+\W+){0,3}$")


def _place_before(text: str, start: int, *, any_case: bool = False) -> bool:
    """A district or town among the four words before `start`; the ambiguous ones ("Zaspa")
    only with a capital letter unless `any_case` (when what follows is clearly a home)."""
    before = WORD.findall(text[max(0, start - 40) : start])[-4:]
    return any(_is_place(word, any_case=any_case) for word in before)


def _is_place(word: str, *, any_case: bool = False) -> bool:
    return word.lower() in PLACE_WORDS or (
        (any_case or word[0].isupper()) and word.lower() in CAPITALISED_PLACE_WORDS
    )


def _place_or_street_after(text: str, end: int) -> bool:
    """A district, a registered street or a capitalised street-like word among the three words
    after `end` ("blok 113, Kartuska", "blok 7 na Żabiance")."""
    index = street_index()
    for word in WORD.findall(text[end : end + 40])[:3]:
        if _is_place(word) or (word[0].isupper() and word.lower() in index):
            return True
        if word[0].isupper() and STREET_SUFFIX.search(word):
            return True
    return False


def _blocks(text: str) -> list[tuple[int, int]]:
    found = []
    for match in BLOCK.finditer(text):
        if UNIT_AFTER.match(text, match.end()):
            continue
        before = text[max(0, match.start() - 40) : match.start()]
        if (
            match["in"].lower().startswith("w")
            or match["flat"]
            or _place_before(text, match.start(), any_case=True)
            or _place_or_street_after(text, match.end())
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


# A place of living stated a few words before ("mieszka u babci, Piecewska 12", "🏠 Rakoczego
# 33/38", "Adres do wysyłki: Zakoniczyn 16A/74", "dom rodzinny: Nowiny 3"): the first word with
# a number after it within the next words is the street when it stands right after the home
# word, or has a street's ending, or is registered, or has a flat number.
HOME_WORD = re.compile(
    r"(?i)(?<!\w)(?:mieszk\w*|zamieszk\w*|adres\w*|dom(?:u)?\s+(?:rodzinn\w*|przy)|wysył\w*"
    r"|dostarcz\w*|dowie\w*|przywie\w*|odbi[oó]r\w*)(?!\w)|[🏠🏡🏘📍📮📫📬]+"
)
HOME_SIGNS = "🏠🏡🏘📍📮📫📬"
WORD_BEFORE_NUMBER = re.compile(
    rf"(?<!\w)(?P<street>[{UPPER}][^\W\d_]{{2,40}}|[^\W\d_]{{3,40}})(?=[ ,]{{0,2}}"
    r"(?:(?i:nr\.?|numer)\s?)?\d)"
)
# Nothing but a colon, "na", "przy" or "ul." between the home word and the street.
# A street of a few capitalised words counts too ("mieszkamy przy Trakcie Św. Wojciecha 150").
ADJACENT = re.compile(
    rf"[\s:,\-]*(?:(?i:na|przy|ul\.?|ulicy)\s+)?(?:[{UPPER}][^\W\d_]*\.?\s+){{0,3}}"
)


HOME_STEMS = ("mieszk", "adres", "dom", "wysył", "dostarcz", "dowie", "przywie", "odbi", "odbió")


def _after_home_word(text: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    low = text.lower()
    if not (any(stem in low for stem in HOME_STEMS) or any(c in text for c in HOME_SIGNS)):
        return found
    index = street_index()
    for home in HOME_WORD.finditer(text):
        if home.start() and text[home.start() - 1] in QUOTES:  # a title: "Dom przy Wiejskiej 5"
            continue
        match = WORD_BEFORE_NUMBER.search(text, home.end(), min(len(text), home.end() + 60))
        if match is None:
            continue
        word = match["street"]
        lower = word.lower()
        if lower in FUNCTION_WORDS or lower in VOLUME_WORDS:
            continue
        house = _house(text, match.end(), sizes=False)
        if house is None:
            continue
        adjacent = ADJACENT.fullmatch(text, home.end(), match.start()) is not None
        # "mieszka z mamą i chce Nintendo Switch 2": further away, a capitalised word with a
        # bare number is an address only with a street's ending or in the register.
        street_like = STREET_SUFFIX.search(word) or lower in index
        # Two of three: a capital, a street's ending or registration, a flat or a letter.
        signs = sum(map(bool, (word[0].isupper(), street_like, _strong(house))))
        if adjacent or signs >= 2:
            found.append((match.start(), house.end()))
    return found


# --- schools -----------------------------------------------------------------------------------

NUMBER = r"(?:\s?[-.]?\s?(?:nr\.?|numer|no\.?)?\s?)\d{1,3}(?!\d)"
SCHOOL_ACRONYM = re.compile(
    r"(?i)(?<!\w)(?:s\.\s?p\.?|sp|zsp|zso|zsz|zss|zsk|zs|lo|sosw|slo|ssp|psp|zkpig)"
    rf"(?:{NUMBER}|\s+(?:im\.?|imienia)\s+[^\W\d_])"
    # "S P 85": the letters spaced out, with a number after them.
    r"|(?<!\w)s\s{1,2}p\s?(?:nr\.?\s?)?\d{1,3}(?!\d)"
    # "G", "PM" and "PP" are also product codes ("Logitech G102", "Moto G54", smog's "PM10"):
    # a kindergarten or a gymnasium only with "nr".
    r"|(?<!\w)(?:g|pm|pp)\s?(?:nr\.?|numer)\s?\d{1,3}(?!\d)"
    # Roman-numbered high schools: "II LO", "III LO w Gdańsku".
    r"|(?<!\w)[IVX]{1,5}\s?(?:LO|Liceum)(?!\w)"
    # ...and the other way round: "LO III", "Liceum nr XIX".
    # A lone lower-case "i" after "liceum" is the conjunction ("liceum i technikum").
    r"|(?<!\w)(?:LO|Liceum|Liceach)\s?(?:nr\.?\s?)?(?:[IVX]{2,5}|[VX]|(?-i:I))(?!\w)"
)
# "2 LO", "5. Liceum", "XIV LO" name a high school; "1 kl. LO" and "klasa 2 LO" are a year.
ARABIC_LO = re.compile(r"(?i)(?<!\w)(?P<number>\d{1,2})\.?\s?(?:LO|Liceum|Liceach)(?!\w)")
YEAR_BEFORE = re.compile(r"(?i)(?:kl\.?|klas\w*|rok\w*|semestr\w*)\s*$")
# Institutions whose short name alone is nearly an address: a special school-and-care centre
# (SOSW), a rehabilitation centre (OREW), youth centres (MOS, MOW), a school of sports
# championship spelled out. Capitals only: "mów" and "mos" are words.
RARE_SCHOOL = re.compile(
    r"(?<!\w)(?:(?i:SOSW|SOS-W|SOSzW|OREW|ZKPiG|CKZiU)|MOS|MOW)(?!\w)"
    r"|(?i:(?<!\w)(?:szk[oó]ł\w*|szkol\w*)\s+mistrzostwa\s+sportowego"
    r"|(?<!\w)specjaln\w*\s+ośrod\w*\s+szkolno\W?wychowawcz\w*)"
)
# Words that put a school next to the child ("chodzi do", "uczeń", "wychowawczyni z"): after
# them a capitals-only short name ("chodzi do SMS"), a patron in quotes ("z „Kopernika”") or a
# school's nickname by its number ("z 'siódemki'", "do trzynastki") is the child's school.
SCHOOL_CONTEXT = (
    r"(?:chodz\w*\s+do|uczęszcza\w*\s+do|uczy\s+się\s+w|uczył\w*\s+się\s+w|uczeń|uczennic\w*"
    r"|ucznia|uczniem|wychowaw\w*|nauczyciel\w*|pedagog\w*|dyrektor\w*|absolwent\w*"
    r"|pani\s+z\s+klasy)"
)
# ...but not the short names of a kind of school ("chodzi do LO") nor things children name.
NOT_SCHOOL_ACRONYMS = frozenset(
    [
        "LO",
        "SP",
        "ZS",
        "ZSO",
        "ZSP",
        "ZSZ",
        "PP",
        "PM",
        "LEGO",
        "USB",
        "WF",
        "PS",
        "TV",
        "DVD",
        "GPS",
        "PC",
        "MOPR",
        "MOPS",
        "PCK",
        "NFZ",
        "ZUS",
    ]
)
CONTEXT_ACRONYM = re.compile(
    rf"(?i:(?<!\w){SCHOOL_CONTEXT})\s+(?:(?i:z|ze|do|w|we)\s+)?"
    r"(?P<acronym>[A-ZĄĆĘŁŃÓŚŹŻ]{2,5}(?:i[A-Z]{1,3})?)(?!\w)"
)
ROMAN = re.compile(r"[IVXLC]+")
QUOTES = "\"„“”«»'‚‘’"
NICKNAME = (
    r"(?:jedyn|dwój|trój|czwór|piąt|szóst|siódem|ósem|dziewiąt|dziesiąt|jedenast|dwunast"
    r"|trzynast|czternast|piętnast|szesnast|siedemnast|osiemnast|dziewiętnast|dwudziest"
    r"|trzydziest|czterdziest|pięćdziesiąt|sześćdziesiąt|siedemdziesiąt|osiemdziesiąt"
    r"|dziewięćdziesiąt)k(?:a|i|ę|ą|ce|om|ach)"
)
QUOTED_IN_CONTEXT = re.compile(
    rf"(?i)(?<!\w)(?:{SCHOOL_CONTEXT}|z|ze|do)\s+[{QUOTES}]\s?"
    rf"(?:{NICKNAME}|[^\W\d_]{{3,30}}(?:\s[^\W\d_]{{2,30}})?)\s?[{QUOTES}]"
)
NICKNAME_IN_CONTEXT = re.compile(
    rf"(?i)(?<!\w){SCHOOL_CONTEXT}\s+(?:(?:z|ze|do|w|we)\s+)?{NICKNAME}(?!\w)"
)
# A school word followed by a name of its own in capitals: "przedszkole Wesołe Skrzaty",
# "Technikum Łączności", "chodzi do szkoły Kopernika". Type words that every school of its kind
# carries ("Szkoła Podstawowa", "Liceum Ogólnokształcące") are no name.
NAMED_SCHOOL = re.compile(
    r"(?i)(?<!\w)(?P<kind>przedszkol\w*|żłob\w*|szk[oó]ł\w*|szkol[eyaią]\w*|technik(?:um|ach)"
    r"|liceum|liceach|zesp[oó]ł\w*\s+szk[oó]ł)"
    r"\s+(?P<name>(?-i:[A-ZĄĆĘŁŃÓŚŹŻ])[^\W\d_]{2,30}(?:\s+(?-i:[A-ZĄĆĘŁŃÓŚŹŻ])[^\W\d_]{2,30})?)"
)
GENERIC_SCHOOL_WORDS = re.compile(
    r"(?i)(?:podstawow|ogólnokształcąc|specjaln|integracyjn|publiczn|niepubliczn|miejsk"
    r"|samorządow|zawodow|branżow|policealn|średni|wyższ|prywatn|katolick|społeczn|sportow"
    r"|muzyczn|plastyczn|artystyczn|językow|dwujęzyczn|zimow|letni|nauk|jazd|pływani|tańc"
    r"|rodzen|życi|magii|czarodziej|detektyw)\w*"
)
# Whatever a wish names a toy or a book after: "gra Przedszkole Pana Kleksa", "LEGO Duplo
# Przedszkole", "książka Szkoła Czarodziejów".
PRODUCT_BEFORE = re.compile(
    r"(?i)(?<!\w)(?:lego|duplo|playmobil|gr[aęy]|książ\w*|bajk\w*|film\w*|seri\w*|zestaw\w*"
    r"|klock\w*|komiks\w*|napis\w*|pluszak\w*|domek|puzzle)(?!\w)"
)
# A school with where it stands: "szkoła na Jaśkowej Dolinie", "SOSW na Chełmie", "ze szkoły na
# Zaspie przy Pilotów", "przedszkole przy Startowej", "szkoła w Kolbudach". A city alone
# ("szkoła w Gdańsku") narrows nothing.
LOCATED_SCHOOL = re.compile(
    r"(?i)(?<!\w)(?:przedszkol\w*|żłob\w*|szk[oó]ł\w*|szkol[eyaią]\w*|technik(?:um|ach)|liceum"
    r"|liceach|podstawów\w*|podstawówk\w*|zerówk\w*|SOSW|sp|zso|lo|zsp)"
    r"\s+(?P<prep>na|przy|w|we|obok|koło)\s+(?P<place>[^\W\d_][\w\-]{1,40}(?:\s[^\W\d_]{2,40})?)"
)
CITIES = frozenset(
    [
        "gdańsk",
        "gdańsku",
        "gdańska",
        "gdansk",
        "gdansku",
        "gdanska",
        "gdynia",
        "gdyni",
        "gdynię",
        "sopot",
        "sopocie",
        "sopotu",
        "pruszcz",
        "pruszczu",
        "rumia",
        "rumi",
        "reda",
        "redzie",
        "wejherowo",
        "wejherowie",
        "tczew",
        "tczewie",
        "malbork",
        "malborku",
        "kościerzyna",
        "kościerzynie",
        "puck",
        "pucku",
        "lębork",
        "lęborku",
        "starogard",
        "starogardzie",
        "kartuzy",
        "kartuzach",
        "żukowo",
        "żukowie",
    ]
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


def _located(match: re.Match) -> bool:
    words = match["place"].split()
    first = words[0]
    if first.lower() in CITIES:
        return False
    if _is_place(first, any_case=True) or (len(words) > 1 and _is_place(words[1], any_case=True)):
        return True
    if match["prep"].lower() in ("na", "przy") and (
        first[0].isupper() or first.lower() in street_index()
    ):
        index = street_index()
        return bool(
            first.lower() in index
            or LOWER_LOCATIVE_STREET.search(first)
            or (match["prep"].lower() == "przy" and LOCATIVE_STREET.search(first))
        )
    return False


@cache
def _nominative_first_names() -> frozenset[str]:
    """ "w przedszkolu Zosia ma kolegę": a first name after a school word is a child, not the
    school's name (the school's patron is in the genitive: "szkoła Kopernika")."""
    return frozenset(read_list("first_names.txt"))


ATTENDING_BEFORE = re.compile(
    r"(?i)(?:(?<!\w)(?:chodz\w*|chodzi\w*|uczęszcza\w*|uczy\s+się|uczył\w*\s+się|zapisan\w*"
    r"|przyjęt\w*|należy|jest|był\w*|wychowaw\w*|nauczyc\w*|pani|dyrekt\w*|uczeń|uczennic\w*"
    r"|ucznia|uczni\w*|absolwent\w*|sekretariat\w*|dostarcz\w*|zostawi\w*|odebra\w*"
    r"|grup\w*\s+[^\W\d_]+|zerówk\w*)|^|[.,;:!?()\[\]\-])\s*(?:(?:do|w|we|z|ze)\s+)?$"
)


DASHES_AND_SPACES = re.compile(r"[ \-]*")


def _named(text: str, match: re.Match) -> bool:
    first = match["name"].split()[0]
    if GENERIC_SCHOOL_WORDS.fullmatch(first) or first.lower() in _nominative_first_names():
        return False
    if (
        first.isupper() and len(first) <= 5 and not match["kind"].isupper()
    ):  # "szkoła LEGO", acronyms: found elsewhere
        return False
    if PRODUCT_BEFORE.search(text, max(0, match.start() - 30), match.start()):
        return False
    after = DASHES_AND_SPACES.match(text, match.end()).end()
    if PRODUCT_BEFORE.match(text, after):  # "szkoła Pokemon książka"
        return False
    # "plecak do szkoły Minecraft", "strój na bal w przedszkolu Elsa": a thing for school with a
    # brand or a character. A school's own name follows a word of going or belonging to it
    # ("chodzi do", "uczeń", "grupa Motylki w") or heads a phrase ("Przedszkole Bajka, ...").
    return ATTENDING_BEFORE.search(text, max(0, match.start() - 40), match.start()) is not None


# Cheap substring checks that let the guard skip whole families of patterns: most wishes name no
# school at all, and each pattern is a scan of the whole text.
SCHOOL_STEMS = (
    "szk",
    "szkol",
    "żłob",
    "technik",
    "lice",
    "gimnaz",
    "podstaw",
    "zerów",
    "zesp",
    "ośrod",
    "burs",
    "sosw",
    "sp ",
    "zso",
    "lo ",
)
CONTEXT_STEMS = (
    "chodz",
    "uczęszcz",
    "uczy",
    "uczył",
    "ucze",
    "uczn",
    "wychowaw",
    "nauczyc",
    "pedagog",
    "dyrekt",
    "absolw",
    "pani z klasy",
)
RARE_STEMS = ("sos", "orew", "MOS", "MOW", "zkpig", "ckziu")


def _has(text: str, stems: tuple[str, ...]) -> bool:
    return any(stem in text for stem in stems)


def schools(text: str) -> list[tuple[int, int]]:
    low = text.lower()
    found: list[tuple[int, int]] = []
    for match in SCHOOL_ACRONYM.finditer(text):
        if not UNIT_AFTER.match(text, match.end()):
            found.append((match.start(), match.end()))
    if "lo" in low or "lice" in low:
        for match in ARABIC_LO.finditer(text):
            if not YEAR_BEFORE.search(text, max(0, match.start() - 12), match.start()):
                found.append((match.start(), match.end()))
    school_word = _has(low, SCHOOL_STEMS)
    if school_word:
        found += [(m.start(), m.end()) for m in SCHOOL.finditer(text)]
        found += [(m.start(), m.end()) for m in QUOTED_SCHOOL.finditer(text)]
        found += [(m.start(), m.end()) for m in NAMED_SCHOOL.finditer(text) if _named(text, m)]
        found += [(m.start(), m.end()) for m in LOCATED_SCHOOL.finditer(text) if _located(m)]
    if (
        _has(text, RARE_STEMS)
        or _has(low, RARE_STEMS)
        or (school_word and ("mistrzost" in low or "szkolno" in low))
    ):
        found += [(m.start(), m.end()) for m in RARE_SCHOOL.finditer(text)]
    if _has(low, CONTEXT_STEMS):
        for match in CONTEXT_ACRONYM.finditer(text):
            acronym = match["acronym"]
            # "uczeń IV klasy": a Roman number is the year.
            if acronym.upper() not in NOT_SCHOOL_ACRONYMS and not ROMAN.fullmatch(acronym):
                found.append((match.start("acronym"), match.end()))
        found += [(m.start(), m.end()) for m in NICKNAME_IN_CONTEXT.finditer(text)]
    if _has(text, tuple(QUOTES)):
        found += [(m.start(), m.end()) for m in QUOTED_IN_CONTEXT.finditer(text)]
    return found
