"""The privacy guard: what a donor may read (wish, needs) must not identify the child.

The text is normalised first (normalise.py: NFKC, invisible characters, dashes and spaces,
look-alike letters in digit runs), then read by the detectors of digits.py (PESEL, phones and
postal codes read as a digit stream), contacts.py (e-mails, web addresses, profiles, @handles)
and places.py (addresses with or without a prefix, schools in their short forms). A full name
is refused in any case, order and declined form: a first name with a surname-like word after or
before it (a listed surname, a Polish surname shape, a frequent surname that is also a word, or
a word that is no ordinary word: ordinary_words.txt), a double-barrelled or labelled surname
("nazwisko: ..."), a surname's initial, letters spaced out or written backwards.

`check_text` returns findings of two strengths. Certain ones are refused outright, naming what was
found: PESEL numbers (valid check digit and date), Polish phone numbers in their usual spellings,
e-mail and web addresses, postal codes, street addresses with a number, schools and kindergartens
with a number or a patron. A capitalised word that is a common Polish first name or surname (in
any usual declined form: "Kasi", "Zosię", "Kowalskiej") is only a warning: the author confirms it
(a child may want a "Zosia" doll). Names also count at the start of a sentence, because that is
where a child's name usually stands ("Kasia marzy o ...").

Ordinary wishes must pass untouched, so the patterns know sizes ("134/140", "98-104", "r. 152"),
LEGO set numbers, prices and ages, and known titles and characters ("Kraina Lodu", "Harry
Potter", "Święty Mikołaj", "koszulka Lewandowskiego"; known_names.txt) are masked before names
are looked for, and a name after a work or toy word ("bajki Jana Brzechwy", "lalka Zosia") is
the work's.
"""

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cache
from pathlib import Path

from flask_babel import gettext as _
from markupsafe import Markup, escape

from campaign.i18n import N_
from campaign.letters.privacy import contacts, digits, lists, places
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
    # The sportspeople are in known_names.txt: with another first name before the surname, it is
    # a child's ("Leon Szczęsny").
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
        # A soft consonant before a fleeting e: Maciek → Maćka, Krzysiek → Krzyśka.
        if name.endswith(hard + "ek"):
            stems.add(name[: -len(hard) - 2] + soft + "k")
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
    return frozenset(_with_folded(forms - NOT_NAMES))


def _with_folded(forms: set[str]) -> set[str]:
    """The forms and the same typed without Polish letters ("Michal", "wisniewski"), unless
    that spells an everyday word."""
    ordinary = ordinary_words()
    return forms | {_fold(f) for f in forms if _fold(f) != f and _fold(f) not in ordinary}


@cache
def surname_forms() -> frozenset[str]:
    forms: set[str] = set()
    for name in _read_list("surnames.txt"):
        forms |= declined_forms(name)
    return frozenset(_with_folded(forms - NOT_NAMES))


@cache
def name_forms() -> frozenset[str]:
    """Every form, lower case, of the listed first names and surnames."""
    return first_name_forms() | surname_forms()


@cache
def common_words() -> frozenset[str]:
    """Name forms that are also everyday words ("ani", "idzie"): names only when capitalised."""
    return frozenset(_read_list("name_lookalike_words.txt"))


@cache
def surname_word_forms() -> frozenset[str]:
    """Forms of surname_words.txt (everyday words that are frequent surnames: Lis, Kiełbasa)."""
    forms: set[str] = set()
    for word in lists.read_list("surname_words.txt"):
        forms |= {word} | declined_forms(word)
    return frozenset(forms)


@cache
def reversed_first_names() -> frozenset[str]:
    return frozenset(form[::-1] for form in first_name_forms() if len(form) >= 4)


@cache
def santa_forms() -> frozenset[str]:
    forms = declined_forms("mikołaj")
    return frozenset(forms | {_fold(f) for f in forms})


_fold = lists.fold


@cache
def ordinary_words() -> frozenset[str]:
    """Everyday Polish (and common English) words, lower case: see ordinary_words.txt, and the
    brands and toys of toy_words.txt."""
    return lists.ordinary_words()


@cache
def ordinary_words_folded() -> frozenset[str]:
    # Wishes are often typed without Polish letters ("ksiazka", "prosze").
    return lists.ordinary_words_folded()


