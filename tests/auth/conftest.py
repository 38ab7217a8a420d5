"""Fixtures for the auth tests: the signed-link clock and the rate limiter."""

import pytest
from itsdangerous.timed import TimestampSigner

from campaign.extensions import limiter


@pytest.fixture
def clock_ahead(monkeypatch):
    """`clock_ahead(seconds)`: signed links are read as if that much time had passed."""

    def move(seconds: int) -> None:
        now = TimestampSigner.get_timestamp

        monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: now(self) + seconds)

    return move


@pytest.fixture
def throttled_app(app, make_app, limit_storage):
    """An app whose login allows 3 attempts a minute (built after `app`, whose limiter is off)."""
    throttled = make_app(
        RATELIMIT_ENABLED=True,
        LOGIN_RATE_LIMIT="3 per minute",
        RATELIMIT_STORAGE_URI=limit_storage,
    )
    limiter.reset()
    yield throttled
    limiter.reset()
