"""A donor on a phone: find a letter, log in on the way, claim it, get the slip, give it back."""

import re

import pytest
from playwright.sync_api import expect

from campaign.templating import local_date
from tests.browser.flow_support import (
    PASSWORD,
    claims_of_letter,
    letter_by_code,
    new_account,
    overflow,
    watch_problems,
)

pytestmark = pytest.mark.browser


def test_donor_on_a_phone_claims_a_letter_prints_the_slip_and_gives_it_back(
    phone, base_url, live_server
):
    app = live_server[0]
    email = new_account(app, "donor", name="Kasia z telefonu")
    watch_problems(phone)

    # The catalogue, filtered to girls of 6 to 11, with the phone's form.
    phone.goto(base_url + "/listy")
    expect(phone.locator("h1")).to_have_text("Listy do wzięcia")
    assert overflow(phone) <= 0
    phone.get_by_label("Wiek od").fill("6")
    phone.get_by_label("Wiek do").fill("11")
    phone.locator("#filter-gender").select_option("f")
    phone.get_by_role("button", name="Pokaż listy").click()
    expect(phone).to_have_url(re.compile(r"/listy\?.*age_min=6.*age_max=11.*gender=f"))
    cards = phone.locator(".letter-card")
    expect(cards.first).to_be_visible()
    assert overflow(phone) <= 0
    for child in phone.locator(".letter-card-child").all_inner_texts():
        gender, age = re.fullmatch(r"(\w+), wiek: (\d+)", child.strip()).groups()
        assert gender == "dziewczynka"
        assert 6 <= int(age) <= 11

    # One letter: its wish, and a way to log in that comes back here.
    first = cards.first.locator(".letter-card-title a")
    code = first.inner_text().strip()
    first.click()
    expect(phone).to_have_url(re.compile(rf"/listy/{code}$"))
    expect(phone.locator("h1")).to_contain_text(code)
    assert overflow(phone) <= 0
    with app.app_context():
        letter = letter_by_code(code)
        wish, center_name = letter.wish, letter.center.name
        deadline = letter.campaign.parcel_deadline
    expect(phone.locator(".letter-wish")).to_have_text(wish)
    phone.locator(".claim-box").get_by_role("link", name="Zaloguj się").click()
    expect(phone).to_have_url(re.compile(rf"/logowanie\?next=(%2F|/)listy(%2F|/){code}$"))
    assert overflow(phone) <= 0
    phone.get_by_label("E-mail", exact=True).fill(email)
    phone.get_by_label("Hasło", exact=True).fill(PASSWORD)
    phone.locator("main form").get_by_role("button", name="Zaloguj się").click()
    expect(phone).to_have_url(re.compile(rf"/listy/{code}$"))

    # Claim it: "Moje listy" shows the claim with its deadline and drop-off point.
    phone.get_by_role("button", name="Biorę ten list").click()
    expect(phone).to_have_url(re.compile(r"/moje-listy$"))
    expect(phone.locator(".flash-success")).to_contain_text(f"Zarezerwowano: {code}")
    card = phone.locator(".claim-card", has_text=code)
    expect(card).to_be_visible()
    with app.test_request_context():
        deadline_text = local_date(deadline)
    expect(card.locator(".claim-facts")).to_contain_text(deadline_text)
    expect(card.locator(".claim-facts")).to_contain_text(center_name)
    expect(card.locator(".claim-facts")).to_contain_text("pozostało dni")
    assert overflow(phone) <= 0
    with app.app_context():
        (claim,) = claims_of_letter(code)
        assert claim.status == "active"
        assert claim.donor.email == email
        assert claims_of_letter(code, donor_email=email) == [claim]
        assert letter_by_code(code).status == "claimed"

    # The slip is a PDF (the donor's own; another browser without the session gets none).
    slip = card.get_by_role("link", name="Pobierz kupon (PDF)")
    response = phone.request.get(base_url + slip.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    # Give it back: the confirmation is accepted, the letter is in the catalogue again.
    questions = []

    def accept(dialog):
        questions.append(dialog.message)
        dialog.accept()

    phone.on("dialog", accept)
    card.get_by_role("button", name="Rezygnuję z tego listu").click()
    expect(phone.locator(".flash-success")).to_contain_text(
        f"Zrezygnowano z listu {code} — wrócił do katalogu."
    )
    assert questions and code in questions[0]
    expect(phone.locator(".claim-card", has_text=code).locator(".claim-status")).to_contain_text(
        "zrezygnowano"
    )
    with app.app_context():
        assert claims_of_letter(code) == []
        (claim,) = claims_of_letter(code, donor_email=email)
        assert claim.status == "cancelled"
        letter = letter_by_code(code)
        assert letter.status == "available"
        age, gender, center = letter.age, letter.gender, letter.center.number
    phone.goto(f"{base_url}/listy?age_min={age}&age_max={age}&gender={gender}&center={center}")
    expect(phone.locator(".letter-card", has_text=code)).to_be_visible()
    phone.goto(f"{base_url}/listy/{code}")
    expect(phone.get_by_role("button", name="Biorę ten list")).to_be_visible()
    assert overflow(phone) <= 0
    assert phone.problems == []