def _entry_forms(word: str) -> frozenset[str]:
    # Short words ("i", "z", "w") are matched as written.
    forms = {word} | (declined_forms(word) if len(word) > 2 else set())
    if word.endswith(("ska", "cka", "dzka")):
        forms |= {word[:-1] + "iej", word[:-1] + "ą"}  # Konopnicka → Konopnickiej
    return frozenset(_fold(form) for form in forms)


@cache
def known_names() -> dict[str, list[tuple[frozenset[str], ...]]]:
    """known_names.txt as word sequences (every declined form of every word, folded), indexed
    by the forms of their first word."""
    index: dict[str, list[tuple[frozenset[str], ...]]] = {}
    for line in lists.read_list("known_names.txt"):
        words = line.replace(",", " ").split()
        entry = tuple(_entry_forms(word) for word in words)
        for form in entry[0]:
            index.setdefault(form, []).append(entry)
    for entries in index.values():
        entries.sort(key=len, reverse=True)
    return index


@cache
def famous_surname_forms() -> frozenset[str]:
    """Surnames of the famous people and characters of known_names.txt ("Lewandowskiego"): alone
    they are no warning; after another first name they still make a full name."""
    forms: set[str] = set()
    for line in lists.read_list("known_names.txt"):
        words = line.split()
        if len(words) == 2 and words[0] in first_name_forms():
            forms |= declined_forms(words[1]) | set(_entry_forms(words[1]))
    return frozenset(forms - surname_forms())


def _known_name_spans(text: str, tokens: list[re.Match]) -> list[tuple[int, int]]:
    index = known_names()
    whole = _fold(text.lower())
    if len(whole) == len(text):  # one pass over the text, unless lower() changed a length
        folded = [whole[t.start() : t.end()] for t in tokens]
    else:
        folded = [_fold(t.group(0).lower()) for t in tokens]
    spans = []
    i = 0
    while i < len(tokens):
        length = 0
        for entry in index.get(folded[i], ()):
            if i + len(entry) <= len(tokens) and all(
                folded[i + k] in forms
                and (k == 0 or tokens[i + k].start() - tokens[i + k - 1].end() <= 4)
                for k, forms in enumerate(entry)
            ):
                length = len(entry)
                break
        if length:
            spans.append((tokens[i].start(), tokens[i + length - 1].end()))
            i += length
        else:
            i += 1
    return spans


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


