"""Reading what the auth pages and mails give back: links in mails, CSRF tokens in pages."""

import re
from urllib.parse import urlsplit

LINK = re.compile(r"https?://\S+")


def mail_text(message) -> str:
    return message.get_body(("plain",)).get_content()


def mail_links(message) -> list[str]:
    """Paths of the absolute links in a mail's plain-text body."""
    return [urlsplit(url).path for url in LINK.findall(mail_text(message))]


def csrf_token_in(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def log_in(client, user, password: str | None = None) -> None:
    """Log in through the real form (the session-protection identifier then matches)."""
    from tests.conftest import TEST_PASSWORD

    response = client.post(
        "/logowanie", data={"email": user.email, "password": password or TEST_PASSWORD}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
