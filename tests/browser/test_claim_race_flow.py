"""Two donors, two browsers, one letter: exactly one gets it, the other is shown similar ones."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.flow_support import (
    PASSWORD,
    claimable_letter_codes,
    claims_of_letter,
    new_account,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def two_donors(browser, live_server):
    """Two logged-in donors, each in their own browser context (own cookies)."""
    app, base_url = live_server
    contexts, pages = [], []
    for name in ("Marta", "Tomek"):
        email = new_account(app, "donor", name=name)
        context = browser.new_context(locale="pl-PL")
        page = context.new_page()
        page.problems = []
        page.on("pageerror", lambda error, page=page: page.problems.append(str(error)))
        log_in(page, base_url, email, PASSWORD)
        expect(page).to_have_url(re.compile(r"/moje-listy$"))
        contexts.append(context)
        pages.append((email, page))
    yield pages
    for context in contexts:
        context.close()


def test_two_donors_press_claim_on_the_same_letter_and_exactly_one_gets_it(two_donors, live_server):
    app, base_url = live_server
    (code,) = claimable_letter_codes(app)
    for _email, page in two_donors:
        page.goto(f"{base_url}/listy/{code}")
        expect(page.get_by_role("button", name="Biorę ten list")).to_be_visible()

    # Both press the button at (nearly) the same moment; neither waits for the other.
    for _email, page in two_donors:
        page.locator(".claim-box form").evaluate("form => form.requestSubmit()")
    for _email, page in two_donors:
        expect(page.locator("h1")).not_to_have_text(re.compile(r"^List "))

    winners = [(e, p) for e, p in two_donors if p.url.endswith("/moje-listy")]
    losers = [(e, p) for e, p in two_donors if not p.url.endswith("/moje-listy")]
    assert len(winners) == 1, [p.url for _e, p in two_donors]
    assert len(losers) == 1
    (winner_email, winner), (_loser_email, loser) = winners[0], losers[0]

    expect(winner.locator(".flash-success")).to_contain_text(f"Zarezerwowano: {code}")
    expect(winner.locator(".claim-card", has_text=code)).to_be_visible()

    expect(loser.locator("h1")).to_have_text("Ktoś był szybszy — oto podobne listy")
    expect(loser.get_by_role("alert")).to_contain_text("Ktoś był szybszy")
    similar = loser.locator("section[aria-labelledby=similar-heading]")
    expect(similar.get_by_role("heading", name="Podobne listy, które czekają")).to_be_visible()
    expect(similar.locator(".letter-card").first).to_be_visible()
    assert code not in similar.locator(".letter-cards").inner_text()
    # A similar letter can be opened and taken instead.
    similar.locator(".letter-card-title a").first.click()
    expect(loser.get_by_role("button", name="Biorę ten list")).to_be_visible()

    # Only the loser's own page: the letter is not in their "Moje listy".
    loser.goto(base_url + "/moje-listy")
    expect(loser.locator(".claim-card", has_text=code)).to_have_count(0)

    with app.app_context():
        claims = claims_of_letter(code)
        assert [(c.donor.email, c.status) for c in claims] == [(winner_email, "active")]
    assert all(page.problems == [] for _email, page in two_donors)
