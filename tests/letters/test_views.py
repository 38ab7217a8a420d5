"""The staff pages of letters: workspace, search, a letter's page, writing and reviewing."""

import re

import pytest

from campaign.core.audit import Event
from campaign.extensions import db
from campaign.letters import codes
from campaign.letters.models import Letter
from tests.conftest import login

FORM = {"age": "8", "gender": "f", "wish": "Marzę o lalce i wózku.", "needs": "rozmiar 128"}


def text_of(response) -> str:
    return response.get_data(as_text=True)


def wrong_check(code: str) -> str:
    prefix, body, check = codes.split(code)
    return prefix + body + next(ch for ch in codes.ALPHABET if ch != check)


# --- workspace -------------------------------------------------------------------------------


def test_a_social_worker_sees_only_their_centres_letters_with_counts(client, world, letter_of):
    mine = [letter_of("draft"), letter_of("available"), letter_of("available")]
    foreign = letter_of("available", center=world.other_center)
    login(client, world.worker)
    page = text_of(client.get("/pracownik/listy"))
    for letter in mine:
        assert letter.display_code in page
    assert foreign.display_code not in page
    assert re.search(r"dostępny\s*<span class=\"count\">2</span>", page)
    assert re.search(r"szkic\s*<span class=\"count\">1</span>", page)


def test_the_status_filter_shows_one_status(client, world, letter_of):
    draft, available = letter_of("draft"), letter_of("available")
    login(client, world.worker)
    page = text_of(client.get("/pracownik/listy?status=draft"))
    assert draft.display_code in page and available.display_code not in page


def test_a_coordinator_sees_every_centre_and_can_filter_by_one(client, world, letter_of):
    mine, foreign = letter_of(), letter_of(center=world.other_center)
    login(client, world.coordinator)
    everything = text_of(client.get("/pracownik/listy"))
    assert mine.display_code in everything and foreign.display_code in everything
    only_second = text_of(client.get("/pracownik/listy?center=2"))
    assert foreign.display_code in only_second and mine.display_code not in only_second


def test_the_workspace_is_paginated(client, world, letter_of):
    letters = [letter_of() for _ in range(55)]
    login(client, world.worker)
    first, second = (
        text_of(client.get("/pracownik/listy")),
        text_of(client.get("/pracownik/listy?page=2")),
    )
    assert sum(letter.display_code in first for letter in letters) == 50
    assert sum(letter.display_code in second for letter in letters) == 5


@pytest.mark.parametrize(
    "typed",
    [
        lambda letter: letter.code.lower(),
        lambda letter: letter.display_code,
        lambda letter: " " + letter.display_code.replace("-", " ").lower() + " ",
    ],
)
def test_searching_a_code_in_any_form_opens_the_letter(client, world, letter_of, typed):
    letter = letter_of()
    login(client, world.worker)
    response = client.get("/pracownik/listy", query_string={"code": typed(letter)})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/pracownik/listy/{letter.code}")


def test_searching_a_code_with_a_wrong_check_character_says_check_the_code(
    client, world, letter_of
):
    letter = letter_of()
    login(client, world.worker)
    response = client.get("/pracownik/listy", query_string={"code": wrong_check(letter.code)})
    page = text_of(response)
    assert response.status_code == 200
    assert "Sprawdź kod" in page
    assert letter.display_code in page  # suggested as the near match


def test_searching_another_centres_code_reveals_nothing(client, world, letter_of):
    foreign = letter_of(center=world.other_center)
    login(client, world.worker)
    page = text_of(client.get("/pracownik/listy", query_string={"code": foreign.code}))
    assert "Nie ma listu o kodzie" in page
    assert foreign.wish not in page


def test_part_of_a_code_filters_the_list(client, world, letter_of):
    letter, other = letter_of(), letter_of()
    login(client, world.worker)
    fragment = letter.code[5:9].lower()
    page = text_of(client.get("/pracownik/listy", query_string={"code": fragment}))
    assert letter.display_code in page
    assert (other.display_code in page) == (fragment.upper() in other.code)


