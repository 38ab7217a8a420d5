"""Browser tests: Debian's Chromium, headless, driven by Playwright, against a live server.

The server is the real app on a SQLite file seeded with the demo data, served by werkzeug in a
thread on a free loopback port. These tests exercise the UI (keyboard, focus, CSP, phone
layout); database behaviour is covered on both databases by the other tests, so the browser runs
on SQLite only. Without a Chromium binary (CHROMIUM_PATH, default /usr/bin/chromium) they are
skipped locally; CI installs it, and sets KMP_REQUIRE_BROWSER=1 so a missing browser fails there.
"""

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from campaign import create_app
from campaign.config import TestConfig
from campaign.extensions import db

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app with demo data, served on 127.0.0.1:<free port> for the whole session."""
    directory = tmp_path_factory.mktemp("live")
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    config.update(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{directory / 'live.sqlite'}",
        WTF_CSRF_ENABLED=True,  # the browser goes through real forms
        MAIL_OUTBOX_DIR=str(directory / "outbox"),
        UPLOAD_FOLDER=str(directory / "uploads"),
    )
    app = create_app(config)
    with app.app_context():
        db.create_all()
        result = app.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, app.config["PUBLIC_BASE_URL"]
    server.shutdown()


@pytest.fixture(scope="session")
def playwright():
    """One Playwright for the session: a second sync instance cannot start beside the first."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("KMP_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (own cookies) with a page that records CSP and script errors."""
    context = browser.new_context(locale="pl-PL")
    page = context.new_page()
    page.problems = []
    page.on(
        "console",
        lambda msg: page.problems.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    context.close()


@pytest.fixture
def phone(browser, live_server):
    """A page in a phone-sized context (touch, narrow viewport)."""
    context = browser.new_context(
        locale="pl-PL", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.problems = []
    page.on(
        "console",
        lambda msg: page.problems.append(msg.text) if msg.type == "error" else None,
    )
    yield page
    context.close()


@pytest.fixture
def base_url(live_server) -> str:
    return live_server[1]


def log_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/logowanie")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    # Wait for the answer's page: right after the click the login page may still be the one shown.
    with page.expect_navigation():
        page.locator("main form button[type=submit], main form input[type=submit]").first.click()
