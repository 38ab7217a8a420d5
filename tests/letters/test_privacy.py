"""The privacy guard: personal data is refused or flagged; ordinary wishes pass untouched."""

import pytest

from campaign.letters import privacy
from campaign.letters.privacy import (
    EMAIL,
    NAME,
    PESEL,
    PHONE,
    POSTAL_CODE,
    SCHOOL,
    STREET,
    URL,
    check_text,
    is_pesel,
)

REFUSED = [
    # PESEL numbers with a valid check digit and date
    ("PESEL dziecka 15231212346", PESEL),
    ("pesel: 18300145671", PESEL),
    ("12292900085", PESEL),
    ("Syn (09261533216) marzy o rowerze", PESEL),
    ("Numer 85051724680 w dokumentach", PESEL),
    ("44051401359", PESEL),
    ("440514 01359", PESEL),
    ("PESEL 440514-01359", PESEL),
    # phone numbers, in the spellings people use
    ("Proszę dzwonić: 600 700 800", PHONE),
    ("tel. 600-700-800", PHONE),
    ("mama: 600700800", PHONE),
    ("+48 600 700 800", PHONE),
    ("+48600700800", PHONE),
    ("0048 512 345 678", PHONE),
    ("48 601 234 567", PHONE),
    ("(58) 342 31 36", PHONE),
    ("58 342 31 36", PHONE),
    ("58-342-31-36", PHONE),
    ("tel 501.234.567", PHONE),
    ("Kontakt do taty 698 123 456, proszę o telefon", PHONE),
    ("W razie pytań: +48 (58) 342 31 36", PHONE),
    ("babcia 723 456 789", PHONE),
    ("501 23 45 67", PHONE),
    ("tel. mamy 601-23-45-67", PHONE),
    # e-mail addresses
    ("jan.kowalski@wp.pl", EMAIL),
    ("pisz na mama123@gmail.com", EMAIL),
    ("kontakt: rodzina.k@o2.pl", EMAIL),
    ("zosia2015 (at) onet.pl", EMAIL),
    ("Adres: a_b-c+prezent@poczta.interia.pl.", EMAIL),
    # web addresses
    ("https://allegro.pl/oferta/lalka-123", URL),
    ("www.lego.com/pl-pl/product/60337", URL),
    ("link: allegro.pl/lalka", URL),
    ("http://bit.ly/abc123", URL),
    ("zobacz na facebook.com/rodzina.nowak", URL),
    ("taka jak na empik.com", URL),
    ("profil instagram.com/kasia_2015", URL),
    # postal codes
    ("80-432 Gdańsk", POSTAL_CODE),
    ("kod 80-180 Gdańsk", POSTAL_CODE),
    ("mieszkamy 80-001", POSTAL_CODE),
    ("Gdańsk 80-299", POSTAL_CODE),
    ("adres: 81-537 Gdynia", POSTAL_CODE),
    ("83-000 Pruszcz", POSTAL_CODE),
    ("80-180", POSTAL_CODE),
    ("kod 80-120", POSTAL_CODE),
    ("mieszka w Gdańsku 80-180", POSTAL_CODE),
    ("80-104 Gdańsk", POSTAL_CODE),
    # street addresses with a number
    ("ul. Kwiatowa 5", STREET),
    ("ul. 3 Maja 12/4", STREET),
    ("al. Grunwaldzka 103a", STREET),
    ("os. Przymorze 12", STREET),
    ("pl. Solidarności 1", STREET),
    ("ulica Długa 22", STREET),
    ("mieszkamy na ulicy Jaśkowa Dolina 15", STREET),
    ("ul.Wita Stwosza 58", STREET),
    ("Al. Zwycięstwa 7/3", STREET),
    ("ul. kartuska 120", STREET),
    ("Osiedle Morena 4", STREET),
    ("ul Długa 5", STREET),
    ("mieszkamy przy UL Kartuskiej 12/3", STREET),
    # schools and kindergartens with a number or a patron
    ("SP nr 12", SCHOOL),
    ("SP 12", SCHOOL),
    ("uczeń SP12", SCHOOL),
    ("Szkoła Podstawowa nr 12", SCHOOL),
    ("chodzę do Szkoły Podstawowej nr 45 w Gdańsku", SCHOOL),
    ("Przedszkole nr 5", SCHOOL),
    ("odbiór z przedszkola nr 31", SCHOOL),
    ("Gimnazjum nr 3", SCHOOL),
    ("LO nr 2", SCHOOL),
    ("ZSO nr 1", SCHOOL),
    ("w szkole numer 7", SCHOOL),
    ("Szkoła Podstawowa 82", SCHOOL),
    ("Szkoła Podstawowa im. Jana Pawła II", SCHOOL),
    ("Przedszkole Miejskie nr 40", SCHOOL),
    ("Zespół Szkół nr 8", SCHOOL),
]

NAMES = [
    ("Kasia marzy o lalce.", "Kasia"),
    ("Dla Zosi i jej siostry", "Zosi"),
    ("Prezent dla Kuby", "Kuby"),
    ("Tomek chciałby rower", "Tomek"),
    ("Pani Kowalska prosi o buty", "Kowalska"),
    ("Julka lubi konie", "Julka"),
    ("Mama Ewa prosi o kurtkę", "Ewa"),
    ("Dla brata Jasia", "Jasia"),
    ("Antoni ma 5 lat", "Antoni"),
    ("Kochany Mikołaju, jestem Staś", "Staś"),
    ("Wiśniewscy proszą o pościel", "Wiśniewscy"),
    ("Tomkiem opiekuje się babcia", "Tomkiem"),
    ("Mikołaj chce rower", "Mikołaj"),
    ("Chciałabym pluszaka dla Zuzi", "Zuzi"),
    ("u Kowalskiej", "Kowalskiej"),
]

