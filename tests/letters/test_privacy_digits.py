"""The guard reads a child's PESEL, phone number and postal code however the digits are disguised
(issue 8a), and still tells them from the numbers of ordinary wishes: book and product codes,
offers, references, sizes, prices, dates."""

import pytest

from campaign.letters.privacy import check_text


def _kinds(text: str) -> list[str]:
    return [f.kind for f in check_text(text) if f.certain]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("nr 11Z40Z24314, prosi o tablet", "pesel"),
        ("dziecko#I3Z704375Z6 chce klocki", "pesel"),
        ("nr ewid. 1З2ЗОЗ37З89", "pesel"),  # Cyrillic Ze for 3, Cyrillic O
        ("Tel kontaktowy SI8 9o4 359.", "phone"),  # two look-alikes in a group of a longer number
        ("SMS do opiekunki na 7Z9 795 88B", "phone"),
        ("numer do mamy 792oZ4194", "phone"),
        ("83-OOO Pruszcz Gdański", "postal_code"),  # zeros written as letters O
        ("w razie czego +48 6OI-ZЗ4-567", "phone"),  # each group starts with look-alikes
        ("numer: 601 ; 234 ; 567", "phone"),
    ],
)
def test_look_alike_letters_inside_a_number_are_read_as_digits(text, kind):
    assert _kinds(text) == [kind]


@pytest.mark.parametrize(
    "text",
    ["plecak 20l i bidon", "karta 100zl", "zestaw 3 z 5 części", "LEGO42141", "zoo 2 bilety"],
)
def test_letters_next_to_a_number_that_are_words_or_units_stay_letters(text):
    assert check_text(text) == []


def test_capitals_before_a_number_stay_an_abbreviation():
    assert _kinds("chodzi do ZSO15") == ["school"]


@pytest.mark.parametrize(
    "separated",
    [
        "13·23·03·37389",
        "13_23_03_37389",
        "13*23*03*37389",
        "13...23...03...37389",
        "132303 — 37389",
        "13 | 23 | 03 | 37389",
        "1323\u200b0337389",
        "132303  37389",
    ],
)
def test_a_pesel_is_found_whatever_separates_its_digits(separated):
    assert _kinds(f"Marzy o rowerze {separated}") == ["pesel"]


def test_a_bar_is_read_both_as_a_one_and_as_a_separator():
    assert _kinds("Mama: 79|909749") == ["phone"]  # 791 909 749
    assert _kinds("lalka, 172204|83872, dziękujemy") == ["pesel"]  # 17220483872


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("w systemie: 132303 i dalej 37389", "pesel"),
        ("numer dziecka 092, 706, 179, 92", "pesel"),
        ("mama 455, potem 421, potem 879", "phone"),
        ("numer 536, potem 872, potem 011", "phone"),
        ("babcia: 601, 234, 567", "phone"),
        ("mama: 455, kolejne 421, ostatnie 879", "phone"),
        ("numer 132303, a reszta to 37389", "pesel"),
    ],
)
def test_a_number_given_in_pieces_is_joined(text, kind):
    assert _kinds(text) == [kind]


@pytest.mark.parametrize(
    "text",
    ["wiek 3 i 5 lat", "Kartuska 102/4, Gdańsk", "rozmiary 28, 30 lub 32", "buty 31, 32 lub 33"],
)
def test_short_numbers_in_a_list_are_not_joined_into_one(text):
    assert "phone" not in _kinds(text) and "pesel" not in _kinds(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Tata: sześćset trzy trzysta trzydzieści trzy osiemset czterdzieści cztery.", "phone"),
        (
            "komórka mamy siedemset osiemdziesiąt sto trzydzieści dziewięć"
            " osiemset osiemdziesiąt cztery",
            "phone",
        ),
        (
            "zadzwoń: pięćset jeden dwieście trzydzieści cztery pięćset sześćdziesiąt siedem",
            "phone",
        ),
        ("tel. ósemka ósemka jeden dziewiątka zero ósemka szóstka trójka jeden", "phone"),
        ("tel 697 jeden pięć siedem 184", "phone"),
        (
            "pesel trzynaście dwadzieścia trzy zero trzy trzydzieści siedem"
            " trzysta osiemdziesiąt dziewięć",
            "pesel",
        ),
        ("kod pocztowy osiemdziesiąt sto osiemdziesiąt, marzy o rowerku", "postal_code"),
        ("rolki r. 33; osiemdziesiąt jeden czterysta dwanaście Sopot", "postal_code"),
        ("szesc zero jeden dwiescie trzydziesci cztery piecset szescdziesiat siedem", "phone"),
    ],
)
def test_a_number_in_polish_words_with_tens_and_hundreds_is_read(text, kind):
    assert _kinds(text) == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "sto lat i dużo zdrowia",
        "dziewięć kredek, dwanaście pisaków i sto naklejek",
        "roczniki 2014, 2016 i 2018 – trójka rodzeństwa",
        "pięćset elementów puzzli",
    ],
)
def test_counts_in_words_are_not_numbers_of_a_child(text):
    assert check_text(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "kod 80473, marzy o lalce",
        "kod 80\u200b836, marzy o piłce",
        "kod poczt. 81/230",
        "80.737 Gdańsk",
        "Kod pocztowy: 80  211 Gdańsk-Wrzeszcz",
        "8 0 - 1 8 0 Gdańsk",
        "kod 83 010, Straszyn",
        "wysyłka na kod 81·293",
        "80—180 Gdańsk",
        "Gdańsk Wrzeszcz 80 | 299",
    ],
)
def test_a_gdansk_postal_code_is_found_in_any_split_next_to_a_place_or_kod(text):
    assert _kinds(text) == ["postal_code"]


