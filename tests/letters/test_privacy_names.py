"""The guard on names and contacts (issue 8c): full names in any case, order and spelling are
refused, a lone first name always asks for confirmation, and titles, characters, authors, toys
and brands that carry a name pass; nicks, profiles, blogs and mailboxes named as such are
refused however they are written."""

import pytest

from campaign.letters.privacy import EMAIL, FULL_NAME, NAME, URL, check_text


def kinds(text: str) -> set[str]:
    return {finding.kind for finding in check_text(text)}


def refused(text: str) -> bool:
    return any(finding.certain for finding in check_text(text))


@pytest.mark.parametrize(
    "text",
    [
        "Cześć! Tu Kacper Kreft, marzę o samochodzie",  # a surname on no list, no known word
        "Chciałby strój Lechii – Antonina Formela lat 5",
        "Z góry dziękuje maja koszalka",  # lower case, an everyday first-name look-alike
        "DAWID KREFT CHCE KSIĄŻKI",
        "Paczka dla Laury Formeli",  # both declined
        "od Oli Bieszk – chce farby",
        "marzenie Michała Stefańczyka: zestaw do szycia",
        "tymek sobierajski 8 lat",  # a surname shape, lower case
        "kuba wisniewski lat 7",  # typed without Polish letters
        "Igor Kaczmarczyk prosi o klocki",
        "dla Antosia Pawlaka rower",  # a diminutive, declined
        "od Wiktorka Sobczaka",
        "od Maćka Lewandowskiego – spodnie 140",  # a famous surname after another first name
        "mam na imię wiktoria jankowiak",
    ],
)
def test_a_first_name_with_a_surname_like_word_is_a_refused_full_name(text):
    assert FULL_NAME in kinds(text)
    assert refused(text)


@pytest.mark.parametrize(
    "text", ["Oskar Mróz chce rower", "Pola Lis, kl. 2", "od Oli Kiełbasy", "dla Kuby Wilka"]
)
def test_an_everyday_word_that_is_a_frequent_surname_makes_a_full_name_after_a_first_name(text):
    assert FULL_NAME in kinds(text)


@pytest.mark.parametrize("text", ["Chcę kota, Kasia kot ma być rudy", "lalka Zosia Kot"])
def test_the_same_word_in_lower_case_or_after_a_toy_is_no_surname(text):
    assert FULL_NAME not in kinds(text)


@pytest.mark.parametrize(
    "text", ["Wójcik Pola prosi o lalkę", "Jasiński Wojtek – body 74", "Kamińska Zuzia, 7 lat"]
)
def test_a_surname_before_the_first_name_is_a_full_name(text):
    assert FULL_NAME in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Wiktoria Sadowska-Kreft, 10 lat, marzy o łyżwach",
        "Zuzanna Nowak-Bieszk marzy o rolkach",
        "Hania Formela-Lis lat 8",
    ],
)
def test_a_double_barrelled_surname_makes_a_full_name(text):
    assert FULL_NAME in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Bracia Jaś i Staś Koszałkowie proszą o klocki",
        "Siostry Zosia i Hania Wójcikowe",
        "Bracia Tymek i Olek Grabowscy",
    ],
)
def test_two_first_names_with_one_surname_are_a_full_name(text):
    assert FULL_NAME in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "dziecko nazywa się Michał, nazwisko Jankowiak, marzy o rowerze",
        "dziewczynka o imieniu Hania i nazwisku Formela prosi o lalkę",
        "imie kacper nazwisko sawicki",
        "nazwisko: Stefańczyk, chce piłkę",
        "imię i nazwisko: Tymon Grzegorczyk",
    ],
)
def test_a_labelled_surname_is_refused(text):
    assert FULL_NAME in kinds(text)


def test_a_label_followed_by_an_ordinary_word_is_no_surname():
    assert FULL_NAME not in kinds("nazwisko i adres usunięte, chce piłkę")


@pytest.mark.parametrize(
    "text",
    [
        "Chcę piłkę do nogi. Dziękuję, Szymon K.",
        "list napisał Igor W. (Wysocki), 8 lat",
        "Jaś K. chce sanki",
        "Szymon K, 8 lat",
        "Pozdrawiam, Kasia M",
    ],
)
def test_a_first_name_with_a_surname_initial_is_refused(text):
    assert FULL_NAME in kinds(text)


def test_a_roman_numeral_after_a_name_is_no_initial():
    assert FULL_NAME not in kinds("Julka I klasa")


@pytest.mark.parametrize(
    "text", ["K a s i a  N o w a k chce lalkę", "Z o s i a   K r e f t", "I.G.O.R. K.R.E.F.T."]
)
def test_a_letter_spaced_full_name_is_refused(text):
    assert FULL_NAME in kinds(text)


