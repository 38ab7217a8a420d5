"""The privacy guard: what a donor may read (wish, needs) must not identify the child.

The text is normalised first (normalise.py: NFKC, invisible characters, dashes and spaces,
look-alike letters in digit runs), then read by the detectors of digits.py (PESEL, phones and
postal codes read as a digit stream), contacts.py (e-mails, web addresses, profiles, @handles)
and places.py (addresses with or without a prefix, schools in their short forms). A listed
first name followed by a surname, in any case, is refused as a full name.

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
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cache
from pathlib import Path

from flask_babel import gettext as _
from markupsafe import Markup, escape

from campaign.i18n import N_
from campaign.letters.privacy import contacts, digits, places
from campaign.letters.privacy.normalise import normalise

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

PESEL = "pesel"
PHONE = "phone"
EMAIL = "email"
URL = "url"
POSTAL_CODE = "postal_code"
STREET = "street"
SCHOOL = "school"
NAME = "name"
FULL_NAME = "full_name"

KIND_LABELS = {
    PESEL: N_("numer PESEL"),
    PHONE: N_("numer telefonu"),
    EMAIL: N_("adres e-mail"),
    URL: N_("adres strony internetowej"),
    POSTAL_CODE: N_("kod pocztowy"),
    STREET: N_("adres (ulica z numerem)"),
    SCHOOL: N_("szkoła lub przedszkole"),
    NAME: N_("imię lub nazwisko"),
    FULL_NAME: N_("imię i nazwisko"),
}
UNCERTAIN = {NAME}


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    # Where the finding stands in the text as typed (for highlighting); not part of equality.
    start: int = dataclass_field(default=0, compare=False)
    end: int = dataclass_field(default=0, compare=False)

    @property
    def certain(self) -> bool:
        return self.kind not in UNCERTAIN

    @property
    def label(self) -> str:
        return _(KIND_LABELS[self.kind])


# --- certain findings -------------------------------------------------------------------------

UPPER = "A-ZĄĆĘŁŃÓŚŹŻ"
CLOTHING_SIZES = digits.CLOTHING_SIZES
is_pesel = digits.is_pesel


def _pattern_spans(pattern: re.Pattern):
    return lambda text: [(m.start(), m.end()) for m in pattern.finditer(text)]


def _emails(text: str) -> list[tuple[int, int]]:
    spans = []
    for pattern in contacts.EMAIL_PATTERNS:
        spans += _pattern_spans(pattern)(text)
    return spans


def _numbers_of(kind: str):
    return lambda text: [(s, e) for k, s, e in digits.numbers(text) if k == kind]


# In this order: e-mails and web addresses first, so that their parts are not found again.
STEPS = (
    (EMAIL, _emails),
    (URL, _pattern_spans(contacts.URL)),
    (URL, _pattern_spans(contacts.SOCIAL)),
    (URL, _pattern_spans(contacts.HANDLE)),
    (PESEL, _numbers_of("pesel")),
    (PHONE, _numbers_of("phone")),
    (POSTAL_CODE, digits.postal_codes),
    (STREET, places.streets),
    (SCHOOL, places.schools),
)


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
    r"|(?:robert\w*\s+)?lewandowsk(?:i|iego|iemu|im)|(?:robert\w*\s+)?kubic\w*|szczęsn\w*|(?:ig\w*\s+)?świątek"
    r"|\d{1,2}\s+maja|myszk\w*\s+miki|kaczor\w*\s+donald\w*|reksi\w*|koziołk\w*\s+matołk\w*"
    r")(?!\w)"
)
# Declined forms that are also everyday words ("mają" = they have, "Marka" = a brand).
NOT_NAMES = {"mają", "marka", "markowa", "polo", "marzenie", "marzeniem", "marzeniu"}

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
def first_name_forms() -> frozenset[str]:
    forms: set[str] = set()
    for name in _read_list("first_names.txt"):
        forms |= declined_forms(name)
    return frozenset(forms - NOT_NAMES)


@cache
def surname_forms() -> frozenset[str]:
    forms: set[str] = set()
    for name in _read_list("surnames.txt"):
        forms |= declined_forms(name)
    return frozenset(forms - NOT_NAMES)


@cache
def name_forms() -> frozenset[str]:
    """Every form, lower case, of the listed first names and surnames."""
    return first_name_forms() | surname_forms()


@cache
def common_words() -> frozenset[str]:
    """Name forms that are also everyday words ("ani", "idzie"): names only when capitalised."""
    return frozenset(_read_list("name_lookalike_words.txt"))


# --- the check --------------------------------------------------------------------------------


def _mask_all(text: str, spans: list[tuple[int, int]]) -> str:
    """`_mask` for many spans in one pass (one pass per step keeps the guard linear)."""
    if not spans:
        return text
    pieces, last = [], 0
    for start, end in spans:
        pieces += [text[last:start], "\0" * (end - start)]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


# C0/C1 controls other than line breaks and tabs, and the bidirectional overrides and isolates
# that can show a text in another order than it is stored ("Trojan Source").
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def has_control_characters(text: str) -> bool:
    return bool(text) and CONTROL.search(text) is not None


def check_text(text: str) -> list[Finding]:
    """Everything in `text` that is (certain) or may be (a name) personal data.

    The text is normalised first (see normalise.py), so disguises cannot hide a number, an
    address or a name; findings quote the original text.
    """
    if not text:
        return []
    norm = normalise(text)
    work = norm.text
    findings: list[Finding] = []
    for kind, find in STEPS:
        spans = []
        for start, end in sorted(set(find(work)), key=lambda span: (span[0], -span[1])):
            if (spans and start < spans[-1][1]) or "\0" in work[start:end]:
                continue
            spans.append((start, end))
            findings.append(_finding(norm, kind, start, end))
        work = _mask_all(work, spans)
    for kind, start, end in _names(work):
        findings.append(_finding(norm, kind, start, end))
    return _unique(findings)


def _finding(norm, kind: str, start: int, end: int) -> Finding:
    while start < end and norm.text[start].isspace():
        start += 1
    while end > start and norm.text[end - 1].isspace():
        end -= 1
    o_start, o_end = norm.span(start, end)
    return Finding(kind, norm.original[o_start:o_end].strip(), o_start, o_end)


WORD = re.compile(r"(?<![\w\-])[^\W\d_]+(?![\w\-])")
SURNAME_SHAPE = re.compile(
    r"(?:ski|ska|skiego|skiej|cki|cka|ckiego|ckiej|dzki|dzka|wicz|czyk|czak|owska|ewska)$"
)


def _names(text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end): a first name with a surname after it is certain, any other listed
    name (in any case: "zosia", "KASIA") a warning."""
    text = _mask_all(text, [(m.start(), m.end()) for m in _MASKED.finditer(text)])
    first, surnames, forms = first_name_forms(), surname_forms(), name_forms()
    words = list(WORD.finditer(text))
    found: list[tuple[str, int, int]] = []
    skip = -1
    for i, word in enumerate(words):
        if i <= skip:
            continue
        value = word.group(0)
        lower = value.lower()
        if not _may_be_name(value, lower, forms):
            continue
        after = words[i + 1] if i + 1 < len(words) else None
        if (
            after is not None
            and lower in first
            and text[word.end() : after.start()].strip() == ""
            and _surname_like(after.group(0), surnames)
        ):
            found.append((FULL_NAME, word.start(), after.end()))
            skip = i + 1
            continue
        found.append((NAME, word.start(), word.end()))
    return found