@pytest.mark.parametrize(
    "text",
    [
        "budżet 80-100 zł",
        "81-100 zł",
        "przedział 80-100, nie więcej",
        "prezent za 50-150 zł",
        "spodnie 146-152, bluza 152-158",
        "misia 80 cm, choinkę 120 cm",
    ],
)
def test_ranges_of_prices_and_sizes_are_not_postal_codes(text):
    assert check_text(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "ISBN 978-83-240-5931-1",
        "Zestaw ISBN 978-83-240-5931-7 i 978-83-10-13482-0 (lektury)",
        "atlas zwierząt 978 83 240 1234 5",
        "książka 9788324059311",
        "lektura (ISBN: 83-240-5931-1)",
        "EAN 5901234123457",
        "kod kreskowy 5 900000 123456",
        "zabawka 5901234123457",
        "nr oferty Allegro 13994527610",
        "numer zamówienia 2024/12/0456",
        "ref. 2024/11/305",
        "LEGO 42141 i 4215",
        "LEGO City 60337, 60338, 60339",
    ],
)
def test_book_and_product_codes_offers_and_references_are_not_personal_numbers(text):
    assert check_text(text) == []


def test_a_year_and_more_digits_are_a_phone_only_after_a_contact_word():
    assert check_text("odbiór 2024 11 305 w szkole") == []  # no Polish number starts with 20
    assert _kinds("kontakt do mamy 2024 11 305") == ["phone"]
    assert _kinds("Marzy o rowerze 509 835 914") == ["phone"]  # 50: a mobile prefix
    assert _kinds("Marzy o rowerze 394 222 111") == ["phone"]  # made up, but still nine digits


@pytest.mark.parametrize(
    "text",
    [
        "rozmiar 134 140 146",
        "rozmiary 134, 140, 146",
        "odbiór 18.12 o 16:00",
        "Pilne do 18.12 o 12:00: Mikołajek",
        "spotkanie 15.12.2025 godz. 17:30",
        "bon 100 zł, 150 zł lub 200 zł",
        "odbiór 12.11.2025 o 9:00",
        "odbiór 5.8.2024 o 17:00",
        "faktura FV 695/02/2026",
        "dokument 734/03/2026 w teczce",
    ],
)
def test_sizes_dates_and_prices_pass(text):
    assert check_text(text) == []


def test_a_labelled_pesel_is_read_even_where_it_looks_like_a_date():
    assert _kinds("PESEL 15.12.2012 345") == ["pesel"]


def test_a_finding_quotes_the_disguise_as_typed():
    text = "Mama: 7Z9\u00b7795\u00b788B, dziękuję"
    [finding] = check_text(text)
    assert finding.text == "7Z9\u00b7795\u00b788B"
    assert text[finding.start : finding.end] == finding.text


@pytest.mark.parametrize(
    "text",
    ["1|2 " * 50_000, "sto " * 50_000, "8O" * 100_000, "1, i " * 40_000, "jeden dwa " * 20_000],
)
def test_huge_texts_of_digit_disguises_are_checked_to_the_end(text):
    assert isinstance(check_text(text), list)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("nr pesel dwa zero trzy dwa jeden osiem 94104, piżama 116", "pesel"),
        ("telefon siedem osiem cztery 218798", "phone"),
        ("dzwonić: pięć zero jeden 234567", "phone"),
    ],
)
def test_number_words_followed_by_a_long_group_of_digits_are_one_number(text, kind):
    assert kind in {f.kind for f in check_text(text) if f.certain}


@pytest.mark.parametrize("text", ["kod 80/110, Morena", "kod pocztowy 80/116 Gdańsk"])
def test_a_code_labelled_as_such_is_refused_even_if_it_reads_as_two_sizes(text):
    assert "postal_code" in {f.kind for f in check_text(text)}


@pytest.mark.parametrize(
    "text", ["body 80/110 i śpiochy", "rozmiar 80/110", "roczniki 2014 i trzy"]
)
def test_sizes_and_years_stay_ordinary(text):
    assert not any(f.certain for f in check_text(text))
