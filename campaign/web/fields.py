"""Pieces of form fields every domain's forms use, so a rule and its message are written once."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length


def strip(value):
    """A filter: what was typed, without the spaces around it."""
    return value.strip() if isinstance(value, str) else value


def at_most(limit: int) -> Length:
    return Length(max=limit, message=_l("Najwyżej %(max)d znaków."))


def required_text(label, missing_message, limit: int, *, area: bool = False):
    """A text that must be given (spaces alone do not count) and fit in `limit` characters."""
    field = TextAreaField if area else StringField
    return field(
        label, filters=[strip], validators=[DataRequired(message=missing_message), at_most(limit)]
    )
