"""Every role walks through its pages: no script errors, no CSP violations, sound structure.

A CSP violation (an inline script or style, a resource from elsewhere) is reported by Chromium
as a console error, so "no console errors" covers the policy too. Each page must also have
exactly one <h1> and one <main>, no id used twice (labels and links would point to the wrong
element), and answer without an HTTP error.
"""

import pytest

from campaign.auth.models import User
from campaign.core.centres import Center
from campaign.core.clock import utcnow
from campaign.donors.models import Claim
from campaign.extensions import db
from campaign.letters.models import Campaign, Letter
from campaign.office.models import Announcement, ContactEntry, NewsArticle
from tests.browser.conftest import log_in
from tests.browser.flow_support import DEMO, DEMO_PASSWORD

pytestmark = pytest.mark.browser

# Flask-WTF gives every form's hidden CSRF input id="csrf_token": harmless, nothing points to it.
DUPLICATE_IDS = """() => {
  const seen = new Set(), twice = new Set();
  for (const e of document.querySelectorAll("[id]:not(input[type=hidden][name=csrf_token])"))
    (seen.has(e.id) ? twice : seen).add(e.id);
  return [...twice];
}"""

PUBLIC = [
    "/",
    "/aktualnosci",
    "/aktualnosci/{article}",
    "/archiwum",
    "/kontakt",
    "/deklaracja-dostepnosci",
    "/rodo",
    "/kazdy-moze-pomoc",
    "/listy",
    "/listy?age_min=3&age_max=9&gender=m",
    "/listy/{available}",
    "/listy/{claimed}",
    "/p/{claimed}",
    "/logowanie",
    "/rejestracja",
    "/haslo/reset",
]
DONOR = [
    "/listy",
    "/listy/{available}",
    "/moje-listy",
    "/konto",
    "/moje-dane/usun-konto",
]
SOCIAL_WORKER = [
    "/pracownik/listy",
    "/pracownik/listy?status=draft",
    "/pracownik/listy/nowy",
    "/pracownik/listy/{cps1_letter}",
    "/pracownik/listy/{cps1_draft}/edycja",
    "/pracownik/listy/import",
    "/punkt/przyjecie",
    "/punkt/przyjecie?code={cps1_claimed}",
    "/punkt/wydawanie",
    "/konto",
]
COORDINATOR = [
    "/koordynacja",
    "/koordynacja/zaleglosci",
    "/koordynacja/dziennik",
    "/koordynacja/darczyncy",
    "/koordynacja/rezerwacje/{claim_id}",
    "/koordynacja/kampanie",
    "/koordynacja/kampanie/{campaign_id}",
    "/koordynacja/kampanie/{campaign_id}/edycja",
    "/koordynacja/centra",
    "/koordynacja/centra/1/edycja",
    "/pracownik/listy",
    "/pracownik/listy/nowy",
    "/pracownik/listy/{cps1_letter}",
    "/punkt/przyjecie",
    "/punkt/przyjecie?code={claimed}",
    "/punkt/wydawanie",
    "/biuro/",
    "/biuro/aktualnosci",
    "/biuro/aktualnosci/nowy",
    "/biuro/aktualnosci/{article_id}",
    "/biuro/ogloszenia",
    "/biuro/ogloszenia/{announcement_id}",
    "/biuro/kontakty",
    "/biuro/kontakty/{contact_id}",
    "/konto",
]
ADMIN = [
    "/admin/uzytkownicy",
    "/admin/uzytkownicy/nowy",
    "/admin/uzytkownicy/{donor_id}",
    "/konto",
]
ROLES = {
    "visitor": (None, PUBLIC),
    "donor": (DEMO["donor"], DONOR),
    "social_worker": (DEMO["social_worker"], SOCIAL_WORKER),
    "coordinator": (DEMO["coordinator"], COORDINATOR),
    "admin": (DEMO["admin"], ADMIN),
}


def _first(statement):
    value = db.session.scalar(statement.limit(1))
    assert value is not None, statement
    return value


def page_values(app) -> dict:
    """Real identifiers from the demo data for the paths above."""
    with app.app_context():
        campaign = Campaign.current()
        cps1 = _first(db.select(Center.id).where(Center.number == 1))
        in_campaign = db.select(Letter).where(Letter.campaign_id == campaign.id)
        claimed = _first(in_campaign.where(Letter.status == "claimed"))
        cps1_claimed = _first(
            in_campaign.where(Letter.status == "claimed", Letter.center_id == cps1)
        )
        return {
            "article": _first(
                db.select(NewsArticle.slug).where(NewsArticle.published_at <= utcnow())
            ),
            "article_id": _first(db.select(NewsArticle.id)),
            "announcement_id": _first(db.select(Announcement.id)),
            "contact_id": _first(db.select(ContactEntry.id)),
            "available": _first(in_campaign.where(Letter.claimable())).display_code,
            "claimed": claimed.display_code,
            "cps1_claimed": cps1_claimed.display_code,
            "cps1_letter": _first(in_campaign.where(Letter.center_id == cps1)).display_code,
            "cps1_draft": _first(
                in_campaign.where(Letter.center_id == cps1, Letter.status == "draft")
            ).display_code,
            "claim_id": _first(db.select(Claim.id).where(Claim.letter_id == claimed.id)),
            "campaign_id": campaign.id,
            "donor_id": _first(db.select(User.id).where(User.email == DEMO["donor"])),
        }


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_of_a_role_is_healthy(role, page, base_url, live_server):
    email, paths = ROLES[role]
    values = page_values(live_server[0])
    if email:
        log_in(page, base_url, email, DEMO_PASSWORD)
        assert "/logowanie" not in page.url, f"{email} could not log in"
    failures = []
    for template in paths:
        path = template.format(**values)
        before = len(page.problems)
        response = page.goto(base_url + path)
        page.wait_for_load_state("load")
        found = {
            "status": response.status,
            "h1": page.locator("h1").count(),
            "main": page.locator("main").count(),
            "duplicate_ids": page.evaluate(DUPLICATE_IDS),
            "problems": page.problems[before:],
        }
        healthy = {"status": 200, "h1": 1, "main": 1, "duplicate_ids": [], "problems": []}
        if found != healthy:
            failures.append((path, found))
    assert failures == []