TOKEN = re.compile(r"(?<![\w\-'’])[^\W\d_]+(?:['’][^\W\d_]+)?(?:-[^\W\d_]+)*(?![\w\-])")
# A surname's initial: "Olek W.", "Szymon K, 8 lat", "Kasia M" at the end (I, V and X only with
# a dot: without one they are Roman numerals, "klasa I").
INITIAL_AFTER = re.compile(rf"[{UPPER}]\.|[A-HJ-UWYZĄĆĘŁŃÓŚŹŻ](?=\s*[,;)]|\s*$)")
# Polish surname shapes in any declined form: -ski/-cki/-dzki (Kowalskiej, Zawadzkiemu), -wicz,
# -czyk/-czak, and -ak/-ek/-uk/-ik (Pawlaka, Wieczorkiem). The short ones also end many ordinary
# words, so they count only outside the list of ordinary words.
SURNAME_SHAPE = re.compile(
    r"(?:[sc]k|dzk)(?:i|a|iego|iej|iemu|im|ą|ich|imi)$|(?:[sc]cy|dzcy)$"
    r"|(?:wicz|czyk|czak|szczak)(?:|a|owi|em|u|owie|ów|owa|ówna)$"
)
SHORT_SURNAME_SHAPE = re.compile(r"(?:ak|uk|ik|yk|ek)(?:|a|owi|iem|u|owie|ów|owa)$")
# A word right after one of these introduces a name even if it is also an everyday word
# ("mam na imię wiktoria", "jestem Lena", "pozdrawiam, Ola").
INTRO = re.compile(
    r"(?i)(?:imi[eęo]n?\w*|nazywa(?:m|sz)?\s+się|jestem|jest|tu|to|ja|podpis|pozdrawia\w*"
    r"|ściskam|dziękuj[eę]|buziaki|córk[aię]|syn\w*|brat\w*|siostr\w*|dla|od)\s*[:,\-–—~]?\s*$"
)
# "nazwisko: Stefańczyk", "o imieniu Hania i nazwisku Formela", "imie kacper nazwisko sawicki".
LABELLED_SURNAME = re.compile(
    r"(?i)(?<!\w)nazwisk(?:o|a|u|iem)(?:\s+(?:dziecka|dziewczynki|chłopca|rodziny|to|brzmi))?"
    r"\s*[:=\-–]?\s*(?P<name>[^\W\d_]{2,40}(?:-[^\W\d_]{2,40})?)(?![\w\-])"
)
# A name after one of these is the work's author or its title: "wiersze Juliana Tuwima", "książkę
# Matylda", "płyta Dawida Podsiadło"; after these a toy's name: "lalka Anna", "miś Kuba".
WORK_WORDS = re.compile(
    r"(?i)^(?:książ\w*|ksiazk\w*|książecz\w*|wiersz\w*|wierszyk\w*|bajk\w*|bajecz\w*|baśni\w*"
    r"|płyt\w*|piosenk\w*|album\w*|film\w*|seri[aiję]|serial\w*|komiks\w*|powieś\w*"
    r"|opowiadani\w*|lektur\w*|audiobook\w*|autorstwa|autor\w*|tom|tomu|tomie|tomy|kolekcj\w*"
    r"|plakat\w*|koncert\w*|przygod\w*|część|cz\.?"
    r"|lalk\w*|lalecz\w*|pluszak\w*|pluszow\w*|misi\w*|miś|maskotk\w*|figurk\w*|kukieł\w*|bobas\w*"
    r"|bajkow\w*|postać|postaci\w*|bohater\w*"
    # fairy-tale titles and animals before a character's name: "Król Maciuś", "smok Tomek"
    r"|król\w*|królewn\w*|księżnicz\w*|książę|wróżk\w*|syrenk\w*|smok\w*|krasnal\w*"
    r"|krasnolud\w*|rycerz\w*|czarodziej\w*|czarownic\w*|pirat\w*|robot\w*|kapitan\w*"
    r"|kolejk\w*|lokomotyw\w*|pociąg\w*|ciuchci\w*"
    r"|detektyw\w*|kot|kotek|kotka|kici\w*|pies|piesek|piesk\w*|żab\w*|śwink\w*|zajączek)$"
)
# A name followed by these is a character of the work named: "Basia z książeczek", "Mikołaj z
# reniferem", "Martynka i jej przyjaciele".
CHARACTER_AFTER = re.compile(
    r"(?i)\s*[(\[]?\s*(?:z\s+(?:książ\w*|ksiazk\w*|bajk\w*|baśni\w*|serii|serialu|filmu|gry"
    r"|komiksu|kreskówk\w*|renifer\w*|elf\w*)"
    r"|i\s+(?:jej\s+|jego\s+)?przyjaci\w*)"
)
# Letters with a space (or dot) between each: "K a s i a  N o w a k"; words split at wider gaps.
SPACED = re.compile(r"(?<![^\W\d_])[^\W\d_](?:[ .*_]{1,3}[^\W\d_]){3,60}(?![^\W\d_])")
SPACED_GAP = re.compile(r"[ .*_]{2,}")


