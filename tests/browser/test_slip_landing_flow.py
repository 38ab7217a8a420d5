"""Someone who finds a slip and opens its QR address learns nothing about the child or donor."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.flow_support import PASSWORD, claim_for_new_donor, new_account

pytestmark = pytest.mark.browser


def assert_reveals_nothing(page, parcel: dict) -> None:
    expect(page.locator("h1")).to_have_text("Dziękujemy, że pomagasz!")
    text = page.locator("main").inner_text()
    assert parcel["wish"] not in text
    assert parcel["wish"][:25] not in text
    if parcel["needs"]:
        assert parcel["needs"] not in text
    assert "wiek" not in text.lower()
    assert "dziewczynka" not in text and "chłopiec" not in text
    assert parcel["donor_name"] not in text
    assert parcel["donor_email"] not in text
    assert parcel["center"] not in text
    assert parcel["code"] not in text  # (only the address carries it)


def test_a_visitor_opening_the_slip_address_sees_only_a_thank_you(page, base_url, live_server):
    parcel = claim_for_new_donor(live_server[0], name="Zenobia")
    response = page.goto(f"{base_url}/p/{parcel['code']}")
    assert response.status == 200
    assert response.headers.get("x-robots-tag") == "noindex"
    assert_reveals_nothing(page, parcel)
    # The same page for a code that does not exist: nothing can be learned by trying codes.
    unknown = page.goto(f"{base_url}/p/KMP26-22222-2")
    assert unknown.status == 200
    expect(page.locator("h1")).to_have_text("Dziękujemy, że pomagasz!")
    assert page.problems == []


def test_the_donor_who_holds_it_sees_the_same_thank_you_and_staff_land_on_intake(
    page, base_url, live_server
):
    app = live_server[0]
    parcel = claim_for_new_donor(app, name="Zenobia")
    log_in(page, base_url, parcel["donor_email"], PASSWORD)
    page.goto(f"{base_url}/p/{parcel['code']}")
    assert_reveals_nothing(page, parcel)

    page.context.clear_cookies()
    staff = new_account(app, "coordinator")
    log_in(page, base_url, staff, PASSWORD)
    page.goto(f"{base_url}/p/{parcel['code'].lower()}")
    expect(page).to_have_url(re.compile(r"/punkt/przyjecie\?code=" + parcel["code"]))
    expect(page.locator(".parcel-card h2")).to_have_text(f"Paczka {parcel['code']}")
    assert page.problems == []