# --- a letter's page -------------------------------------------------------------------------


def test_the_letter_page_shows_every_field_the_holder_and_the_history(client, world, letter_of):
    from campaign.donors import services as donor_services
    from campaign.letters import services

    letter = letter_of("review", case_reference="SPR/7/2026", sibling_group="R7")
    services.approve_letter(letter, actor=world.colleague)
    donor_services.record_walkin_claim(
        letter, actor=world.coordinator, name="Pani Ala", contact="a@b.pl"
    )
    login(client, world.worker)
    page = text_of(client.get(f"/pracownik/listy/{letter.code.lower()}"))
    for expected in (
        "SPR/7/2026",
        "R7",
        letter.wish,
        "Pani Ala",
        "Pracownik Drugi",
        "Koordynatorka",
    ):
        assert expected in page
    history = page[page.index("Historia") :]
    assert history.index("wybrany przez darczyńcę") < history.index("do sprawdzenia → dostępny")


def test_a_wrong_check_character_in_the_address_is_a_check_the_code_page(client, world, letter_of):
    letter = letter_of()
    login(client, world.worker)
    response = client.get(f"/pracownik/listy/{wrong_check(letter.code)}")
    assert response.status_code == 404
    assert "Sprawdź kod" in text_of(response)
    assert letter.display_code in text_of(response)


# --- writing ---------------------------------------------------------------------------------


def test_a_new_letter_is_saved_as_a_draft_with_a_code(client, world):
    login(client, world.worker)
    form_page = text_of(client.get("/pracownik/listy/nowy"))
    key = re.search(r'name="submission_key" type="hidden" value="([0-9a-f]+)"', form_page).group(1)
    assert "autofocus" in form_page
    response = client.post(
        "/pracownik/listy/nowy", data={**FORM, "submission_key": key, "save": "1"}
    )
    letter = db.session.scalar(db.select(Letter))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/pracownik/listy/{letter.code}")
    assert (letter.status, letter.age, letter.center_id) == ("draft", 8, world.center.id)
    assert codes.is_valid(letter.code)


def test_save_and_add_next_keeps_age_gender_and_sibling_group(client, world):
    login(client, world.worker)
    data = {**FORM, "sibling_group": "r2", "submission_key": "a1", "save_next": "1"}
    response = client.post("/pracownik/listy/nowy", data=data)
    assert response.status_code == 302
    next_form = text_of(client.get(response.headers["Location"]))
    assert 'value="8"' in next_form
    assert re.search(r'checked[^>]*value="f"|value="f"[^>]*checked', next_form)
    assert 'value="R2"' in next_form
    assert 'name="wish"' in next_form and "Marzę o lalce" not in next_form


def test_a_double_submit_creates_one_letter(client, world):
    login(client, world.worker)
    data = {**FORM, "submission_key": "same-key", "save": "1"}
    first = client.post("/pracownik/listy/nowy", data=data)
    second = client.post("/pracownik/listy/nowy", data=data)
    assert db.session.query(Letter).count() == 1
    assert second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]


def test_personal_data_is_refused_and_what_was_typed_stays(client, world):
    login(client, world.worker)
    data = {**FORM, "wish": "Rower. Dzwonić 600 700 800", "submission_key": "k", "save": "1"}
    response = client.post("/pracownik/listy/nowy", data=data)
    page = text_of(response)
    assert response.status_code == 422
    assert "numer telefonu" in page and "600 700 800" in page
    assert "Rower. Dzwonić 600 700 800</textarea>" in page
    assert db.session.query(Letter).count() == 0


def test_hidden_control_characters_are_refused_and_what_was_typed_stays(client, world):
    login(client, world.worker)
    wish = "Rower \u202eynawolok\u202c i kask"
    data = {**FORM, "wish": wish, "submission_key": "c", "save": "1"}
    response = client.post("/pracownik/listy/nowy", data=data)
    page = text_of(response)
    assert response.status_code == 422
    assert "znaki sterujące" in page
    assert f"{wish}</textarea>" in page
    assert db.session.query(Letter).count() == 0


