"""/listy/<code>: one letter, in any spelling of its code; typos and taken letters explained."""

import pytest

from campaign.letters.codes import format_code
from tests.conftest import login


@pytest.mark.parametrize(
    "spelling",
    [
        lambda code: format_code(code),
        lambda code: code.lower(),
        lambda code: format_code(code).lower(),
        lambda code: code,
    ],
)
def test_letter_page_accepts_the_code_in_any_case_with_or_without_dashes(
    client, make_letter, spelling
):
    letter = make_letter(wish="Marzę o rowerze.")

    response = client.get(f"/listy/{spelling(letter.code)}")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert letter.display_code in page
    assert "Marzę o rowerze." in page


def test_letter_page_never_shows_case_reference_or_author(client, make_letter, make_user):
    author = make_user("social_worker", display_name="Pracownica Halina")
    letter = make_letter(case_reference="SPRAWA/TAJNA/99", author=author)

    page = client.get(f"/listy/{letter.code}").get_data(as_text=True)

    assert "SPRAWA/TAJNA/99" not in page
    assert "Halina" not in page


def test_a_typo_in_the_code_gets_a_clear_message_and_a_suggestion(client, make_letter):
    letter = make_letter()
    wrong = letter.code[:-1] + ("Z" if letter.code[-1] != "Z" else "Y")

    response = client.get(f"/listy/{wrong}")

    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "literówka" in page
    assert letter.display_code in page  # suggested: one character away


def test_a_text_that_is_not_a_code_says_so(client):
    response = client.get("/listy/hello")

    assert response.status_code == 404
    assert "To nie jest kod listu" in response.get_data(as_text=True)


@pytest.mark.parametrize("status", ["draft", "review"])
def test_unpublished_letters_do_not_exist_for_visitors(client, make_letter, status):
    letter = make_letter(status, wish="Tajne marzenie szkicu")

    response = client.get(f"/listy/{letter.code}")

    assert response.status_code == 404
    assert "Tajne marzenie szkicu" not in response.get_data(as_text=True)
    assert "Nie ma listu o tym kodzie" in response.get_data(as_text=True)


def test_a_taken_letter_says_so_and_offers_similar_letters(client, make_letter):
    taken = make_letter("claimed", age=8, gender="f", wish="Zajęte marzenie")
    similar = make_letter(age=9, gender="f")
    unlike = make_letter(age=15, gender="m")

    response = client.get(f"/listy/{taken.code}")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ma już darczyńcę" in page
    assert "Zajęte marzenie" not in page
    assert similar.display_code in page
    assert unlike.display_code not in page


def test_a_withdrawn_letter_says_it_left_the_campaign(client, make_letter):
    letter = make_letter("withdrawn")

    page = client.get(f"/listy/{letter.code}").get_data(as_text=True)

    assert "nie bierze już udziału" in page


def test_siblings_are_shown_with_a_take_all_button(client, make_letter, make_user):
    login(client, make_user("donor"))
    letter = make_letter(sibling_group="rodzina-7", age=6)
    sister = make_letter(sibling_group="rodzina-7", age=9)
    taken_brother = make_letter("claimed", sibling_group="rodzina-7")
    stranger = make_letter(sibling_group="rodzina-8")

    page = client.get(f"/listy/{letter.code}").get_data(as_text=True)

    assert sister.display_code in page
    assert taken_brother.display_code not in page
    assert stranger.display_code not in page
    assert 'value="siblings"' in page
    assert "Biorę wszystkie listy rodzeństwa (2)" in page


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "Zaloguj się"),
        ("unverified", "potwierdź swój adres e-mail"),
        ("social_worker", "konto pracownika nie może"),
        ("donor", "Biorę ten list"),
    ],
)
def test_the_claim_area_tells_each_visitor_what_they_can_do(
    client, make_letter, make_user, who, expected
):
    letter = make_letter()
    if who == "unverified":
        login(client, make_user("donor", email_verified_at=None))
    elif who != "anonymous":
        login(client, make_user(who))

    page = client.get(f"/listy/{letter.code}").get_data(as_text=True)

    assert expected in page
    assert ("Biorę ten list" in page) == (who == "donor")


def test_claim_button_is_hidden_while_claims_are_closed(client, make_letter, make_campaign):
    from datetime import timedelta

    from campaign.core.clock import utcnow

    campaign = make_campaign(claims_close_at=utcnow() - timedelta(days=1))
    letter = make_letter(campaign=campaign)

    page = client.get(f"/listy/{letter.code}").get_data(as_text=True)

    assert "Rezerwacja listów jest teraz zamknięta" in page
    assert "Biorę ten list" not in page
