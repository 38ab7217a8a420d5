"""The drop-off table on a phone: slips read by the camera, and intakes kept while offline.

Chromium's fake camera plays a video made here from the real slip PDFs. Debian's Chromium has no
BarcodeDetector on Linux, so these runs go through the vendored QR decoder (jsQR).
"""

import re
import time

import pytest
from playwright.sync_api import expect

from campaign.core.audit import Event
from campaign.donors.models import Claim
from campaign.donors.services import cancel_claim
from campaign.donors.slip import slip_pdf
from campaign.extensions import db
from campaign.letters.models import LetterStatus
from tests.browser.axe import axe_violations
from tests.browser.conftest import log_in
from tests.browser.fake_camera import blank_frame, browser_with_camera, slip_photo, write_y4m
from tests.browser.flow_support import (
    PASSWORD,
    claim_for_new_donor,
    claims_of_letter,
    letter_by_code,
    new_account,
    script_problems,
)

pytestmark = pytest.mark.browser


def slip_of(app, parcel: dict) -> bytes:
    with app.app_context():
        return slip_pdf(db.session.get(Claim, parcel["claim_id"]))


def watched(page):
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    return page


def at_intake(browser, base_url, app, *, camera: bool):
    context = browser.new_context(
        locale="pl-PL",
        viewport={"width": 390, "height": 844},
        permissions=["camera"] if camera else [],
    )
    page = watched(context.new_page())
    email = new_account(app, "coordinator", name="Koordynatorka z telefonem")
    log_in(page, base_url, email, PASSWORD)
    page.goto(base_url + "/punkt/przyjecie")
    expect(page.get_by_role("button", name="Skanuj aparatem")).to_be_visible()
    return context, page


def received_events(app, code: str) -> int:
    with app.app_context():
        letter = letter_by_code(code)
        return db.session.scalar(
            db.select(db.func.count(Event.id)).where(
                Event.letter_id == letter.id, Event.to_status == LetterStatus.RECEIVED.value
            )
        )


def slips_video(app, tmp_path, parcels: list[dict]):
    scenes = [(slip_photo(slip_of(app, parcel)), 2.5) for parcel in parcels]
    return write_y4m(tmp_path / "slips.y4m", scenes)


def statuses(app, parcels: list[dict]) -> list[tuple[str, str | None]]:
    with app.app_context():
        claims = [claims_of_letter(p["code"])[0] for p in parcels]
        return [(claim.status, claim.condition) for claim in claims]


def wait_for(check, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.3)


def test_pressing_scan_takes_a_stack_of_slips_in_without_any_typing(
    playwright, live_server, base_url, tmp_path
):
    app = live_server[0]
    parcels = [claim_for_new_donor(app, name="Bożena"), claim_for_new_donor(app, name="Witold")]
    with browser_with_camera(playwright, slips_video(app, tmp_path, parcels)) as browser:
        context, page = at_intake(browser, base_url, app, camera=True)
        expect(page.get_by_label("Przyjmuj od razu po odczytaniu")).to_be_checked()
        page.get_by_role("button", name="Skanuj aparatem").click()
        expect(page.locator("video[aria-label]")).to_be_visible()
        # Nothing else is pressed: each slip read is shown and taken in, then the next one.
        wait_for(lambda: statuses(app, parcels) == [("received", "complete")] * 2)
        card = page.locator("[data-card-slot] .parcel-card")
        expect(card.locator(".intake-done")).to_have_text(re.compile(r"^Przyjęto paczkę "))
        shown = card.locator("h2").inner_text().removeprefix("Paczka ").strip()
        assert shown in {p["code"] for p in parcels}
        expect(card).to_contain_text("wiek:")  # the parcel's card stays in view
        decoder = page.evaluate("typeof jsQR")
        problems = script_problems(page)
        context.close()

    assert decoder == "function"  # Debian's Chromium: the vendored decoder did the reading
    with app.app_context():
        for parcel in parcels:
            assert claims_of_letter(parcel["code"])[0].intake_key  # through the idempotent intake
    assert [received_events(app, p["code"]) for p in parcels] == [1, 1]
    assert problems == []


def test_with_taking_in_at_once_off_each_slip_waits_for_its_condition_and_a_tap(
    playwright, live_server, base_url, tmp_path
):
    app = live_server[0]
    parcels = [claim_for_new_donor(app, name="Celina"), claim_for_new_donor(app, name="Dariusz")]
    with browser_with_camera(playwright, slips_video(app, tmp_path, parcels)) as browser:
        context, page = at_intake(browser, base_url, app, camera=True)
        page.get_by_label("Przyjmuj od razu po odczytaniu").uncheck()
        page.get_by_role("button", name="Skanuj aparatem").click()
        taken = []
        for condition, label in (("damaged", "uszkodzona"), ("complete", "kompletna")):
            # The card waiting for its tap (the previous one stays in view with its receipt).
            title = page.locator("[data-card-slot] .parcel-card:has(.receive-form) h2")
            title.wait_for(timeout=15000)
            code = title.inner_text().removeprefix("Paczka ").strip()
            assert code in {p["code"] for p in parcels} - {code for code, _ in taken}
            expect(page.locator("[data-camera-message]")).to_have_text(f"Odczytano kod {code}.")
            slot = page.locator("[data-card-slot]")
            expect(slot.get_by_role("button", name="Przyjmij")).to_be_focused()
            slot.get_by_label(label, exact=True).check()
            slot.get_by_role("button", name="Przyjmij").click()
            expect(slot.locator(".intake-done")).to_have_text(
                f"Przyjęto paczkę {code}.", timeout=10000
            )
            taken.append((code, condition))
        problems = script_problems(page)
        context.close()

    with app.app_context():
        for code, condition in taken:
            (claim,) = claims_of_letter(code)
            assert (claim.status, claim.condition) == ("received", condition)
    assert problems == []


