"""Switching the interface to English on the catalogue and at the intake table.

Only strings with an English msgstr in campaign/translations/en/LC_MESSAGES/messages.po are
asserted on (the translation is being completed; these are stable ones).
"""

import re

import pytest
from playwright.sync_api import expect

from campaign.auth.models import User
from campaign.extensions import db
from tests.browser.conftest import log_in
from tests.browser.flow_support import PASSWORD, new_account

pytestmark = pytest.mark.browser


def switch_to_english(page) -> None:
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_a_visitor_reads_the_catalogue_in_english_and_keeps_the_filters(page, base_url):
    page.goto(base_url + "/listy?age_min=3&age_max=12&gender=f")
    expect(page.locator("h1")).to_have_text("Listy do wzięcia")
    switch_to_english(page)
    # Back on the same page, filters kept.
    expect(page).to_have_url(re.compile(r"/listy\?age_min=3&age_max=12&gender=f$"))
    expect(page.locator("h1")).to_have_text("Letters to take")
    expect(page.get_by_label("Age from")).to_have_value("3")
    expect(page.get_by_role("button", name="Show letters")).to_be_visible()
    expect(page.locator(".catalogue-count")).to_contain_text("Matching letters:")
    # The choice sticks while browsing, and can be undone.
    page.locator(".letter-card-title a").first.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Polski").click()
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    assert page.problems == []


def test_a_coordinator_works_the_intake_table_in_english(page, base_url, live_server):
    app = live_server[0]
    # An own account: switching the language is remembered on the account.
    email = new_account(app, "coordinator")
    log_in(page, base_url, email, PASSWORD)
    page.goto(base_url + "/punkt/przyjecie")
    expect(page.locator("h1")).to_have_text("Przyjęcie paczek")
    switch_to_english(page)
    expect(page).to_have_url(re.compile(r"/punkt/przyjecie$"))
    expect(page.locator("h1")).to_have_text("Parcel intake")
    expect(page.get_by_label("Parcel code")).to_be_focused()
    expect(page.get_by_role("button", name="Show parcel")).to_be_visible()
    expect(page.locator("#lost-title")).to_have_text("Has the donor lost the slip?")
    with app.app_context():
        assert db.session.scalar(db.select(User.locale).where(User.email == email)) == "en"
    assert page.problems == []