@pytest.mark.parametrize("text", ["kawoN aisaK chce lalkę", "aisaK kawoN chce lalkę"])
def test_a_full_name_written_backwards_is_refused(text):
    assert FULL_NAME in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "mam na imię zosia, chcę misia",
        "jestem Kasia",
        "nazywam się Antoś",
        "Poproszę piłkę — Maciek",
        "Poproszę klocki, Wiktorek",
        "Gabrysia prosi o lalkę",
        "dla Gabrysi",
        "od Tymusia",
        "mam na imię wiktoria",  # an everyday word, but introduced as a name
        "pozdrawiam, Lena",
        "MAM NA IMIĘ BARTEK, POPROSZĘ HULAJNOGĘ",
        "jestem Mikołaj, chcę dres 146",
        "Kochany Mikołaju, tu Ignaś",
        "Kasia marzy o lalce",  # a verb after the name: no surname
        "Zosia Marzy O Rowerze",  # a title-case text: the capitals say nothing
    ],
)
def test_a_lone_first_name_is_a_warning_the_author_confirms(text):
    found = check_text(text)
    assert found
    assert NAME in kinds(text)
    assert not any(f.certain for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "Tomek w krainie kangurów",
        "ALICJA W KRAINIE CZAROW",  # capitals, no Polish letters
        "Zosia Samosia",
        "Hania Humorek",
        "Pan Tadeusz w wersji komiksowej",
        "figurki do szopki: Kacper, Melchior i Baltazar",
        "Jaś Fasola",
        "Sierotka Marysia",
        "Tomek Wilmowski",
        "Adaś Niezgódka",
        "Przygody Tomka Sawyera",
        "Tosia i Julek idą do lekarza (książeczka)",
        "Tytus, Romek i A'Tomek księga I",
        "Martynka i jej przyjaciele",
        "Basia z książeczek Zofii Staneckiej",
        "Mikołaj z reniferem Rudolfem",
        "Król Maciuś Pierwszy",
        "Jacek, Wacek i Pankracek",
    ],
)
def test_a_known_title_or_character_with_a_name_passes(text):
    assert check_text(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "wiersze Juliana Tuwima",
        "bajki Jana Brzechwy",
        "książki Rafała Kosika",
        "płyta Dawida Podsiadło",
        "Chory kotek Stanisława Jachowicza",
        "Chcę książkę Matylda i Charlie i fabryka czekolady",
        "książka Julka i Pola",  # a title after a work word, not in any list
        "książka Roalda Dahla Matylda",
        "seria książek Marcina Szczygielskiego",
    ],
)
def test_a_name_after_a_work_word_or_an_author_is_the_work_s(text):
    assert check_text(text) == []


@pytest.mark.parametrize(
    "text", ["lalka Anna z Frozen", "lalka Zosia z wózkiem", "pluszak Kuba", "smok Tomek"]
)
def test_a_toy_s_name_passes(text):
    assert check_text(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "czekoladowy Mikołaj",
        "Mikołajku! Chcę Tamagotchi i czekoladowego Mikołaja.",
        "PS. Jeśli Mikołaj nie ma PS5, może być PS4 :)",
        "mikolaju chcialbym pada do ps5",
    ],
)
def test_santa_claus_is_no_name(text):
    assert check_text(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "koszulka Lewandowskiego, rozmiar 140",
        "książka kucharska dla dzieci",
        "KSIAZKA KUCHARSKA DLA DZIECI",
        "buty górskie 36",
        "piórnik St.Majewski 2-komorowy",
    ],
)
def test_famous_surnames_alone_adjectives_and_brands_pass(text):
    assert check_text(text) == []


@pytest.mark.parametrize(
    "text",
    ["Kuba Lewandowski prosi o piłkę", "Marta Lewandowska", "dla Leona Szczęsnego bluza"],
)
def test_a_famous_surname_after_another_first_name_is_a_child(text):
    assert FULL_NAME in kinds(text)


