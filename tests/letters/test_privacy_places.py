"""Addresses and schools in the shapes a hurried writer uses (issue 8, places): each class of
disguise is refused as a street or a school, and the ordinary wishes that look like them pass."""

from pathlib import Path

import pytest

from campaign.letters.privacy import SCHOOL, STREET, check_text

CORPUS = Path(__file__).resolve().parent / "privacy_corpus"


def _kinds(text: str) -> set[str]:
    return {finding.kind for finding in check_text(text) if finding.certain}


@pytest.mark.parametrize(
    "text",
    [
        "Chce samochód, blok 113 m 28, Kartuska",
        "blok 7 m 12 na Żabiance, prosi o rolki",
        "blok 4b m 19, Bysewska",
        "marzy o lalce, blok 45/3",
        "blok 12 na Przymorzu, chce klocki",
    ],
)
def test_a_block_with_a_flat_or_a_district_next_to_it_is_an_address(text):
    assert STREET in _kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Prosi o zestaw, Ku Ujściu nr 20a mieszk. 9",
        "Za Murami nr 3 m 5, prosi o piłkę",
        "mieszka niedaleko mnie na Kartuskiej, numer 182, mieszkanie 9",
        "mieszka na Chłopskiej, nr 3, m. 40",
        "na wita stwosza 58 m 6, prosi o kurtkę",
    ],
)
def test_named_house_and_flat_numbers_are_an_address(text):
    assert STREET in _kinds(text)


@pytest.mark.parametrize(
    "text",
    ["Obr. Wybrzeża 6/39 – prosi o książki", "Boh. Getta 5 m 3 – lalka", "gen. Hallera 120"],
)
def test_an_abbreviated_street_name_with_a_number_is_an_address(text):
    assert STREET in _kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "chce hulajnogę, mieszka u dziadków na Piecewskiej 27",
        "mieszka u babci, Piecewska 12, prosi o kredki",
        "🏠 Rakoczego 33/38",
        "📍 Słowackiego 21/24 – rower",
        "Adres do wysyłki: Zakoniczyn 16A/74",
        "dom rodzinny: Nowiny 3, chce rower",
        "mieszkamy przy Trakcie Św. Wojciecha 150",
        "mieszka na piecewskiej 27",
    ],
)
def test_a_number_after_a_stated_home_is_an_address(text):
    assert STREET in _kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "LEGO Ideas 21324 Ulica Sezamkowa 123",
        "Drogi Mikołaju, chcę Ulicę Sezamkową 123 z LEGO (21324)",
        "książka Ulica Strachu tom 2 (R. L. Stine)",
        "Marzy o wyjściu do kina na Kraina Lodu 3",
        "bilety do kina na Toy Story 4",
        "Privet Drive 4 - puzzle Harry Potter",
        "Baker Street 221B - gra detektywistyczna",
        'książka "Dom przy Wiejskiej 5"? nie, książka o domach',
    ],
)
def test_titles_named_like_a_street_pass(text):
    assert check_text(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "sukienka długa r. 140",
        "stogi siana, skakać w zaspy",
        "oliwa z oliwek i nowym portem USB-C",
        "blok rysunkowy 20 kartek i blok 12 kolorów kredek",
        "mieszka z mamą i chce Nintendo Switch 2",
        "mieszka z mamą i 2 siostrami, chce lalkę",
        "mieszkanie 40 m2, prosi o biurko",
        "Skarpetki 27/30 i kurtka 134/140",
        "Mieszka z babcią, potrzebuje kurtki 152 i butów 36",
    ],
)
def test_a_district_word_a_size_or_a_count_near_a_home_word_is_no_address(text):
    assert check_text(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "S P 85, kl. 4c: potrzebuje śniegowców",
        "uczennica s p 61 prosi o pluszaka",
        "Chciałaby książkę [SOSW, 5f]",
        "Dziecko uczęszcza do sosw, marzy o tablecie",
        "Chciałby lego [OREW, grupa 2]",
        "chodzi do MOS, marzy o deskorolce",
        "uczeń szkoły mistrzostwa sportowego, chce korki",
        "uczy się w SMS w Gdańsku, trenuje piłkę",
        "uczennica 2 LO, chce kalkulator",
        "chodzi do 19 lo, marzy o książkach",
    ],
)
def test_short_and_rare_school_names_are_a_school(text):
    assert SCHOOL in _kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "z 'siódemki' na Oruni, klasa 2a – książki",
        "chodzi do trzynastki, chce piłkę",
        "uczeń „dwójki”, prosi o rower",
        "Wychowawczyni z „Kopernika” mówi, że córka świetnie czyta",
        'nauczyciel z "słowackiego" mówi, że lubi czytać',
    ],
)
def test_a_school_by_its_nickname_or_patron_in_quotes_is_a_school(text):
    assert SCHOOL in _kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "uczeń przedszkole Wesołe Skrzaty, marzy o słuchawkach",
        "chodzi do przedszkola Pod Topolą, chce misia",
        "przedszkole Kubusia Puchatka, grupa Pszczółki – puzzle",
        "chodzi do zerówki w przedszkolu Wesoła Ciuchcia",
        "Technikum Łączności, 2 klasa – słuchawki",
        "uczeń szkoły Heweliusza, chce teleskop",
        "PRZEDSZKOLE LEŚNE LUDKI, GRUPA JEŻYKI – LALKA",
    ],
)
def test_a_school_by_its_own_name_is_a_school(text):
    assert SCHOOL in _kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "szkoła na Jaśkowej Dolinie, klasa 4d",
        "Zosia z 1a ze szkoły na zaspie przy Pilotów, chce lalkę",
        "SOSW na Przymorzu, marzy o tablecie",
        "przedszkole na stogach, grupa Misie – klocki",
        "uczy się w szkole w Straszynie, chce rower",
    ],
)
def test_a_school_with_where_it_stands_is_a_school(text):
    assert SCHOOL in _kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "mysz gamingowa Logitech G102",
        "telefon Moto G54 i etui",
        "pył PM 2,5 i PM10 – oczyszczacz",
        "Chłopiec 16 l., technikum informatyczne, prosi o pendrive",
        "1 kl. LO",
        "chodzi do klasy 2 LO, chce kalkulator",
        "chodzi do LO, chce kalkulator",
        "10-latek, uczeń IV klasy",
        "SMS do opiekunki, że paczka dotarła",
        "chodzi do szkoły w Gdańsku, lubi rysować",
        "w szkole na WF potrzebuje butów",
        "dostał piątkę z matematyki i chce nagrodę",
        "tornister do szkoły Minecraft",
        "plecak do przedszkola Peppa Pig",
        "strój na bal w przedszkolu Elsa",
        "zestaw LEGO Duplo Przedszkole 10992",
        "gra Przedszkole Pana Kleksa",
    ],
)
def test_school_things_product_codes_and_kinds_of_school_pass(text):
    assert check_text(text) == []


def test_the_places_corpus_files_exist_with_both_kinds_of_case():
    refused = (CORPUS / "refused_places.txt").read_text(encoding="utf-8").splitlines()
    allowed = (CORPUS / "allowed_places.txt").read_text(encoding="utf-8").splitlines()
    assert sum(1 for line in refused if line and line[0] != "#") >= 150
    assert sum(1 for line in allowed if line and line[0] != "#") >= 100
