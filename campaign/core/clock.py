"""One clock for the whole app, so tests can freeze it (see tests/conftest.py `frozen_now`)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Europe/Warsaw")


def utcnow() -> datetime:
    """Naive UTC now: stored as naive UTC in both SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    """Today's date in Gdańsk, which is what deadlines printed on slips mean."""
    return utcnow().replace(tzinfo=UTC).astimezone(LOCAL_TZ).date()


def to_local(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC).astimezone(LOCAL_TZ)