@pytest.mark.parametrize(
    "text", ["koszulka Wojciecha Szczęsnego", "plakat Igi Świątek", "model bolidu Kubicy"]
)
def test_the_famous_people_themselves_pass(text):
    assert check_text(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "antek2014 na gmailu",
        "mail antek2014 gmail",
        "pisać na antek.nowak na gmailu",
        "kontakt: kasia.nowak12 na o2",
    ],
)
def test_a_mailbox_named_by_its_provider_is_an_email(text):
    assert EMAIL in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Blog córki: antos_2021.blogspot.com",
        "zosia__wojc.pl",
        "kasia.blogspot",
        "kasia(kropka)blogspot(kropka)com – chce książki o koniach",
        "zosia kropka nowak kropka pl",
        "facebook . com / wojtek . kreft . 9",
        "youtu.be/JulkaMaluje2014",
        "linktr.ee/kasia",
        "twitch.tv/zosia_gra",
    ],
)
def test_web_addresses_in_any_spelling_are_refused(text):
    assert URL in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Chciałaby hulajnogę, nick w grze roblox: polasie18",
        "Marzy o rowerku biegowym, nick w grze roblox: szymonbieszk",
        "nick: xX_Igor_Gdansk_Xx (fortnite), marzy o padzie",
        "mój nick na instagramie to kasia_nowak12",
        "wattpad: gabi_lipinska, pisze opowiadania",
        "kanał na YouTube jako tymekpawlak",
        "insta ➡️ lena.sawicka.2013",
        "jej instagram (prywatny): oliwia.zawadzka",
        "gram w fortnite jako pola_2015",
        "ksywka w grze: SzybkiAntek07",
        "mój discord to igorek#4455",
        "snapchat - ola.kreft",
    ],
)
def test_a_nick_or_profile_named_as_such_is_refused(text):
    assert URL in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Chce zostać youtuberem - prosi o mikrofon USB",
        "karta Steam 50zł",
        "Chciałabym konto na Robloxie i kartę 50 zł",
        "nick do gry wymyśli sam",
        "Marzy o kanale na YouTubie i mikrofonie",
        "blog o kotach",
        "konto premium to jego marzenie",
        "Kanał na YouTube to jego marzenie",
        "nick to sprawa drugorzędna",
        "login: nie pamięta",
        "Roblox: karta podarunkowa",
    ],
)
def test_talk_about_games_and_sites_is_no_profile(text):
    assert check_text(text) == []


@pytest.mark.parametrize(
    "text", ["dla Zosi Playmobil domek", "Antek Roblox karta 50 zł", "Julka Crayola kredki"]
)
def test_a_brand_after_a_first_name_is_no_surname(text):
    assert FULL_NAME not in kinds(text)
    assert NAME in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "kasia (at) wp (dot) pl",
        "kasia małpa onet kropka pl",
        "zosia.kreft@@o2.pl",
        "antek2010 [at] gmail",
        "zosia . kreft @ o2 . pl",
    ],
)
def test_an_email_in_any_spelling_is_refused(text):
    assert EMAIL in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kasia_Nowak prosi o lalkę",
        "Kasia.Nowak prosi",
        "Kasia-Nowak",
        "KasiaNowak",
        "zosia_formela",
    ],
)
def test_a_full_name_glued_by_an_underscore_dot_hyphen_or_capitals_is_refused(text):
    assert FULL_NAME in kinds(text)


@pytest.mark.parametrize("text", ["Anna-Maria chce lalkę", "Spider-Man figurka", "LEGO Star-Wars"])
def test_hyphenated_names_and_titles_are_no_glued_full_name(text):
    assert FULL_NAME not in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Rodzina Malinowskich z Oruni prosi o buty 30",
        "rodzina Nowaków, troje dzieci",
        "rodzeństwo Pawlaków: Lena i Filip – buty 30 i 34",
        "Państwo Kwiatkowscy proszą o pościel",
        "paczka dla Zielińskich z Chełmu",
        "prezent u Kowalskich pod choinką",
    ],
)
def test_a_family_by_its_name_is_refused(text):
    assert FULL_NAME in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Rodzina Treflików – książeczka",  # a cartoon family
        "Rodzina Addamsów na DVD",
        "Bracia Grimm – baśnie",
        "wyjście do Parku Oliwskiego",
        "zestaw z katalogu Smyka",
        "PIKACHU PLUSZAK",
    ],
)
def test_a_cartoon_family_or_a_place_is_no_family_name(text):
    assert not refused(text)


@pytest.mark.parametrize(
    "text", ["Antoni (Antek) Wróblewski, kurtka 152", "Zuzanna [Zuzia] Kowalska lat 6"]
)
def test_a_nickname_in_brackets_does_not_hide_the_full_name(text):
    assert FULL_NAME in kinds(text)


@pytest.mark.parametrize(
    "text",
    ["Matylda (z książki Dahla)", "Zosia z bajki o smokach", "Basia z serialu", "Mikołaj z gry"],
)
def test_a_name_from_a_book_or_a_show_is_no_warning(text):
    assert NAME not in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "szuka go pan na YouTube jako tymekpawlak",
        "Kanał YT: 'Stasiu i Lego' – chce zestaw Star Wars",
        "mój kanał to „Zosia Maluje”",
    ],
)
def test_a_profile_named_after_its_site_or_in_quotes_is_refused(text):
    assert URL in kinds(text)


@pytest.mark.parametrize(
    "text",
    ['Ulubiony kanał: "Lego Star Wars"', "ogląda na YouTube jako gość", "lubi kanał 'Bajki'"],
)
def test_a_channel_the_child_watches_is_no_profile_of_theirs(text):
    assert not refused(text)
