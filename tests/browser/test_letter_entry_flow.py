"""A social worker types a pile of letters with the keyboard only, as fast as they can."""

import re
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from campaign.extensions import db
from campaign.letters.models import Letter
from tests.browser.conftest import log_in
from tests.browser.flow_support import (
    PASSWORD,
    center_id,
    letter_by_code,
    new_account,
    script_problems,
)

pytestmark = pytest.mark.browser

SAVED = re.compile(r"Zapisano list (KMP\d\d-[A-Z0-9]{5}-[A-Z0-9])\.")


def focused(page) -> dict:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {name: e.name || '', type: e.type || '', text: (e.textContent || '').trim(),"
        " value: e.value || ''}; }"
    )


def open_new_letter_form(page, base_url):
    page.goto(base_url + "/pracownik/listy")
    page.get_by_role("link", name="Nowy list").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/pracownik/listy/nowy$"))
    expect(page.locator("h1")).to_have_text("Nowy list")


def type_letter(page, *, age=None, gender_key=None, wish, needs="", sibling_group=None):
    """Fill the form from the focused age field with Tab and typing, then "save and add next"."""
    expect(page.locator("#age")).to_be_focused()
    if age is not None:
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.type(str(age))
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "gender"
    if gender_key:
        page.keyboard.type(gender_key)
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "wish"
    page.keyboard.type(wish)
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "needs"
    page.keyboard.type(needs)
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "sibling_group"
    if sibling_group is not None:
        page.keyboard.type(sibling_group)
    page.keyboard.press("Tab")  # the case reference: left empty
    assert focused(page)["name"] == "case_reference"
    page.keyboard.press("Tab")
    assert focused(page)["value"] == "Zapisz i dodaj kolejny"
    page.keyboard.press("Enter")


def test_social_worker_enters_three_sibling_letters_with_the_keyboard_only(
    page, base_url, live_server
):
    app = live_server[0]
    email = new_account(app, "social_worker", center=1, name="Pracownik klawiatury")
    group = f"R{uuid4().hex[:6].upper()}"
    log_in(page, base_url, email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/pracownik/listy$"))
    open_new_letter_form(page, base_url)

    wishes = [
        "Marzę o klockach z wozem strażackim",
        "Chciałbym piłkę do nogi i ciepłe rękawiczki",
        "Marzę o lalce i kredkach",
    ]
    codes = []

    # First letter: everything typed; the sibling group is filled.
    type_letter(
        page, age=7, gender_key="c", wish=wishes[0], needs="kurtka 122", sibling_group=group
    )
    expect(page.locator(".flash-success")).to_have_text(SAVED)
    codes.append(SAVED.search(page.locator(".flash-success").inner_text())[1])
    # The next form remembers age, gender and sibling group, and starts at the age again.
    expect(page).to_have_url(re.compile(r"/pracownik/listy/nowy\?"))
    expect(page.locator("#age")).to_be_focused()
    expect(page.locator("#age")).to_have_value("7")
    expect(page.locator("input[name=gender][value=m]")).to_be_checked()
    expect(page.locator("#sibling_group")).to_have_value(group)
    expect(page.locator("#wish")).to_have_value("")
    expect(page.locator("#needs")).to_have_value("")

    # Second: a twin brother, only the wish and needs are new.
    type_letter(page, wish=wishes[1], needs="rękawiczki 7 lat")
    expect(page.locator(".flash-success")).to_have_text(SAVED)
    codes.append(SAVED.search(page.locator(".flash-success").inner_text())[1])
    expect(page.locator("#age")).to_be_focused()

    # Third: a younger sister, age and gender changed from the keyboard.
    type_letter(page, age=4, gender_key="d", wish=wishes[2])
    expect(page.locator(".flash-success")).to_have_text(SAVED)
    codes.append(SAVED.search(page.locator(".flash-success").inner_text())[1])
    expect(page.locator("#age")).to_be_focused()
    expect(page.locator("#age")).to_have_value("4")
    expect(page.locator("input[name=gender][value=f]")).to_be_checked()
    assert len(set(codes)) == 3
    assert page.problems == []

    # The workspace lists them as drafts of this centre.
    page.goto(base_url + "/pracownik/listy?status=draft")
    for code, wish in zip(codes, wishes, strict=True):
        row = page.locator("tr", has=page.get_by_role("link", name=code, exact=True))
        expect(row).to_contain_text("szkic")
        expect(row).to_contain_text(wish)

    with app.app_context():
        letters = [letter_by_code(code) for code in codes]
        assert [(x.age, x.gender, x.wish, x.status) for x in letters] == [
            (7, "m", wishes[0], "draft"),
            (7, "m", wishes[1], "draft"),
            (4, "f", wishes[2], "draft"),
        ]
        assert {x.sibling_group for x in letters} == {group}
        assert {x.center_id for x in letters} == {center_id(1)}
        assert {x.author.email for x in letters} == {email}
        assert [x.needs for x in letters] == ["kurtka 122", "rękawiczki 7 lat", ""]


def test_a_wish_with_a_phone_number_is_refused_and_the_typed_text_stays(
    page, base_url, live_server
):
    app = live_server[0]
    email = new_account(app, "social_worker", center=2)
    log_in(page, base_url, email, PASSWORD)
    open_new_letter_form(page, base_url)
    wish = f"Marzę o rowerze {uuid4().hex[:6]}, zadzwoń 600 700 800"

    type_letter(page, age=9, gender_key="d", wish=wish, needs="rower 24 cale")

    expect(page.locator(".errors-summary")).to_contain_text("Popraw zaznaczone pola")
    message = page.locator("#wish-error")
    expect(message).to_contain_text("numer telefonu")
    expect(message).to_contain_text("Usuń dane, które mogą wskazać dziecko")
    expect(page.locator("#wish")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#wish")).to_have_value(wish)
    expect(page.locator("#needs")).to_have_value("rower 24 cale")
    expect(page.locator("#age")).to_have_value("9")
    expect(page.locator("input[name=gender][value=f]")).to_be_checked()
    expect(page.locator(".flash-success")).to_have_count(0)
    # Focus is on the summary of what to fix; from there the link leads to the wish.
    expect(page.locator(".errors-summary")).to_be_focused()
    page.keyboard.press("Tab")
    link = page.locator(".errors-summary a[href='#wish']")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#wish")).to_be_focused()
    with app.app_context():
        assert (
            db.session.scalar(db.select(db.func.count(Letter.id)).where(Letter.wish == wish)) == 0
        )

    # Corrected from the keyboard and saved.
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("Marzę o rowerze")
    page.keyboard.press("ControlOrMeta+Enter")
    expect(page.locator(".flash-success")).to_have_text(SAVED)
    expect(page.locator("#age")).to_be_focused()
    assert script_problems(page) == []
