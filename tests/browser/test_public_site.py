"""The public site in a real browser: keyboard, language, phone layout, no CSP violations."""

import pytest

from tests.browser.axe import axe_violations

pytestmark = pytest.mark.browser


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, base_url):
    page.goto(base_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switcher_turns_the_page_english(page, base_url):
    page.goto(base_url + "/")
    assert page.get_attribute("html", "lang") == "pl"
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.get_attribute("html", "lang") == "en"


def test_home_page_has_no_script_errors_or_csp_violations(page, base_url):
    page.goto(base_url + "/")
    page.wait_for_load_state("networkidle")
    assert page.problems == []


def test_home_page_fits_a_phone_screen_without_sideways_scrolling(phone, base_url):
    phone.goto(base_url + "/")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_home_page_has_no_wcag_21_aa_violation(page, base_url):
    page.goto(f"{base_url}/")
    assert axe_violations(page) == []