def _names(text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end): a full name (a first name with a surname-like word before or after
    it, a labelled surname, a name with an initial) is certain, any other name a warning."""
    found: list[tuple[str, int, int]] = []
    labelled = []
    for match in LABELLED_SURNAME.finditer(text):
        if _labelled_surname(match.group("name")):
            labelled.append((match.start(), match.end()))
            found.append((FULL_NAME, match.start(), match.end()))
    text = _mask_all(text, labelled)
    spaced = []
    for match in SPACED.finditer(text):
        kind = _spaced_name(match.group(0))
        if kind:
            spaced.append((match.start(), match.end()))
            found.append((kind, match.start(), match.end()))
    text = _mask_all(text, spaced)
    text = _mask_all(text, [(m.start(), m.end()) for m in _MASKED.finditer(text)])
    # "Kasia_Nowak": an underscore joins words as a space would (same length, so spans hold).
    text = text.replace("_", " ")
    tokens = list(TOKEN.finditer(text))
    text = _mask_all(text, _known_name_spans(text, tokens))
    tokens = [t for t in tokens if text[t.start()] != "\0"]
    found += _names_in(text, tokens)
    found += _reversed_full_names(text, tokens)
    return found


def _names_in(text: str, tokens: list[re.Match], *, certain_only: bool = False):
    first, surnames = first_name_forms(), surname_forms()
    found: list[tuple[str, int, int]] = []
    skip = -1
    for i, token in enumerate(tokens):
        if i <= skip:
            continue
        value = token.group(0)
        lower = value.lower()
        if lower not in first and lower not in surnames and not value[0].isupper():
            continue  # most words: neither a name nor a capitalised surname before one
        if _glued_full_name(value):
            found.append((FULL_NAME, token.start(), token.end()))
            continue
        before = text[max(0, token.start() - 30) : token.start()]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        adjacent = nxt is not None and _adjacent(text, token, nxt)
        is_first = lower in first and (
            value[0].isupper() or lower not in common_words() or INTRO.search(before) is not None
        )
        if lower in first and not is_first and adjacent and _strong_surname(nxt.group(0)):
            is_first = True  # "wiktoria jankowiak": an everyday word, but a surname follows
        if is_first and _character_in_context(text, token, before):
            # The author or the character of a work ("bajki Jana Brzechwy"): the surname too.
            skip = i + 1 if adjacent and _surname_like(nxt.group(0)) else i
            # and the names joined to it: "książka Julka i Pola", "Kacper, Melchior i Baltazar"
            while (
                skip + 2 < len(tokens)
                and tokens[skip + 1].group(0).lower() in {"i", "oraz"}
                and _is_first_name(tokens[skip + 2].group(0))
            ):
                skip += 2
            continue
        if is_first:
            end = _full_name_end(text, tokens, i)
            if end is not None:
                found.append((FULL_NAME, token.start(), tokens[end].end()))
                skip = end
                continue
            initial = INITIAL_AFTER.match(text, token.end() + 1)
            if initial and text[token.end()] == " ":
                found.append((FULL_NAME, token.start(), initial.end()))
                skip = i + 1
                continue
        elif _family_name(value, FAMILY_BEFORE.search(before)):
            # A family by its name: "Rodzina Malinowskich z Oruni", "rodzeństwo Pawlaków".
            found.append((FULL_NAME, token.start(), token.end()))
            continue
        elif (
            adjacent
            and _is_first_name(nxt.group(0))
            and _surname_first(value, after_a_capital=_capital_before(text, tokens, i))
        ):
            found.append((FULL_NAME, token.start(), nxt.end()))  # "Jasiński Wojtek"
            skip = i + 1
            continue
        if certain_only:
            continue
        if is_first:
            if lower in santa_forms() and _santa(text, token, before):
                continue
            found.append((NAME, token.start(), token.end()))
        elif _lone_surname(value, lower):
            found.append((NAME, token.start(), token.end()))
    return found


# A family by its name is refused: "Rodzina Malinowskich", "rodzeństwo Pawlaków", "u Kowalskich"
# (after "u", "od", "dla" only in the plural: "u Kowalskiej" may be a neighbour, and warns).
FAMILY_BEFORE = re.compile(
    r"(?i)(?:(?P<family>rodzin\w*|rodzeństw\w*|rodzenstw\w*|państw[ao]|panstw[ao]|bra(?:cia|ci)"
    r"|si(?:ostry|óstr)|dzieci|małżeństw\w*)|(?<![^\W\d_])(?:u|od|dla))\s*[:\-–]?\s*$"
)
PLURAL_SURNAME = re.compile(r"(?:ich|ów|owie|cy)$")


def _family_name(value: str, before: re.Match | None) -> bool:
    """A family's name: a listed surname or one of the long surname shapes, capitalised (a
    cartoon family's made-up name, "Rodzina Treflików", has neither), after a family word."""
    lower = value.lower()
    if before is None or not value[0].isupper():
        return False
    if not before.group("family") and not PLURAL_SURNAME.search(lower):
        return False
    return lower in surname_forms() or bool(SURNAME_SHAPE.search(lower))


def _adjacent(text: str, token: re.Match, nxt: re.Match) -> bool:
    """Two words with only spaces between, or glued by one dot ("Kasia.Nowak")."""
    gap = text[token.end() : nxt.start()]
    return (gap.strip() == "" and len(gap) <= 3) or gap == "."