def _may_be_name(value: str, lower: str, forms: frozenset[str]) -> bool:
    if lower not in forms:
        return False
    if value[0].isupper():
        return True
    return lower not in common_words()


def _surname_like(value: str, surnames: frozenset[str]) -> bool:
    lower = value.lower()
    if lower in surnames and (value[0].isupper() or lower not in common_words()):
        return True
    return value[0].isupper() and bool(SURNAME_SHAPE.search(lower)) and lower not in common_words()


def _unique(findings: list[Finding]) -> list[Finding]:
    seen: set[Finding] = set()
    return [f for f in findings if not (f in seen or seen.add(f))]


# --- the reviewer's view ------------------------------------------------------------------


def marked_html(text: str) -> Markup:
    """`text` escaped, with every span the guard found doubtful in a <mark> that names it (for
    the reviewer's second pair of eyes; no inline style, so the strict CSP holds)."""
    text = text or ""
    pieces, last = [], 0
    for finding in sorted(check_text(text), key=lambda f: f.start):
        if finding.start < last or finding.end <= finding.start:
            continue
        label = _("Do sprawdzenia: %(kind)s", kind=finding.label)
        pieces += [
            escape(text[last : finding.start]),
            Markup('<mark class="privacy-mark" aria-label="%s" title="%s">%s</mark>')
            % (label, label, text[finding.start : finding.end]),
        ]
        last = finding.end
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


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
