"""In a real browser: the sign-language recording plays with its captions; the easy-to-read,
sign-language, search and article-with-photos pages have no WCAG 2.1 A/AA violation."""

import base64
import io

import pytest
from PIL import Image

from campaign.extensions import db
from campaign.office import photos
from campaign.office.models import NewsArticle
from tests.browser.axe import axe_violations
from tests.browser.conftest import log_in
from tests.browser.flow_support import PASSWORD, new_account

pytestmark = pytest.mark.browser

# Chromium records a short WebM (VP8) from a canvas: a real video, made without ffmpeg.
RECORD_WEBM = """async () => {
  const canvas = document.createElement('canvas');
  canvas.width = 160; canvas.height = 120;
  document.body.appendChild(canvas);
  const context = canvas.getContext('2d');
  const recorder = new MediaRecorder(canvas.captureStream(25), {mimeType: 'video/webm;codecs=vp8'});
  const chunks = [];
  recorder.ondataavailable = event => chunks.push(event.data);
  let frame = 0;
  const timer = setInterval(() => {
    context.fillStyle = frame++ % 2 ? '#0b5394' : '#ffcc00';
    context.fillRect(0, 0, 160, 120);
  }, 40);
  recorder.start();
  await new Promise(resolve => setTimeout(resolve, 1500));
  const stopped = new Promise(resolve => recorder.onstop = resolve);
  recorder.stop();
  await stopped;
  clearInterval(timer);
  const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}"""
CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:01.500\nDzień dobry, tu Ośrodek.\n"


def recorded_webm(browser) -> bytes:
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!doctype html><title>rec</title><body></body>")
    data = base64.b64decode(page.evaluate(RECORD_WEBM))
    context.close()
    assert data[:4] == b"\x1a\x45\xdf\xa3"
    return data


def test_sign_language_recording_plays_with_its_captions(browser, page, live_server, base_url):
    app, _ = live_server
    video = recorded_webm(browser)
    log_in(page, base_url, new_account(app, "coordinator"), PASSWORD)
    page.goto(f"{base_url}/biuro/jezyk-migowy")
    page.set_input_files(
        "input[name=video]", {"name": "pjm.webm", "mimeType": "video/webm", "buffer": video}
    )
    page.set_input_files(
        "input[name=captions]",
        {"name": "pjm.vtt", "mimeType": "text/vtt", "buffer": CAPTIONS.encode()},
    )
    page.fill("textarea[name=transcript]", "Dzień dobry, tu Ośrodek.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/jezyk-migowy")

    page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; v.play(); }")
    page.wait_for_function("document.querySelector('video').readyState >= 2", timeout=15_000)
    page.wait_for_function("document.querySelector('track').readyState === 2", timeout=15_000)
    cues = page.evaluate("Array.from(document.querySelector('video').textTracks[0].cues).length")
    assert cues == 1
    assert page.problems == []
    assert axe_violations(page) == []


def test_easy_read_page_has_no_wcag_21_aa_violation(page, base_url):
    page.goto(f"{base_url}/tekst-latwy-do-czytania")
    assert page.locator("h2").count() >= 5
    assert axe_violations(page) == []
    assert page.problems == []


def test_search_page_has_no_wcag_21_aa_violation(page, base_url):
    page.goto(f"{base_url}/")
    page.fill("#site-search-q", "pracownika")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "Dzień Pracownika Socjalnego" in page.locator("main").inner_text()
    assert axe_violations(page) == []


def test_article_with_photos_has_no_wcag_21_aa_violation(page, live_server, base_url):
    app, _ = live_server
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (11, 83, 148)).save(out, "JPEG")
    with app.app_context():
        article = db.session.scalar(
            db.select(NewsArticle).where(NewsArticle.slug == "dzien-pracownika-socjalnego")
        )
        photos.add_photo(
            article,
            io.BytesIO(out.getvalue()),
            alt="Pracownicy socjalni podczas uroczystości",
            shows_child=False,
            consent=False,
            actor_id=None,
        )
        slug = article.slug
    page.goto(f"{base_url}/aktualnosci/{slug}")
    image = page.locator(".article-photos img").first
    assert image.get_attribute("alt") == "Pracownicy socjalni podczas uroczystości"
    assert page.evaluate("document.querySelector('.article-photos img').naturalWidth") > 0
    assert axe_violations(page) == []
    assert page.problems == []


def test_site_header_with_search_fits_a_phone(phone, base_url):
    phone.goto(f"{base_url}/tekst-latwy-do-czytania")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
