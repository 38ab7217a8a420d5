"""Pieces of form fields every domain's forms use, so a rule and its message are written once."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, StringField, TextAreaField
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


# Far beyond any count, year or age we ask for, far below what a float holds (≈1.8e308).
LARGEST_INTEGER = 10**18
# WTForms' own message, translated by WTForms' catalogue (not ours) when a field has none.
WTFORMS_INVALID_INTEGER = "Not a valid integer value."


class BoundedIntegerField(IntegerField):
    """An IntegerField that treats a number of hundreds of digits as a typo.

    WTForms' NumberRange compares through math.isnan(), which raises OverflowError for an int
    beyond a float's range; that would end as a 400 page instead of the field's own message.
    """

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and abs(self.data) > LARGEST_INTEGER:
            self.data = None
            raise ValueError(self.invalid_value_message or self.gettext(WTFORMS_INVALID_INTEGER))
