"""Template globals and filters shared by every page."""

from datetime import date, datetime

from flask import Flask, current_app, request
from flask_babel import format_date, format_datetime, get_locale

from campaign.core.clock import to_local

WEEKDAYS = {
    "pl": ["poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}


def local_datetime(value: datetime | None, fmt: str = "d MMMM y, HH:mm") -> str:
    """A stored naive-UTC timestamp shown in Gdańsk time, in the visitor's language."""
    if value is None:
        return ""
    return format_datetime(to_local(value), fmt, rebase=False)


def local_date(value: date | datetime | None, fmt: str = "d MMMM y") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value)
    return format_date(value, fmt)


def weekday_name(index: int) -> str:
    return WEEKDAYS.get(str(get_locale()), WEEKDAYS["pl"])[index]


def register(app: Flask) -> None:
    app.jinja_env.filters["datetime"] = local_datetime
    app.jinja_env.filters["date"] = local_date
    app.jinja_env.filters["weekday"] = weekday_name
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def _globals():
        return {
            "current_locale": str(get_locale()),
            "languages": current_app.config["LANGUAGES"],
            "bip_url": current_app.config["BIP_URL"],
            "current_path": request.full_path.rstrip("?") if request else "/",
        }
