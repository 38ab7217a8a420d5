"""Input shape of the parcel screens. Business rules live in services.py."""

import re

from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from campaign.donors.models import ClaimStatus, ParcelCondition
from campaign.i18n import _l
from campaign.letters.models import LetterStatus
from campaign.web.fields import BoundedIntegerField, strip

NOTE_MAX = 500
CONDITION_LABELS = {
    ParcelCondition.COMPLETE.value: _l("kompletna"),
    ParcelCondition.INCOMPLETE.value: _l("niekompletna"),
    ParcelCondition.DAMAGED.value: _l("uszkodzona"),
}

# Keyed by the stored value, for templates and the parcel list; the words are the enums'.
LETTER_STATUS_LABELS = {status.value: status.lazy_label for status in LetterStatus}
CLAIM_STATUS_LABELS = {status.value: status.lazy_label for status in ClaimStatus}


class YearBetween:
    """A date someone could mean here; a far-off year (0001, 9999) overflows the UTC conversion."""

    def __init__(self, first: int = 2000, last: int = 2100) -> None:
        self.first, self.last = first, last

    def __call__(self, form, field) -> None:
        if field.data is not None and not self.first <= field.data.year <= self.last:
            raise ValidationError(
                gettext(
                    "Podaj datę z lat %(first)s–%(last)s (RRRR-MM-DD).",
                    first=self.first,
                    last=self.last,
                )
            )


DATE_MESSAGE = _l("Podaj datę w formacie RRRR-MM-DD.")
CHOICE_MESSAGE = _l("Wybierz jedną z pozycji listy.")


class GetForm(FlaskForm):
    """A form read from the query string: no CSRF token, WTForms' own messages in Polish."""

    class Meta:
        csrf = False


class ScanForm(GetForm):
    """The always-focused code field: a scanner types the code or the slip's URL and Enter."""

    code = StringField(
        _l("Kod paczki"),
        validators=[
            DataRequired(message=_l("Wpisz lub zeskanuj kod paczki.")),
            Length(max=300, message=_l("Kod jest za długi.")),
        ],
    )


class DonorSearchForm(GetForm):
    email = StringField(
        _l("E-mail darczyńcy"),
        validators=[
            DataRequired(message=_l("Podaj adres e-mail darczyńcy.")),
            Email(message=_l("Nieprawidłowy adres e-mail.")),
            Length(max=254, message=_l("Adres e-mail jest za długi.")),
        ],
    )


class ReceiveForm(FlaskForm):
    code = HiddenField(validators=[DataRequired()])
    condition = RadioField(
        _l("Stan paczki"),
        choices=[SelectChoice(v, label) for v, label in CONDITION_LABELS.items()],
        default=ParcelCondition.COMPLETE.value,
        validators=[DataRequired(message=_l("Wybierz stan paczki."))],
    )
    note = TextAreaField(
        _l("Uwagi (nieobowiązkowe)"), validators=[Optional(), Length(max=NOTE_MAX)]
    )


class DeliverForm(FlaskForm):
    # Several ticked boxes, or the one row's own button: `one` wins when present.
    letters = SelectMultipleField(coerce=int, validate_choice=False)
    one = BoundedIntegerField(validators=[Optional()])

    def chosen_ids(self) -> list[int]:
        return [self.one.data] if self.one.data else list(self.letters.data or [])


class ReleaseForm(FlaskForm):
    reason = TextAreaField(
        _l("Powód zwolnienia (darczyńca go zobaczy)"),
        validators=[DataRequired(message=_l("Podaj powód.")), Length(max=500)],
    )


class ExtendForm(FlaskForm):
    deadline = DateField(
        _l("Nowy termin"),
        validators=[DataRequired(message=_l("Podaj datę w formacie RRRR-MM-DD."))],
    )


class CoverForm(FlaskForm):
    note = StringField(
        _l("Kto przygotuje paczkę"),
        validators=[DataRequired(message=_l("Napisz, kto przygotuje paczkę.")), Length(max=200)],
    )


class ActionForm(FlaskForm):
    """A button-only action: the form carries just the CSRF token."""


class AuditFilterForm(GetForm):
    code = StringField(
        _l("Kod listu"), validators=[Optional(), Length(max=40, message=_l("Kod jest za długi."))]
    )
    email = StringField(
        _l("Osoba (e-mail)"),
        validators=[Optional(), Length(max=254, message=_l("Adres e-mail jest za długi."))],
    )
    date_from = DateField(
        _l("Od dnia"),
        validators=[Optional(), YearBetween()],
        invalid_value_message=DATE_MESSAGE,
    )
    date_to = DateField(
        _l("Do dnia"),
        validators=[Optional(), YearBetween()],
        invalid_value_message=DATE_MESSAGE,
    )
    to_status = SelectField(
        _l("Zmiana statusu na"),
        choices=[
            SelectChoice("", _l("dowolny")),
            *(SelectChoice(v, label) for v, label in LETTER_STATUS_LABELS.items()),
        ],
        validators=[Optional()],
        invalid_choice_message=CHOICE_MESSAGE,
    )
    # Stripped: a blank " " means "any centre" (Optional() lets whitespace through unchanged).
    center = SelectField(
        _l("Punkt przyjęcia"),
        coerce=str,
        filters=[strip],
        validators=[Optional()],
        invalid_choice_message=_l("Wybierz punkt przyjęcia z listy."),
    )

    def center_number(self) -> int | None:
        """The chosen centre's number; None for "any" or anything that is not a number."""
        raw = (self.center.data or "").strip()
        return int(raw) if re.fullmatch(r"[0-9]{1,6}", raw) else None


class QueuedIntakeForm(ReceiveForm):
    """An intake sent by the intake page's script (its offline queue), as JSON.

    The CSRF token comes in the X-CSRFToken header, checked by CSRFProtect before the view runs.
    """

    class Meta:
        csrf = False

    # The claim shown on the card when the parcel was scanned online; absent for an offline scan.
    claim = BoundedIntegerField(_l("Rezerwacja"), validators=[Optional()])