def test_the_camera_panel_open_has_no_wcag_21_aa_violation(
    playwright, live_server, base_url, tmp_path
):
    app = live_server[0]
    video = write_y4m(tmp_path / "blank.y4m", [(blank_frame(), 1)])
    with browser_with_camera(playwright, video) as browser:
        context, page = at_intake(browser, base_url, app, camera=True)
        page.get_by_role("button", name="Skanuj aparatem").click()
        expect(page.locator("video[aria-label]")).to_be_visible()
        expect(page.get_by_role("button", name="Wyłącz aparat")).to_be_focused()
        expect(page.locator("[data-camera-message]")).to_have_text(
            "Aparat włączony: skieruj go na kod QR kuponu."
        )
        violations = axe_violations(page)
        problems = script_problems(page)
        context.close()
    assert violations == []
    assert problems == []


def test_a_refused_camera_says_so_and_the_typed_field_still_works(page, base_url, live_server):
    # The session's browser has no camera permission: getUserMedia is refused.
    app = live_server[0]
    email = new_account(app, "coordinator")
    log_in(page, base_url, email, PASSWORD)
    page.goto(base_url + "/punkt/przyjecie")
    page.get_by_role("button", name="Skanuj aparatem").click()
    expect(page.locator("[data-camera-message]")).to_contain_text("aparat", timeout=10000)
    expect(page.locator("#code")).to_be_focused()
    assert page.locator("#camera-view").is_hidden()


STORED_QUEUE_LENGTH = """() => new Promise(resolve => {
  const opening = indexedDB.open("kmp-intake");
  opening.onsuccess = () => {
    const counting = opening.result.transaction("queue").objectStore("queue").count();
    counting.onsuccess = () => resolve(counting.result);
  };
})"""


def wait_until(page, script: str, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"timed out waiting for {script}"
        page.wait_for_timeout(200)


def test_intakes_made_offline_are_sent_once_after_a_reload_and_a_conflict_is_reported(
    browser, live_server, base_url
):
    app = live_server[0]
    parcels = [claim_for_new_donor(app, name=f"Darczyńca {i}") for i in range(4)]
    context, page = at_intake(browser, base_url, app, camera=False)
    # The service worker has kept the page and its files (the page last): it opens offline.
    wait_until(page, "async () => !!(await caches.match('/punkt/przyjecie'))")

    context.set_offline(True)
    queue = page.locator("[data-queue]")
    for count, parcel in enumerate(parcels, start=1):
        page.fill("#code", parcel["code"])
        page.press("#code", "Enter")
        card = page.locator("[data-card-slot] .parcel-card")
        expect(card.locator("h2")).to_have_text(f"Paczka {parcel['code']}")
        card.get_by_role("button", name="Przyjmij").click()
        expect(queue.locator("h2")).to_have_text(f"Czeka na wysłanie ({count})")
    # Scanning a queued parcel again does not queue it twice.
    page.fill("#code", parcels[0]["code"])
    page.press("#code", "Enter")
    page.locator("[data-card-slot]").get_by_role("button", name="Przyjmij").click()
    expect(page.locator("[data-camera-message]")).to_contain_text("już czeka w kolejce")
    expect(queue.locator("h2")).to_have_text("Czeka na wysłanie (4)")

    # Meanwhile the last donor cancels: that parcel can no longer be taken in.
    with app.app_context():
        claim = db.session.get(Claim, parcels[3]["claim_id"])
        cancel_claim(claim.donor, claim)

    page.reload()
    expect(queue.locator("h2")).to_have_text("Czeka na wysłanie (4)")
    expect(queue.locator("li")).to_have_count(4)

    context.set_offline(False)
    expect(queue).to_be_hidden(timeout=20000)
    conflicts = page.locator("[data-conflicts] li")
    expect(conflicts).to_have_count(1)
    expect(conflicts.first).to_contain_text(parcels[3]["code"])
    expect(conflicts.first).to_contain_text("nikt nie zarezerwował")

    with app.app_context():
        for parcel in parcels[:3]:
            (claim,) = claims_of_letter(parcel["code"])
            assert claim.status == "received"
        assert claims_of_letter(parcels[3]["code"]) == []
    assert [received_events(app, p["code"]) for p in parcels] == [1, 1, 1, 0]
    assert page.evaluate(STORED_QUEUE_LENGTH) == 0

    # The conflict is still listed after another reload, until the volunteer clears it.
    page.reload()
    expect(page.locator("[data-conflicts] li")).to_have_count(1)
    page.get_by_role("button", name="Wyczyść listę").click()
    expect(page.locator("[data-conflicts]")).to_be_hidden()
    context.close()


def test_logging_out_forgets_the_page_kept_for_offline_use(browser, live_server, base_url):
    app = live_server[0]
    context, page = at_intake(browser, base_url, app, camera=False)
    wait_until(page, "async () => !!(await caches.match('/punkt/przyjecie'))")
    page.get_by_role("button", name="Wyloguj").click()
    expect(page.get_by_text("Wylogowano.")).to_be_visible()
    assert (
        page.evaluate(
            "async () => (await caches.keys()).filter(n => n.startsWith('kmp-intake')).length"
        )
        == 0
    )
    assert (
        page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0
    )
    # Offline, the next person on this phone gets no copy of the volunteer's page.
    context.set_offline(True)
    with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED"):
        page.goto(base_url + "/punkt/przyjecie")
    context.close()
    assert page.problems == [] or all("ERR_INTERNET_DISCONNECTED" in p for p in page.problems)
