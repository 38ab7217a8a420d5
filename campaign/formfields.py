"""Form fields shared by every domain's forms."""

from wtforms import IntegerField

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