ALLOWED = [
    "Marzę o klockach LEGO City z wozem strażackim.",
    "LEGO 60337",
    "zestaw 42151",
    "LEGO Technic 42151 albo 42154",
    "zestaw LEGO Friends 41743",
    "klocki Duplo 10969",
    "zestaw Playmobil 71395",
    "LEGO 10698 - duże pudełko",
    "rozmiar 134",
    "buty 32",
    "134/140",
    "r. 152",
    "rozm. 36",
    "rozmiar 98-104",
    "rozmiar 110-116",
    "kurtka 146-152, buty 36",
    "rozmiary 128 134 140",
    "buty 32/33",
    "bluza 158/164",
    "łyżwy rozmiar 33-34",
    "Proszę o ciepłe skarpety 31-34.",
    "numer buta 35",
    "wzrost 128 cm",
    "waży 25 kg",
    "rower 20 cali",
    "do 150 zł",
    "prezent za 100-150 zł",
    "za ok. 50-80 zł",
    "cena 40-60 zł",
    "zegarek za 120 zł",
    "puzzle 1000 elementów",
    "puzzle 500 el.",
    "ma 8 lat",
    "Mam 12 lat i lubię grać w piłkę.",
    "uczy się w 3 klasie",
    "Harry Potter i Kamień Filozoficzny",
    "Marzę o książkach z serii o Harrym Potterze.",
    "Minecraft",
    "Frozen",
    "Kraina Lodu",
    "Lalka Elsa z Krainy Lodu",
    "Anna i Elsa – lalki",
    "Drogi Mikołaju, proszę o sanki.",
    "Święty Mikołaj przyniesie mi rower",
    "List do Mikołaja",
    "Książka Mikołajek",
    "koszulka Lewandowskiego, rozmiar 140",
    "Robert Lewandowski",
    "Koszulka Messi 10",
    "rakieta jak Iga Świątek",
    "Psi Patrol – figurki",
    "Świnka Peppa",
    "Kubuś Puchatek",
    "Pszczółka Maja",
    "Bolek i Lolek",
    "seria Tomek i przyjaciele",
    "Chciałabym książkę Ania z Zielonego Wzgórza",
    "Gra Monopoly Junior",
    "Chciałabym Barbie i Kena",
    "Hot Wheels tor",
    "konsola Nintendo Switch",
    "gra FIFA 24",
    "Pokemon karty",
    "Pinokio",
    "Król Lew",
    "Kopciuszek",
    "komiks Kajko i Kokosz",
    "Wiedźmin",
    "Spider-Man",
    "do szkoły: plecak i piórnik",
    "chodzi do przedszkola i lubi rysować",
    "kalendarz adwentowy",
    "komplet: czapka, szalik, rękawiczki",
    "sanki i jabłuszko",
    "gra planszowa Dobble",
    "Urodziny ma 3 Maja, lubi plac zabaw.",
    "Marka nie ma znaczenia.",
    "Mają już sanki, więc proszę o łyżwy.",
    "np. klocki, puzzle itp.",
    "Chciałbym kask rowerowy i dzwonek do roweru.",
    "kurtka 98-104",
    "spodnie r. 98-104",
    "body rozm. 92-104",
    "prezent za 50-100",
    "drewniany ul z 3 pszczółkami",
    "rozmiary 128 34 36 38",
]


def test_there_are_at_least_sixty_cases_each_way():
    assert len(REFUSED) >= 60
    assert len(ALLOWED) >= 60


@pytest.mark.parametrize(("text", "kind"), REFUSED)
def test_personal_data_is_refused_and_named(text, kind):
    findings = check_text(text)
    certain = [f for f in findings if f.certain]
    assert certain, f"nothing found in {text!r}"
    assert certain[0].kind == kind


@pytest.mark.parametrize(("text", "name"), NAMES)
def test_a_name_is_only_a_warning(text, name):
    findings = check_text(text)
    assert [f.text for f in findings] == [name]
    assert all(f.kind == NAME and not f.certain for f in findings)


@pytest.mark.parametrize("text", ALLOWED)
def test_ordinary_wishes_pass_untouched(text):
    assert check_text(text) == []


@pytest.mark.parametrize(
    "digits",
    ["15231212340", "12345678901", "44051401358", "99999999999", "00000000000", "15331212346"],
)
def test_eleven_digits_without_a_valid_check_digit_or_date_are_no_pesel(digits):
    assert not is_pesel(digits)


def test_the_refusal_message_names_what_was_found(app):
    with app.test_request_context():
        message = privacy.refusal_message(check_text("tel. 600 700 800, ul. Kwiatowa 5"))
    assert "numer telefonu: „600 700 800”" in message
    assert "adres (ulica z numerem): „ul. Kwiatowa 5”" in message


def test_confirmed_names_pass_but_certain_findings_never_do(app):
    with app.test_request_context():
        problems, names = privacy.field_problems(
            {"wish": "Lalka dla Zosi", "needs": "tel. 600 700 800"}, confirm_names=True
        )
    assert names is True
    assert set(problems) == {"needs"}
