"""The word lists the guard reads from campaign/letters/data/, each loaded once."""

from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def read_list(filename: str) -> list[str]:
    text = (DATA_DIR / filename).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


_FOLD = str.maketrans("ąćęłńóśźż", "acelnoszz")


def fold(word: str) -> str:
    """The word without Polish letters, as wishes are often typed ("ksiazka")."""
    return word.translate(_FOLD)


@cache
def ordinary_words() -> frozenset[str]:
    """Everyday Polish and common English words (ordinary_words.txt) and the brands and toys
    children name (toy_words.txt), lower case."""
    return frozenset(read_list("ordinary_words.txt") + read_list("toy_words.txt"))


@cache
def ordinary_words_folded() -> frozenset[str]:
    return frozenset(fold(word) for word in ordinary_words())


def is_ordinary(lower: str) -> bool:
    return lower in ordinary_words() or fold(lower) in ordinary_words_folded()


@cache
def first_names() -> frozenset[str]:
    """The listed first names as written in first_names.txt (nominative only)."""
    return frozenset(read_list("first_names.txt"))


@cache
def place_words() -> frozenset[str]:
    """Every listed form of Gdańsk's districts and the area's towns, lower case, one word each
    (multi-word places count by each of their distinctive words)."""
    words: set[str] = set()
    for line in read_list("gdansk_districts.txt"):
        for form in line.split("|"):
            form = form.strip().lower()
            words.add(form)
            words |= {part for part in form.replace("-", " ").split() if len(part) > 3}
    return frozenset(words - COMMON_PLACE_PARTS)


# Parts of multi-word places that alone say nothing ("Górki Zachodnie" → not "zachodnie").
COMMON_PLACE_PARTS = frozenset(
    {
        "zachodnie",
        "zachodnich",
        "wschodnie",
        "wschodnich",
        "górna",
        "górnej",
        "dolny",
        "dolnym",
        "górny",
        "górnym",
        "małe",
        "wielkie",
        "małym",
        "wielkim",
        "miasto",
        "mieście",
        "nowy",
        "nowym",
        "porcie",
        "portu",
        "port",
        "stare",
        "starym",
        "główne",
        "głównym",
        "dolne",
        "długie",
        "długich",
        "ogrody",
        "ogrodach",
        "świętym",
        "wojciechu",
        "wojciech",
        "siódmy",
        "siódmym",
        "dworze",
        "dwór",
        "wyspa",
        "wyspie",
        "złota",
        "złotej",
        "karczma",
        "karczmie",
        "południe",
        "gdański",
        "gdańskim",
        "wzgórze",
        "wzgórzu",
        "mickiewicza",
        "biskupia",
        "biskupiej",
        "górka",
        "górce",
        "tysiąclecia",
        "orle",
        "błonia",
        "błoniach",
        "kowale",
        "kowalach",
        "lipce",
        "lipcach",
        "stogi",
        "stogach",
        "zaspy",
        "zaspa",
        "zaspie",
        "oliwy",
    }
)

PLACE_WORDS = place_words()
# With the ambiguous ones ("Zaspa", "Oliwy"): context only when written with a capital letter.
CAPITALISED_PLACE_WORDS = place_words() | COMMON_PLACE_PARTS