def test_a_name_is_saved_only_after_confirmation(client, world):
    login(client, world.worker)
    data = {**FORM, "wish": "Lalka dla Zosi", "submission_key": "n", "save": "1"}
    warned = client.post("/pracownik/listy/nowy", data=data)
    assert warned.status_code == 422
    assert "confirm_names" in text_of(warned)
    assert db.session.query(Letter).count() == 0
    confirmed = client.post("/pracownik/listy/nowy", data={**data, "confirm_names": "y"})
    assert confirmed.status_code == 302
    assert db.session.scalar(db.select(Letter.wish)) == "Lalka dla Zosi"


@pytest.mark.parametrize(
    ("field", "value"), [("age", "19"), ("age", "osiem"), ("gender", "x"), ("wish", "")]
)
def test_malformed_input_is_refused_with_a_message(client, world, field, value):
    login(client, world.worker)
    response = client.post("/pracownik/listy/nowy", data={**FORM, field: value, "save": "1"})
    assert response.status_code == 422
    assert 'class="error-message"' in text_of(response)
    assert db.session.query(Letter).count() == 0


def test_a_coordinator_chooses_the_centre(client, world):
    login(client, world.coordinator)
    data = {**FORM, "center": "2", "submission_key": "c", "save": "1"}
    assert client.post("/pracownik/listy/nowy", data=data).status_code == 302
    assert db.session.scalar(db.select(Letter)).center_id == world.other_center.id


def test_a_social_workers_form_has_no_centre_to_choose(client, world):
    login(client, world.worker)
    assert 'name="center"' not in text_of(client.get("/pracownik/listy/nowy"))
    client.post("/pracownik/listy/nowy", data={**FORM, "center": "2", "save": "1"})
    assert db.session.scalar(db.select(Letter)).center_id == world.center.id


def test_a_draft_is_edited_and_the_edit_recorded(client, world, letter_of):
    letter = letter_of("draft")
    login(client, world.worker)
    response = client.post(f"/pracownik/listy/{letter.code}/edycja", data={**FORM, "age": "11"})
    assert response.status_code == 302
    assert db.session.get(Letter, letter.id).age == 11
    assert (
        db.session.scalar(db.select(Event.kind).where(Event.letter_id == letter.id))
        == "letter.edited"
    )


@pytest.mark.parametrize("status", ["review", "available", "claimed", "withdrawn"])
def test_only_a_draft_can_be_edited(client, world, letter_of, status):
    letter = letter_of(status)
    login(client, world.worker)
    response = client.post(f"/pracownik/listy/{letter.code}/edycja", data={**FORM, "age": "11"})
    assert response.status_code == 302
    assert "Edytować można tylko szkic" in text_of(client.get(response.headers["Location"]))
    assert db.session.get(Letter, letter.id).age == 8


# --- reviewing -------------------------------------------------------------------------------


def test_submit_then_a_colleague_approves(client, world, letter_of):
    letter = letter_of("draft")
    login(client, world.worker)
    client.post(f"/pracownik/listy/{letter.code}/zglos")
    assert db.session.get(Letter, letter.id).status == "review"
    login(client, world.colleague)
    client.post(f"/pracownik/listy/{letter.code}/zatwierdz")
    assert db.session.get(Letter, letter.id).status == "available"


def test_the_author_approving_their_own_letter_gets_a_message_not_an_error(
    client, world, letter_of
):
    letter = letter_of("review")
    login(client, world.worker)
    response = client.post(f"/pracownik/listy/{letter.code}/zatwierdz", follow_redirects=True)
    assert response.status_code == 200
    assert "Nie możesz zatwierdzić tego listu, bo to Ty go napisałaś/napisałeś" in text_of(response)
    assert db.session.get(Letter, letter.id).status == "review"


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("claimed", "wycofaj"),
        ("available", "zglos"),
        ("draft", "zatwierdz"),
        ("available", "zwroc"),
    ],
)
def test_a_forbidden_transition_is_a_message_never_a_500(client, world, letter_of, status, action):
    letter = letter_of(status)
    login(client, world.coordinator)
    data = {"withdraw-reason": "powód", "send_back-reason": "powód"}
    response = client.post(
        f"/pracownik/listy/{letter.code}/{action}", data=data, follow_redirects=True
    )
    assert response.status_code == 200
    assert 'class="flash flash-error"' in text_of(response)
    assert db.session.get(Letter, letter.id).status == status