def _full_name_end(text: str, tokens: list[re.Match], i: int) -> int | None:
    """The index of the surname that makes tokens[i] (a first name) a full name: right after it
    ("Kasia Nowak"), or after a second first name joined by "i" ("Jaś i Staś Koszałkowie")."""
    j = i + 1
    if (
        j + 1 < len(tokens)
        and tokens[j].group(0).lower() in {"i", "oraz"}
        and _is_first_name(tokens[j + 1].group(0))
        and _adjacent(text, tokens[j], tokens[j + 1])
    ):
        j += 2
    if (
        j + 1 < len(tokens)
        and re.fullmatch(r" ?[(\[]", text[tokens[j - 1].end() : tokens[j].start()])
        and re.fullmatch(r"[)\]] ?", text[tokens[j].end() : tokens[j + 1].start()])
        and _is_first_name(tokens[j].group(0))
    ):
        j += 1  # a nickname in brackets: "Antoni (Antek) Wróblewski"
    elif j >= len(tokens) or not _adjacent(text, tokens[j - 1], tokens[j]):
        return None
    value = tokens[j].group(0)
    # In a row of capitalised names ("Elsa Anna Kristoff") an unknown word is a character.
    in_a_row = i > 0 and _adjacent(text, tokens[i - 1], tokens[i])
    in_a_row = in_a_row and _is_first_name(tokens[i - 1].group(0))
    if _surname_like(value, unknown_counts=not in_a_row):
        return j
    if value[0].isupper() and value.lower() in surname_word_forms():
        # "Pola Lis": an everyday word as a surname, unless a title goes on ("Kasia Kot Psot")
        after = tokens[j + 1] if j + 1 < len(tokens) else None
        if after is None or not _adjacent(text, tokens[j], after) or after.group(0)[0].islower():
            return j
    return None


CAMEL = re.compile(r"(?<=[a-ząćęłńóśźż])(?=[A-ZĄĆĘŁŃÓŚŹŻ])")


def _glued_full_name(value: str) -> bool:
    """A first name glued to a surname by a hyphen or by capitals: "Kasia-Nowak",
    "KasiaNowak" (not "Anna-Maria": a second first name is no surname)."""
    parts = value.split("-", 1) if "-" in value else CAMEL.split(value, maxsplit=1)
    if len(parts) != 2 or not parts[0] or not parts[1]:
        return False
    return _is_first_name(parts[0]) and _strong_surname(parts[1])


def _is_first_name(value: str) -> bool:
    lower = value.lower()
    return lower in first_name_forms() and (value[0].isupper() or lower not in common_words())


def _surname_like(value: str, *, unknown_counts: bool = True) -> bool:
    """A word after a first name that makes the two a full name: a listed surname, a Polish
    surname shape, or a word that is no ordinary word ("Formela", "Kreft", "koszalka").
    Double-barrelled surnames count by either part."""
    if "-" in value:
        return any(_surname_like(part) for part in value.split("-") if len(part) > 1)
    lower = value.lower()
    if len(lower) < 2:
        return False
    if _strong_surname(value) or lower in famous_surname_forms():
        return True  # a famous surname after another first name: "Amelka Tuwim"
    if not unknown_counts or lower in first_name_forms() or _ordinary(lower):
        return False
    return len(lower) >= 3


def _strong_surname(value: str) -> bool:
    if "-" in value:
        return any(_strong_surname(part) for part in value.split("-") if len(part) > 1)
    lower = value.lower()
    if lower in surname_forms():
        return value[0].isupper() or lower not in common_words()
    if SURNAME_SHAPE.search(lower):
        return value[0].isupper() or not _ordinary(lower)
    return bool(SHORT_SURNAME_SHAPE.search(lower)) and not _ordinary(lower) and len(lower) > 4


def _capital_before(text: str, tokens: list[re.Match], i: int) -> bool:
    return (
        i > 0 and _adjacent(text, tokens[i - 1], tokens[i]) and tokens[i - 1].group(0)[0].isupper()
    )


def _surname_first(value: str, *, after_a_capital: bool = False) -> bool:
    """A word that stands as a surname before a first name ("Wójcik Pola", "Jasiński Wojtek"):
    listed, or the long surname shapes with a capital. The short shapes (-ak, -ek) are left out:
    before a name they are mostly toys ("pluszak Kuba")."""
    lower = value.lower()
    if lower in surname_forms():
        return _strong_surname(value)
    if not _capitalised(value):
        return False
    if SURNAME_SHAPE.search(lower):
        return True
    # "Formela Natalka": a capitalised word that is no ordinary word, no name and no toy; not
    # after another capitalised word, where it is a brand's line ("LEGO Duplo Tomek").
    return (
        not after_a_capital
        and len(lower) >= 4
        and lower not in first_name_forms()
        and not _ordinary(lower)
    )


