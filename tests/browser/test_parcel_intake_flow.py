"""The coordinator at the intake table with a USB scanner (it types the slip's URL and Enter)."""

import pytest
from playwright.sync_api import expect

from campaign.core.audit import Event
from campaign.extensions import db
from campaign.letters.codes import ALPHABET
from tests.browser.conftest import log_in
from tests.browser.flow_support import (
    PASSWORD,
    claim_for_new_donor,
    claims_of_letter,
    letter_by_code,
    new_account,
    script_problems,
)

pytestmark = pytest.mark.browser


def scan(page, text: str) -> None:
    """What a USB scanner does: type into whatever has focus, then press Enter.

    The person scans once the page is ready, that is once the code field has the focus.
    """
    expect(page.locator("#code")).to_be_focused()
    page.keyboard.type(text)
    with page.expect_navigation():  # the next page, loaded with its script: not the old one
        page.keyboard.press("Enter")


@pytest.fixture
def coordinator_at_intake(page, base_url, live_server):
    email = new_account(live_server[0], "coordinator", name="Koordynatorka przyjęć")
    log_in(page, base_url, email, PASSWORD)
    page.goto(base_url + "/punkt/przyjecie")
    expect(page.locator("h1")).to_have_text("Przyjęcie paczek")
    return page


def test_scanning_a_slip_shows_the_parcel_and_one_press_takes_it_in(
    coordinator_at_intake, base_url, live_server
):
    page, app = coordinator_at_intake, live_server[0]
    parcel = claim_for_new_donor(app, name="Bożena")
    code = parcel["code"]
    field = page.locator("#code")
    expect(field).to_be_focused()

    scan(page, f"{base_url}/p/{code}")
    card = page.locator(".parcel-card")
    expect(card.locator("h2")).to_have_text(f"Paczka {code}")
    expect(card).to_contain_text("Bożena")
    expect(card).to_contain_text(f"wiek: {parcel['age']}")
    # Ready for the next scan at once: the field is focused and empty.
    expect(field).to_be_focused()
    expect(field).to_have_value("")

    page.get_by_role("button", name="Przyjmij").click()
    done = page.locator(".intake-done")
    expect(done.locator("h2")).to_have_text(f"Przyjęto paczkę {code}")
    expect(done).to_contain_text("Bożena")
    expect(done).to_contain_text("Gotowe na następny kupon.")
    expect(field).to_be_focused()
    expect(field).to_have_value("")
    expect(page.locator(".parcel-card")).to_have_count(0)
    with app.app_context():
        (claim,) = claims_of_letter(code)
        assert claim.status == "received"
        assert claim.condition == "complete"
        assert letter_by_code(code).status == "received"
        received_at = claim.received_at

    # The same slip again: it says so, and nothing changes.
    scan(page, f"{base_url}/p/{code}")
    card = page.locator(".parcel-card")
    expect(card.locator("h2")).to_have_text(f"Paczka {code}")
    expect(card.locator(".already")).to_contain_text("Już przyjęta")
    expect(card.get_by_role("button", name="Przyjmij")).to_have_count(0)
    expect(field).to_be_focused()
    with app.app_context():
        (claim,) = claims_of_letter(code)
        assert (claim.status, claim.received_at) == ("received", received_at)
        letter = letter_by_code(code)
        receipts = db.session.scalars(
            db.select(Event).where(Event.letter_id == letter.id, Event.to_status == "received")
        ).all()
        assert len(receipts) == 1
    assert script_problems(page) == []


def test_a_code_with_one_wrong_character_is_refused_with_the_near_match(
    coordinator_at_intake, live_server
):
    page, app = coordinator_at_intake, live_server[0]
    parcel = claim_for_new_donor(app)
    code = parcel["code"]
    # One wrong character in the body (as a misread or mistyped slip would have).
    wrong_char = next(ch for ch in ALPHABET if ch != code[7])
    typo = code[:7] + wrong_char + code[8:]

    scan(page, typo.lower())
    problem = page.locator(".intake-problem")
    expect(problem.locator("h2")).to_have_text("Sprawdź kod")
    expect(problem).to_have_attribute("role", "alert")
    expect(page.locator("#code")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".parcel-card")).to_have_count(0)
    # The typed code stays, selected, so the next scan replaces it.
    field = page.locator("#code")
    expect(field).to_be_focused()
    expect(field).to_have_value(typo.lower())
    assert page.evaluate(
        "document.activeElement.selectionEnd - document.activeElement.selectionStart"
    ) == len(typo)
    suggestion = problem.locator(".near-matches a", has_text=code)
    expect(suggestion).to_be_visible()

    # The suggestion opens the right parcel; nothing was taken in on the way.
    suggestion.click()
    expect(page.locator(".parcel-card h2")).to_have_text(f"Paczka {code}")
    with app.app_context():
        (claim,) = claims_of_letter(code)
        assert claim.status == "active"

    # The bad code once more, then the right one: the next scan replaces the selected typo.
    scan(page, typo)
    expect(field).to_have_value(typo)
    page.keyboard.type(code)
    expect(field).to_have_value(code)
    page.keyboard.press("Enter")
    expect(page.locator(".parcel-card h2")).to_have_text(f"Paczka {code}")
    assert script_problems(page) == []


def test_scan_then_enter_takes_the_parcel_in_without_the_mouse(
    coordinator_at_intake, base_url, live_server
):
    page, app = coordinator_at_intake, live_server[0]
    first, second = claim_for_new_donor(app), claim_for_new_donor(app)

    scan(page, f"{base_url}/p/{first['code']}")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the empty, focused code field: accept the card on show
    expect(page.locator(".intake-done h2")).to_have_text(f"Przyjęto paczkę {first['code']}")
    # Straight on to the next parcel, the same way.
    scan(page, f"{base_url}/p/{second['code']}")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator(".intake-done h2")).to_have_text(f"Przyjęto paczkę {second['code']}")
    with app.app_context():
        for parcel in (first, second):
            (claim,) = claims_of_letter(parcel["code"])
            assert (claim.status, claim.condition) == ("received", "complete")
    assert script_problems(page) == []