def test_sending_back_without_a_reason_keeps_the_letter_and_asks_for_one(client, world, letter_of):
    letter = letter_of("review")
    login(client, world.colleague)
    response = client.post(f"/pracownik/listy/{letter.code}/zwroc", data={"send_back-reason": ""})
    assert response.status_code == 422
    assert "Podaj powód" in text_of(response)
    assert db.session.get(Letter, letter.id).status == "review"


def test_sending_back_and_withdrawing_record_the_reason(client, world, letter_of):
    letter = letter_of("review")
    login(client, world.colleague)
    client.post(
        f"/pracownik/listy/{letter.code}/zwroc", data={"send_back-reason": "Popraw rozmiar."}
    )
    page = text_of(client.get(f"/pracownik/listy/{letter.code}"))
    assert "Zwrócony do poprawy" in page and "Popraw rozmiar." in page
    client.post(
        f"/pracownik/listy/{letter.code}/wycofaj", data={"withdraw-reason": "Rodzina wyjechała."}
    )
    letter = db.session.get(Letter, letter.id)
    assert (letter.status, letter.withdrawn_reason) == ("withdrawn", "Rodzina wyjechała.")


def test_a_coordinator_records_a_walkin_donor_once(client, world, letter_of):
    letter = letter_of("available")
    login(client, world.coordinator)
    data = {"walkin_name": "Pan Tomasz", "walkin_contact": "601 234 567"}
    client.post(f"/pracownik/listy/{letter.code}/darczynca", data=data)
    assert db.session.get(Letter, letter.id).status == "claimed"
    again = client.post(
        f"/pracownik/listy/{letter.code}/darczynca", data=data, follow_redirects=True
    )
    assert "nie jest już dostępny" in text_of(again)


def test_a_walkin_donor_needs_a_phone_or_email(client, world, letter_of):
    letter = letter_of("available")
    login(client, world.coordinator)
    response = client.post(
        f"/pracownik/listy/{letter.code}/darczynca",
        data={"walkin_name": "Ola", "walkin_contact": "12"},
    )
    assert response.status_code == 422
    assert db.session.get(Letter, letter.id).status == "available"


def test_the_reviewer_sees_the_doubtful_spans_marked(client, world, letter_of):
    letter = letter_of("review", wish="Lalka dla Zosi", needs="tel 5O1 234 567 <b>")
    login(client, world.worker)
    html = client.get(f"/pracownik/listy/{letter.code}").get_data(as_text=True)
    assert '<mark class="privacy-mark" aria-label="Do sprawdzenia: imię lub nazwisko"' in html
    assert ">Zosi</mark>" in html
    assert ">5O1 234 567</mark> &lt;b&gt;" in html
    assert "style=" not in html.split("<mark", 1)[1].split("</mark>", 1)[0]


HUGE_AGES = ["1e309", "1e400", "inf", "nan", "1" + "0" * 309, "9" * 400, "-" + "9" * 400]


@pytest.mark.parametrize("age", HUGE_AGES)
def test_a_huge_age_gets_the_age_fields_message_and_keeps_the_wish(client, world, age):
    login(client, world.worker)

    response = client.post("/pracownik/listy/nowy", data={**FORM, "age": age, "save": "1"})

    assert response.status_code == 422
    assert "Wiek musi być liczbą od 0 do 18." in text_of(response)
    assert FORM["wish"] in text_of(response)
    assert db.session.scalar(db.select(db.func.count(Letter.id))) == 0
