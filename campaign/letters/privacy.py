"""The privacy guard: what a donor may read (wish, needs) must not identify the child.

`check_text` returns findings of two strengths. Certain ones are refused outright, naming what was
found: PESEL numbers (valid check digit and date), Polish phone numbers in their usual spellings,
e-mail and web addresses, postal codes, street addresses with a number, schools and kindergartens
with a number or a patron. A capitalised word that is a common Polish first name or surname (in
any usual declined form: "Kasi", "Zosię", "Kowalskiej") is only a warning: the author confirms it
(a child may want a "Zosia" doll). Names also count at the start of a sentence, because that is
where a child's name usually stands ("Kasia marzy o ...").

Ordinary wishes must pass untouched, so the patterns know sizes ("134/140", "98-104", "r. 152"),
LEGO set numbers, prices and ages, and known titles and characters ("Kraina Lodu", "Harry
Potter", "Święty Mikołaj", "koszulka Lewandowskiego") are masked before names are looked for.
"""

import re
from calendar import monthrange
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask_babel import gettext as _

from campaign.i18n import N_

DATA_DIR = Path(__file__).resolve().parent / "data"

PESEL = "pesel"
PHONE = "phone"
EMAIL = "email"
URL = "url"
POSTAL_CODE = "postal_code"
STREET = "street"
SCHOOL = "school"
NAME = "name"

KIND_LABELS = {
    PESEL: N_("numer PESEL"),
    PHONE: N_("numer telefonu"),
    EMAIL: N_("adres e-mail"),
    URL: N_("adres strony internetowej"),
    POSTAL_CODE: N_("kod pocztowy"),
    STREET: N_("adres (ulica z numerem)"),
    SCHOOL: N_("szkoła lub przedszkole"),
    NAME: N_("imię lub nazwisko"),
}
UNCERTAIN = {NAME}


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str

    @property
    def certain(self) -> bool:
        return self.kind not in UNCERTAIN

    @property
    def label(self) -> str:
        return _(KIND_LABELS[self.kind])


# --- certain findings -------------------------------------------------------------------------