def _ordinary(lower: str) -> bool:
    return lower in ordinary_words() or _fold(lower) in ordinary_words_folded()


def _lone_surname(value: str, lower: str) -> bool:
    """A listed surname alone is a warning; in lower case not when it is also an everyday
    adjective or noun ("książka kucharska"), nor a famous surname alone ("koszulka
    Lewandowskiego")."""
    if lower not in surname_forms() or lower in first_name_forms():
        return False
    if lower in famous_surname_forms():
        return False
    if _capitalised(value):
        return True
    if SURNAME_SHAPE.search(lower):
        return False  # in lower case an adjective: "książka kucharska", "górska"
    return lower not in common_words() and not _ordinary(lower)


def _capitalised(value: str) -> bool:
    """A capital that says something: not in a text written all in capitals."""
    return value[0].isupper() and not (len(value) > 1 and value.isupper())


def _character_in_context(text: str, token: re.Match, before: str) -> bool:
    """A first name that names a character or an author, not a child: after a work or toy word
    ("lalka Zosia", "bajki Jana"), or before "z książeczek"/"i przyjaciele"."""
    words_before = before.split()
    word_before = words_before[-1] if words_before else ""
    if WORK_WORDS.search(word_before.strip("\"„”'(")):
        return True
    if word_before == "o" and len(words_before) > 1 and WORK_WORDS.search(words_before[-2]):
        return True  # what the work is about: "seria o Basi", "książka o Tomku"
    if word_before and set(word_before) == {"\0"}:
        # Right after a known author or title ("Roalda Dahla Matylda"); other masked spans were
        # findings, so the text is refused anyway.
        return True
    return CHARACTER_AFTER.match(text, token.end()) is not None


def _santa(text: str, token: re.Match, before: str) -> bool:
    """Mikołaj in a wish is Santa Claus, unless he introduces himself ("jestem Mikołaj") or
    opens the text ("Mikołaj chce rower")."""
    if token.group(0).lower() in {"mikołaju", "mikolaju"}:
        return True  # the vocative: a letter to Santa
    opens = text[: token.start()].strip(" \0") == ""
    return not opens and INTRO.search(before) is None


def _labelled_surname(value: str) -> bool:
    lower = value.lower()
    return value[0].isupper() or _strong_surname(value) or not _ordinary(lower)


def _spaced_name(run: str) -> str | None:
    """The kind of name a letter-spaced run spells, if any."""
    words = ["".join(ch for ch in part if ch.isalpha()) for part in SPACED_GAP.split(run)]
    words = [w for w in words if w]
    candidates = [" ".join(words)]
    if len(words) == 1:  # no wider gap: try every split into two words
        joined = words[0]
        candidates += [f"{joined[:k]} {joined[k:]}" for k in range(3, len(joined) - 2)]
    kinds = set()
    for candidate in candidates:
        kinds |= {kind for kind, _, _ in _names_in(candidate, list(TOKEN.finditer(candidate)))}
    return FULL_NAME if FULL_NAME in kinds else (NAME if NAME in kinds and len(words) > 1 else None)


def _reversed_full_names(text: str, tokens: list[re.Match]) -> list[tuple[str, int, int]]:
    """A full name written backwards ("kawoN aisaK", or word by word "aisaK kawoN"): only
    looked for when some word read backwards is a first name no ordinary word spells."""
    backwards = reversed_first_names()
    hits = [
        i
        for i, t in enumerate(tokens)
        if t.end() - t.start() >= 4
        and t.group(0).lower() in backwards
        and not _ordinary(t.group(0).lower())
    ]
    found = []
    for i in hits:
        for j in (i - 1, i + 1):
            if 0 <= j < len(tokens) and _adjacent(
                text, *sorted((tokens[i], tokens[j]), key=_start)
            ):
                pair = sorted((tokens[i], tokens[j]), key=_start)
                words = [t.group(0)[::-1] for t in pair]
                for candidate in (" ".join(words), " ".join(reversed(words))):
                    if _names_in(candidate, list(TOKEN.finditer(candidate)), certain_only=True):
                        found.append((FULL_NAME, pair[0].start(), pair[1].end()))
                        break
    return found


def _start(match: re.Match) -> int:
    return match.start()


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
