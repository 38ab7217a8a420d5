"""The privacy guard sees through light disguises (issue 8) and still lets ordinary wishes pass."""

import pytest

from campaign.letters.privacy import FULL_NAME, NAME, check_text

ISSUE_LETTER = (
    "Jestem KASIA NOWAK, PESEL 15 22 15 12346, tel501234567, mieszkam Grunwaldzka 102/4, "
    "80180 Gdańsk, chodzę do SP-5, mail kasia＠o2.de. Chcę lalkę."
)

DISGUISED = [
    ("152215/12346", "pesel"),
    ("PESEL 1522\u200b1512346", "pesel"),
    ("501  234  567", "phone"),
    ("501\u2011234\u2011567", "phone"),
    ("5O1 234 567", "phone"),
    ("numer501234567", "phone"),
    ("tel. 6 0 1 2 3 4 5 6 7", "phone"),
    ("+48 601 234 567", "phone"),
    ("kasia at gmail dot com", "email"),
    ("kasia@gmail", "email"),
    ("x＠y.de", "email"),
    ("kasia małpa wp kropka pl", "email"),
    ("mieszka na Długiej 5 m. 3", "street"),
    ("al Grunwaldzka 5", "street"),
    ("kartuska 120", "street"),
    ("mieszkamy przy Kartuskiej 12", "street"),
    ("80 180 Gdańsk", "postal_code"),
    ("SP-5", "school"),
    ("S.P. nr 5", "school"),
    ("szkoła im Kopernika", "school"),
    ("chodzę do II LO", "school"),
    ("JESTEM KASIA NOWAK", FULL_NAME),
    ("kasia nowak", FULL_NAME),
    ("Jestem Zuzia Kowalska", FULL_NAME),
    ("insta: zosia_2015", "url"),
    ("@kasia2015", "url"),
    ("allegro kropka pl", "url"),
    ("Kаsia Nowak", FULL_NAME),  # a Cyrillic "а"
]

ORDINARY = [
    "Chciałabym klocki LEGO 42141 i książkę Harry Potter",
    "rozmiar 134/140, buty 32",
    "Ulica Sezamkowa - książka",
    "kurtka 98-104 za 150 zł",
    "lalka długa 30 cm",
    "nie chcę ani lalki ani misia, tylko rower",
    "moje marzenie to rower",
    "Marzenie: hulajnoga",
    "zestaw Playmobil 71395 za 200 zł",
    "gra na Nintendo Switch 2",
    "górskie buty rozmiar 36",
    "Mam 8 lat i lubię YouTube",
    "karta Steam 50zł",
    "rozmiary 128 134 140 146",
    "Oliwa z oliwek i miód dla mamy",
    "aniołki na choinkę",
    "Kraina Lodu 2 na DVD",
]


def test_the_letter_of_the_issue_is_refused_for_every_piece_of_it():
    kinds = {f.kind for f in check_text(ISSUE_LETTER) if f.certain}
    assert kinds == {"pesel", "phone", "street", "postal_code", "school", "email", FULL_NAME}


@pytest.mark.parametrize(("text", "kind"), DISGUISED)
def test_a_disguise_is_refused_and_named(text, kind):
    certain = [f for f in check_text(text) if f.certain]
    assert [f.kind for f in certain] == [kind]


def test_findings_quote_and_locate_what_the_author_typed():
    text = "tel 5O1\u200b234 567"
    [finding] = check_text(text)
    assert finding.text == "5O1\u200b234 567"
    assert text[finding.start : finding.end] == finding.text


def test_a_lower_case_first_name_is_a_warning():
    findings = check_text("mam na imię zosia")
    assert [(f.kind, f.text, f.certain) for f in findings] == [(NAME, "zosia", False)]


@pytest.mark.parametrize("text", ORDINARY)
def test_an_ordinary_wish_passes(text):
    assert check_text(text) == []


@pytest.mark.parametrize(
    "text",
    ["1 " * 100_000, "a@" * 100_000, "ul. A " * 30_000, "a." * 100_000, "Kasia Nowak " * 20_000],
)
def test_huge_adversarial_texts_are_checked_to_the_end(text):
    assert isinstance(check_text(text), list)