UPPER = "A-ZĄĆĘŁŃÓŚŹŻ"
_EMAIL = re.compile(r"[\w.+-]+\s?(?:@|\(at\)|\[at\])\s?[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    r"(?i)(?:\bhttps?://\S+|\bwww\.\S+"
    r"|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:pl|com|eu|net|org|info|biz|io|tv|me|gov|edu)"
    r"\b(?:/\S*)?)"
)
# Also written as date and serial apart: "440514 01359".
_PESEL = re.compile(r"(?<!\d)\d{6}[ \-]?\d{5}(?!\d)")
_SEP = r"[ \t.\-]?"
_PHONE = re.compile(
    rf"(?<![\w+])(?P<country>(?:\+|00)\s?48{_SEP}|48[ .\-])?"
    rf"(?:\(?(?P<area>\d{{2}})\)?{_SEP}\d{{3}}{_SEP}\d{{2}}{_SEP}\d{{2}}"
    rf"|(?P<a>\d{{3}}){_SEP}(?P<b>\d{{3}}){_SEP}(?P<c>\d{{3}})"
    # A mobile number as "501 23 45 67": mobiles start with 4-8, sizes ("128 34 36 38") do not.
    rf"|[4-8]\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{2}})(?!\w)"
)
_POSTAL = re.compile(
    rf"(?<![\d\-/])(?P<a>\d{{2}})-(?P<b>\d{{3}})(?![\d\-/])(?P<after>\s*[\w{UPPER}]*)"
)
_UNIT_AFTER = re.compile(r"(?i)\s*(zł|zl|pln|cm|mm|kg|g|ml|el|elem\w*|szt|lat\w*|cali)\b")
# A size or a price right before "NN-NNN" makes it a range ("rozmiar 98-104", "za 50-100").
_RANGE_BEFORE = re.compile(
    r"(?i)(?<!\w)(?:rozmiar\w*|rozm|roz|r|wzrost\w*|cm|za|cen[aąy]|ok|około|budżet\w*)\.?\s*$"
)
_STREET = re.compile(
    # "ul" without its dot only before a capital or a number: lower case "ul" is a beehive.
    rf"(?<!\w)(?:(?:(?i:ul\.|ulic[aeyę])\s*|(?i:ul)\s+(?=[{UPPER}0-9]))"
    r"(?:\w[\w.'\-]*\s+){1,5}?"
    rf"|(?i:al\.|alej[aięe]|os\.|osiedl[eua]|pl\.|plac[ue]?)\s*(?:[{UPPER}0-9][\w.'\-]*\s+){{1,5}}?)"
    r"\d+[a-zA-Z]?(?:\s*/\s*\d+[a-zA-Z]?)?(?!\w)"
)
_SCHOOL_ACRONYM = re.compile(
    r"(?<!\w)(?:SP|ZSP|ZSO|ZSZ|ZSS|ZS|LO|SOSW|SLO)\s?(?:nr\.?\s?)?\d{1,3}(?!\w)"
)
_SCHOOL_WORDS = (
    r"(?:szkoł[aęyą]|szkole|przedszkol(?:e|a|u|em)|gimnazj(?:um|a)|liceum|technikum|żłob(?:ek|ka|ku)"
    r"|zesp(?:ół|ołu|ole)\s+szkół)"
)
_SCHOOL = re.compile(
    rf"(?i)(?<!\w){_SCHOOL_WORDS}(?:\s+[\w\-]+){{0,3}}?\s+(?:(?:nr\.?|numer)\s*\d{{1,3}}(?!\w)"
    rf"|im\.\s*[{UPPER}])"
    rf"|(?<!\w)szkoł\w*\s+podstawow\w*\s+\d{{1,3}}(?!\w)"
)

# Children's clothing sizes: three of them in a row ("128 134 140") are sizes, not a phone number.
CLOTHING_SIZES = {str(n) for n in range(50, 189, 6)}
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


def _phone_is_real(match: re.Match) -> bool:
    if match["a"] and not match["country"]:
        groups = (match["a"], match["b"], match["c"])
        if all(g in CLOTHING_SIZES for g in groups):
            return False
    return True


def _postal_is_real(match: re.Match) -> bool:
    """NN-NNN is a postal code ("80-180" in Gdańsk) unless a unit follows it, a size or price
    word stands right before it, or it is two neighbouring clothing sizes ("kurtka 98-104")."""
    after = match["after"]
    if _UNIT_AFTER.match(after):
        return False  # "50-100 zł", "10-150 elementów"
    if _RANGE_BEFORE.search(match.string, 0, match.start()):
        return False  # "rozmiar 98-104"
    followed_by_place = bool(after.strip()) and after.strip()[0].isupper()
    first, second = match["a"], match["b"]
    sizes = first in CLOTHING_SIZES and second in CLOTHING_SIZES
    return followed_by_place or not (sizes and 0 < int(second) - int(first) <= 12)


# --- names (warnings) --------------------------------------------------------------------------

# Titles, characters and famous people whose names are also Polish names: masked before the names
# check. Case-insensitive, declined forms included.
_MASKED = re.compile(
    r"(?i)(?<!\w)(?:"
    r"(?:święt\w*|św\.|drog\w*|kochan\w*|od|do|dla)\s+mikołaj\w*|mikołaju|mikołajk\w*|mikołajek"
    r"|harr\w+\s+potter\w*|potter\w*|hermion\w*|kra(?:ina|iny|inę|inie|iną)\s+lodu"
    r"|els[aęyi]\w*\s+i\s+ann\w*|ann\w*\s+i\s+els\w*|ann\w*\s+z\s+krainy\s+lodu"
    r"|kubu\w*\s+puchat\w*|pszcz[oó]łk\w*\s+maj\w*|ani\w*\s+z\s+zielonego\s+wzgórza"
    r"|bolek\s+i\s+lolek|bolka\s+i\s+lolka|tom\w*\s+i\s+przyjaci\w*|jaś\s+i\s+małgosia"
    r"|jasi\w*\s+i\s+małgosi\w*|jej\s+wysoko\w*\s+zosi\w*|mia\s+(?:and|i)\s+me"
    r"|(?:robert\w*\s+)?lewandowsk\w*|(?:robert\w*\s+)?kubic\w*|szczęsn\w*|(?:ig\w*\s+)?świątek"
    r"|\d{1,2}\s+maja|myszk\w*\s+miki|kaczor\w*\s+donald\w*|reksi\w*|koziołk\w*\s+matołk\w*"
    r")(?!\w)"
)
_CAPITALISED = re.compile(rf"(?<![\w\-])[{UPPER}][a-ząćęłńóśźż]+(?![\w\-])")
# Declined forms that are also everyday words ("mają" = they have, "Marka" = a brand).
NOT_NAMES = {"mają", "marka", "markowa", "polo"}

LOCATIVE = [
    ("st", "ście"),
    ("k", "ce"),
    ("g", "dze"),
    ("ch", "sze"),
    ("r", "rze"),
    ("t", "cie"),
    ("d", "dzie"),
    ("ł", "le"),
    ("", "ie"),
]
SOFT = {"ś": "si", "ź": "zi", "ć": "ci", "ń": "ni", "dź": "dzi"}


def _replace_end(word: str, end: str, new_end: str) -> str:
    return word[: len(word) - len(end)] + new_end


def _feminine_forms(name: str) -> set[str]:
    """Forms of a name ending in -a: Kasia → Kasi, Kasię, Kasią, Kasiu; Ewa → Ewy, Ewie."""
    stem = name[:-1]
    forms = {name, stem + "ę", stem + "ą", stem + "o"}
    if stem.endswith("i"):
        forms |= {stem, stem + "i", stem + "u"}
    elif stem.endswith("j"):
        forms |= {stem[:-1] + "i", stem + "i"}  # Mai, Alicji
    else:
        forms |= {stem + "y", stem + "i"}
        forms |= {_replace_end(stem, end, loc) for end, loc in LOCATIVE if stem.endswith(end)}
    return forms


def _masculine_forms(name: str) -> set[str]:
    """Forms of a name ending in a consonant: Jan → Jana, Janowi, Janem, Janie; Tomek → Tomka."""
    stems = {name}
    for end, fleeting in (("ek", "k"), ("eł", "ł"), ("el", "l"), ("ec", "c")):
        if name.endswith(end):
            stems.add(name[: -len(end)] + fleeting)
    for soft, hard in SOFT.items():
        if name.endswith(soft):
            stems = {name[: -len(soft)] + hard}
    forms = {name}
    for stem in stems:
        forms |= {stem + "a", stem + "owi", stem + "u", stem + "owie", stem + "ów", stem + "owa"}
        forms.add(stem + ("iem" if stem[-1] in "kg" else "em"))
        forms |= {_replace_end(stem, end, loc) for end, loc in LOCATIVE[:-1] if stem.endswith(end)}
        if stem[-1] in "mnbpwfsz":
            forms.add(stem + "ie")
    return forms


def _adjectival_forms(name: str) -> set[str]:
    """Kowalski → Kowalskiego, Kowalskiej, Kowalscy; Jerzy → Jerzego; Antoni → Antoniego."""
    if name.endswith("i"):
        stem, plural = name[:-1], name[:-2] + ("cy" if name[-2] == "k" else "i")
        forms = {name + "ego", name + "emu", name + "m", name + "ch", name + "mi"}
        return forms | {name, stem + "a", name + "ej", stem + "ą", plural}
    stem = name[:-1]  # Jerzy, Szczęsny
    return {name, stem + "ego", stem + "emu", stem + "ym", stem + "a", stem + "ej", stem + "ą"}


def declined_forms(name: str) -> set[str]:
    if name.endswith("a"):
        return _feminine_forms(name)
    if name.endswith(("i", "y")):
        return _adjectival_forms(name)
    if name.endswith(("o", "e", "u")):
        return {name} | _masculine_forms(name[:-1])
    return _masculine_forms(name)


def _read_list(filename: str) -> list[str]:
    text = (DATA_DIR / filename).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


@cache
def name_forms() -> frozenset[str]:
    """Every form, lower case, of the listed first names and surnames."""
    forms: set[str] = set()
    for name in _read_list("first_names.txt") + _read_list("surnames.txt"):
        forms |= declined_forms(name)
    return frozenset(forms - NOT_NAMES)


# --- the check --------------------------------------------------------------------------------


def _mask(text: str, start: int, end: int) -> str:
    # Masked spans keep their length and match nothing: later patterns cannot re-find inside them.
    return text[:start] + "\0" * (end - start) + text[end:]


def _take(text: str, pattern: re.Pattern, kind: str, keep=lambda m: True):
    findings = []
    for match in pattern.finditer(text):
        if keep(match):
            findings.append(Finding(kind, match.group(0).strip()))
            text = _mask(text, match.start(), match.end())
    return text, findings


def check_text(text: str) -> list[Finding]:
    """Everything in `text` that is (certain) or may be (a name) personal data, in text order
    of kinds: e-mails and web addresses first, so that their parts are not found again."""
    if not text:
        return []
    findings: list[Finding] = []
    steps = [
        (_EMAIL, EMAIL, lambda m: True),
        (_URL, URL, lambda m: True),
        (_PESEL, PESEL, lambda m: is_pesel(re.sub(r"\D", "", m.group(0)))),
        (_PHONE, PHONE, _phone_is_real),
        (_POSTAL, POSTAL_CODE, _postal_is_real),
        (_STREET, STREET, lambda m: True),
        (_SCHOOL, SCHOOL, lambda m: True),
        (_SCHOOL_ACRONYM, SCHOOL, lambda m: True),
    ]
    for pattern, kind, keep in steps:
        text, found = _take(text, pattern, kind, keep)
        findings += found
    findings += _names(text)
    return _unique(findings)


def _names(text: str) -> list[Finding]:
    for match in _MASKED.finditer(text):
        text = _mask(text, match.start(), match.end())
    forms = name_forms()
    return [
        Finding(NAME, m.group(0))
        for m in _CAPITALISED.finditer(text)
        if m.group(0).lower() in forms
    ]


def _unique(findings: list[Finding]) -> list[Finding]:
    seen: set[Finding] = set()
    return [f for f in findings if not (f in seen or seen.add(f))]


# --- messages ---------------------------------------------------------------------------------


def _listing(findings: list[Finding]) -> str:
    return "; ".join(f"{f.label}: „{f.text.replace(chr(0), '')}”" for f in findings)


def refusal_message(findings: list[Finding]) -> str:
    return _(
        "Usuń dane, które mogą wskazać dziecko (%(found)s). Takich danych nie wolno "
        "pokazywać darczyńcom.",
        found=_listing(findings),
    )


def warning_message(findings: list[Finding]) -> str:
    return _(
        "To może być imię lub nazwisko (%(found)s). Jeśli to nie dane dziecka ani rodziny "
        "(np. imię lalki albo tytuł bajki), zaznacz potwierdzenie i zapisz ponownie.",
        found=", ".join(f"„{f.text}”" for f in findings),
    )


def field_problems(values: dict[str, str], *, confirm_names: bool) -> tuple[dict[str, str], bool]:
    """Per-field messages for texts a donor may see, and whether any name warning was found.

    Certain findings always make a message; name warnings only when not confirmed.
    """
    problems: dict[str, str] = {}
    any_warning = False
    for field, value in values.items():
        findings = check_text(value or "")
        refused = [f for f in findings if f.certain]
        warned = [f for f in findings if not f.certain]
        any_warning = any_warning or bool(warned)
        if refused:
            problems[field] = refusal_message(refused)
        elif warned and not confirm_names:
            problems[field] = warning_message(warned)
    return problems, any_warning
