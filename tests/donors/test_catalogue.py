"""The catalogue /listy: available letters only, filters, sorting, pagination, bad parameters."""

import re

import pytest

from campaign.donors.catalogue import PER_PAGE
from tests.conftest import counted_statements


def codes_on(response) -> list[str]:
    return re.findall(r'<span class="code">([A-Z0-9-]+)</span>', response.get_data(as_text=True))


def test_catalogue_shows_only_available_letters_of_the_current_campaign(
    client, make_letter, make_campaign
):
    shown = make_letter("available", wish="Chciałabym lalkę z wózkiem.")
    hidden = [make_letter(status) for status in ("draft", "review", "claimed", "withdrawn")]
    other_campaign = make_campaign(is_current=False)
    elsewhere = make_letter("available", campaign=other_campaign)

    response = client.get("/listy")

    assert response.status_code == 200
    assert codes_on(response) == [shown.display_code]
    assert "Chciałabym lalkę z wózkiem." in response.get_data(as_text=True)
    assert not {x.display_code for x in [*hidden, elsewhere]} & set(codes_on(response))


def test_catalogue_never_shows_case_reference_or_author(client, make_letter, make_user):
    author = make_user("social_worker", display_name="Pracownica Halina")
    make_letter(case_reference="SPRAWA/TAJNA/99", author=author)

    page = client.get("/listy").get_data(as_text=True)

    assert "SPRAWA/TAJNA/99" not in page
    assert "Halina" not in page


def test_card_shows_age_gender_wish_and_drop_off_point(client, make_letter, make_center):
    center = make_center(name="Centrum Pracy Socjalnej nr 9")
    make_letter(age=11, gender="m", wish="Piłka nożna i korki.", center=center)

    page = client.get("/listy").get_data(as_text=True)

    assert "chłopiec" in page
    assert "wiek: 11" in page
    assert "Piłka nożna i korki." in page
    assert "Centrum Pracy Socjalnej nr 9" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("age_min=7&age_max=9", {"girl8", "boy9"}),
        ("age_min=10", {"girl12"}),
        ("gender=m", {"boy9", "boy4"}),
        ("gender=f&age_max=10", {"girl8"}),
        ("q=ROWER", {"girl12"}),  # case-insensitive
        ("q=kurtka", {"boy4"}),  # needs are searched too
        ("q=100%25", set()),  # a LIKE wildcard is searched for literally
        ("center=2", {"boy9"}),
    ],
)
def test_filters_narrow_the_catalogue(client, make_letter, make_center, query, expected):
    first, second = make_center(1), make_center(2)
    letters = {
        "girl8": make_letter(age=8, gender="f", wish="Lalka", center=first),
        "girl12": make_letter(age=12, gender="f", wish="Nowy rower", center=first),
        "boy9": make_letter(age=9, gender="m", wish="Klocki", center=second),
        "boy4": make_letter(age=4, gender="m", wish="Auto", needs="kurtka 110", center=first),
    }

    shown = set(codes_on(client.get(f"/listy?{query}")))

    assert shown == {letters[name].display_code for name in expected}


@pytest.mark.parametrize(
    "query",
    [
        "age_min=abc&age_max=",
        "age_min=-5&age_max=999",
        "age_min=15&age_max=3",  # swapped: taken as 3..15
        "gender=x",
        "center=nie-liczba",
        "center=-1",
        "page=0",
        "page=999999",
        "page=2.5",
        "sort=drop table",
        "q=" + "x" * 5000,
    ],
)
def test_invalid_parameters_are_ignored_or_clamped_never_an_error(client, make_letter, query):
    make_letter(age=8)

    response = client.get(f"/listy?{query}")

    assert response.status_code == 200


def test_a_nul_character_in_a_parameter_is_a_bad_request_not_an_error(client):
    assert client.get("/listy?age_min=%00").status_code == 400


def test_swapped_age_range_still_finds_letters_in_between(client, make_letter):
    letter = make_letter(age=8)

    assert codes_on(client.get("/listy?age_min=15&age_max=3")) == [letter.display_code]


def test_count_of_matches_and_pagination_with_filters_kept(client, make_letter):
    total = PER_PAGE + 5
    for _ in range(total):
        make_letter(gender="f", age=6)
    make_letter(gender="m", age=6)

    first = client.get("/listy?gender=f")
    second = client.get("/listy?gender=f&page=2")

    text = first.get_data(as_text=True)
    assert f"Pasujących listów: {total}" in text
    assert "Strona 1 z 2" in text
    assert "/listy?gender=f&amp;page=2" in text
    assert len(codes_on(first)) == PER_PAGE
    assert len(codes_on(second)) == 5
    assert not set(codes_on(first)) & set(codes_on(second))


def test_a_page_past_the_end_shows_the_last_page(client, make_letter):
    letter = make_letter()

    assert codes_on(client.get("/listy?page=50")) == [letter.display_code]


@pytest.mark.parametrize(
    ("sort", "ages"),
    [("age_asc", [3, 7, 12]), ("age_desc", [12, 7, 3]), ("newest", [3, 12, 7])],
)
def test_sorting(client, make_letter, sort, ages):
    by_age = {age: make_letter(age=age) for age in (7, 12, 3)}

    codes = codes_on(client.get(f"/listy?sort={sort}"))

    assert codes == [by_age[age].display_code for age in ages]


def test_filters_are_kept_in_the_form(client, make_letter):
    make_letter()

    page = client.get("/listy?age_min=5&gender=m&q=klocki").get_data(as_text=True)

    assert 'name="age_min" min="0" max="18" inputmode="numeric" value="5"' in page
    assert '<option value="m" selected>' in page
    assert 'value="klocki"' in page


def test_catalogue_without_a_current_campaign_says_so(client):
    response = client.get("/listy")

    assert response.status_code == 200
    assert "jeszcze się nie rozpoczęła" in response.get_data(as_text=True)


def test_catalogue_statements_do_not_grow_with_the_number_of_letters(
    client, make_letter, make_center
):
    centers = [make_center(), make_center()]

    def statements_for(n: int) -> int:
        for i in range(n):
            make_letter(center=centers[i % 2])
        client.get("/listy")  # warm up: the first request loads templates and more
        with counted_statements() as counted:
            assert client.get("/listy").status_code == 200
        return len(counted)

    few = statements_for(5)
    many = statements_for(45)  # 50 letters in all, more than a page

    assert few == many


def test_free_text_search_ignores_case_of_polish_letters(client, make_letter):
    skates = make_letter(wish="Marzę o łyżwach figurowych", needs="ŻÓŁTY SZALIK")
    make_letter(wish="Chciałbym hulajnogę")

    by_wish = codes_on(client.get("/listy?q=ŁYŻWACH"))
    by_needs = codes_on(client.get("/listy?q=żółty"))

    assert by_wish == [skates.display_code]
    assert by_needs == [skates.display_code]
