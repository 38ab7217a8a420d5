"""WCAG 2.1 reflow: at 320 CSS px no page of any role scrolls sideways.

Wide tables may scroll inside their own labelled, focusable region; the page itself never does.
The walk reuses the page-health flow's list of every role's pages, so a page added there is
measured here too.
"""

import pytest

from tests.browser.conftest import log_in
from tests.browser.flow_support import DEMO_PASSWORD
from tests.browser.test_page_health_flow import ROLES, page_values

pytestmark = pytest.mark.browser

PAGE_WIDTH = "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
# A scrolling table region must be reachable by keyboard and named for a screen reader.
UNNAMED_SCROLLERS = """() => [...document.querySelectorAll('.table-wrap')]
  .filter(e => e.getAttribute('role') !== 'region' || !e.getAttribute('aria-label')
               || e.getAttribute('tabindex') !== '0')
  .map(e => e.outerHTML.slice(0, 80))"""


@pytest.fixture
def narrow(browser, live_server):
    context = browser.new_context(locale="pl-PL", viewport={"width": 320, "height": 640})
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("role", list(ROLES))
def test_no_page_of_a_role_is_wider_than_320_px(role, narrow, base_url, live_server):
    email, paths = ROLES[role]
    values = page_values(live_server[0])
    if email:
        log_in(narrow, base_url, email, DEMO_PASSWORD)
        assert "/logowanie" not in narrow.url, f"{email} could not log in"
    too_wide, unnamed = {}, {}
    for template in paths:
        path = template.format(**values)
        narrow.goto(base_url + path)
        narrow.wait_for_load_state("load")
        width = narrow.evaluate(PAGE_WIDTH)
        if width > 320:
            too_wide[path] = width
        if scrollers := narrow.evaluate(UNNAMED_SCROLLERS):
            unnamed[path] = scrollers
    assert too_wide == {}
    assert unnamed == {}
