"""Input shape of the letters domain: letters, reasons, import, walk-in donors, campaigns, centres.

Business rules (the privacy guard, who may do what, dates that must follow each other) live in the
services; these forms only say what a well-formed answer looks like.
"""

import re
from datetime import UTC, datetime

from email_validator import EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, Regexp

from campaign.core.clock import LOCAL_TZ, to_local
from campaign.i18n import _l
from campaign.letters.models import Gender
from campaign.web.fields import BoundedIntegerField, at_most, strip

AGE_MIN, AGE_MAX = 0, 18
WISH_MAX, NEEDS_MAX, REASON_MAX = 1000, 500, 500
SIBLING_GROUP_MAX, CASE_REFERENCE_MAX = 40, 80
SIBLING_GROUP_PATTERN = r"^[\w\- ]*$"
CENTER_NUMBER_MIN, CENTER_NUMBER_MAX = 1, 999
GENDER_CHOICES = [SelectChoice(gender.value, gender.lazy_label) for gender in Gender]
WEEKDAY_CHOICES = [
    SelectChoice("", "—"),
    SelectChoice("0", _l("poniedziałek")),
    SelectChoice("1", _l("wtorek")),
    SelectChoice("2", _l("środa")),
    SelectChoice("3", _l("czwartek")),
    SelectChoice("4", _l("piątek")),
    SelectChoice("5", _l("sobota")),
    SelectChoice("6", _l("niedziela")),
]
REQUIRED = _l("To pole jest wymagane.")
AGE_MESSAGE = _l("Wiek musi być liczbą od 0 do 18.")
TIME_MESSAGE = _l("Podaj godzinę w formacie GG:MM.")
GENDER_MESSAGE = _l("Wybierz płeć: f (dziewczynka) albo m (chłopiec).")
SIBLING_GROUP_MESSAGE = _l("Tylko litery, cyfry, spacje i myślniki.")
CENTER_NUMBER_MESSAGE = _l("Od 1 do 999.")
REASON_REQUIRED = _l("Podaj powód.")


class LetterFields(FlaskForm):
    """What a letter says; shared by the web form, the CSV import (one form per row) and the API."""

    age = BoundedIntegerField(
        _l("Wiek dziecka"),
        invalid_value_message=AGE_MESSAGE,
        validators=[
            InputRequired(REQUIRED),
            NumberRange(AGE_MIN, AGE_MAX, AGE_MESSAGE),
        ],
        render_kw={"min": AGE_MIN, "max": AGE_MAX, "inputmode": "numeric", "autofocus": True},
    )
    gender = RadioField(
        _l("Płeć"),
        choices=GENDER_CHOICES,
        validators=[InputRequired(GENDER_MESSAGE)],
        invalid_choice_message=GENDER_MESSAGE,
    )
    wish = TextAreaField(
        _l("Marzenie (słowami dziecka)"),
        filters=[strip],
        validators=[InputRequired(REQUIRED), at_most(WISH_MAX)],
        render_kw={"rows": 4},
    )
    needs = TextAreaField(
        _l("Potrzeby (rozmiary, np. kurtka 134, buty 32)"),
        filters=[strip],
        validators=[Optional(), at_most(NEEDS_MAX)],
        render_kw={"rows": 2},
    )
    sibling_group = StringField(
        _l("Grupa rodzeństwa"),
        filters=[strip],
        validators=[
            Optional(),
            at_most(SIBLING_GROUP_MAX),
            Regexp(SIBLING_GROUP_PATTERN, message=SIBLING_GROUP_MESSAGE),
        ],
    )
    case_reference = StringField(
        _l("Sygnatura sprawy (tylko dla pracowników)"),
        filters=[strip],
        validators=[Optional(), at_most(CASE_REFERENCE_MAX)],
    )

    def values(self) -> dict:
        return {
            "age": self.age.data,
            "gender": self.gender.data,
            "wish": self.wish.data or "",
            "needs": self.needs.data or "",
            "sibling_group": self.sibling_group.data or "",
            "case_reference": self.case_reference.data or "",
        }


class LetterForm(LetterFields):
    """The staff form; a social worker's form has no `center` (their letters are their centre's)."""

    center = SelectField(_l("Centrum"), coerce=int, validators=[InputRequired(REQUIRED)])
    confirm_names = BooleanField(
        _l("Sprawdziłam/sprawdziłem: to nie są imiona ani nazwiska dziecka lub rodziny")
    )
    submission_key = HiddenField()
    save_next = SubmitField(_l("Zapisz i dodaj kolejny"))
    save = SubmitField(_l("Zapisz"))


class ReasonForm(FlaskForm):
    reason = TextAreaField(
        _l("Powód"),
        filters=[strip],
        validators=[
            InputRequired(REASON_REQUIRED),
            at_most(REASON_MAX),
        ],
        render_kw={"rows": 2},
    )


class ImportForm(FlaskForm):
    file = FileField(
        _l("Plik CSV"),
        validators=[FileRequired(_l("Wybierz plik CSV."))],
        render_kw={"accept": ".csv,text/csv"},
    )
    center = SelectField(_l("Centrum"), coerce=int, validators=[Optional()])
    confirm_names = BooleanField(
        _l("Sprawdziłam/sprawdziłem: słowa wskazane jako możliwe imiona to nie dane dzieci")
    )


def _email_or_phone(form, field):
    value = (field.data or "").strip()
    if "@" in value:
        try:
            validate_email(value, check_deliverability=False)
        except EmailNotValidError as exc:
            raise ValidationError(_l("Nieprawidłowy adres e-mail.")) from exc
        return
    if len(re.sub(r"\D", "", value)) < 9:
        raise ValidationError(_l("Podaj numer telefonu (9 cyfr) albo adres e-mail."))


class WalkinForm(FlaskForm):
    walkin_name = StringField(
        _l("Imię (lub nazwa organizacji) darczyńcy"),
        filters=[strip],
        validators=[InputRequired(REQUIRED), Length(max=120)],
    )
    walkin_contact = StringField(
        _l("Telefon lub e-mail"),
        filters=[strip],
        validators=[InputRequired(REQUIRED), Length(max=254), _email_or_phone],
    )


class CampaignForm(FlaskForm):
    name = StringField(
        _l("Nazwa"), filters=[strip], validators=[InputRequired(REQUIRED), Length(max=120)]
    )
    year = BoundedIntegerField(
        _l("Rok"),
        validators=[InputRequired(REQUIRED), NumberRange(2000, 2100, _l("Rok od 2000 do 2100."))],
    )
    code_prefix = StringField(
        _l("Prefiks kodów listów"),
        filters=[lambda v: v.strip().upper() if isinstance(v, str) else v],
        validators=[
            InputRequired(REQUIRED),
            Regexp(
                r"^[A-Z0-9]{2,8}$",
                message=_l("Od 2 do 8 wielkich liter lub cyfr, np. KMP26."),
            ),
        ],
    )
    claims_open_at = DateTimeLocalField(
        _l("Wybieranie listów od"),
        format="%Y-%m-%dT%H:%M",
        validators=[InputRequired(_l("Podaj datę i godzinę."))],
    )
    claims_close_at = DateTimeLocalField(
        _l("Wybieranie listów do"),
        format="%Y-%m-%dT%H:%M",
        validators=[InputRequired(_l("Podaj datę i godzinę."))],
    )
    parcel_deadline = DateField(
        _l("Termin przyniesienia paczek"), validators=[InputRequired(_l("Podaj datę."))]
    )
    delivery_date = DateField(
        _l("Dzień przekazania paczek rodzinom"), validators=[InputRequired(_l("Podaj datę."))]
    )
    default_letter_limit = BoundedIntegerField(
        _l("Limit listów na darczyńcę"),
        validators=[InputRequired(REQUIRED), NumberRange(1, 500, _l("Od 1 do 500."))],
    )
    reminder_days_before = BoundedIntegerField(
        _l("Przypomnienie na ile dni przed terminem"),
        validators=[InputRequired(REQUIRED), NumberRange(0, 60, _l("Od 0 do 60."))],
    )
    review_required = BooleanField(_l("Listy wymagają sprawdzenia przed publikacją"))
    intake_anywhere = BooleanField(_l("Paczki można oddać w dowolnym punkcie zbiórki"))
    slip_instructions = TextAreaField(
        _l("Instrukcja na kuponie dla darczyńcy"),
        filters=[strip],
        validators=[Optional(), Length(max=2000)],
    )
    contact_phone = StringField(
        _l("Telefon kontaktowy akcji"), filters=[strip], validators=[Optional(), Length(max=40)]
    )

    def values(self) -> dict:
        """The answers, with the date-times (typed in Gdańsk time) as stored: naive UTC."""
        values = {name: field.data for name, field in self._fields.items() if name != "csrf_token"}
        for name in ("claims_open_at", "claims_close_at"):
            values[name] = local_to_utc(values[name])
        return values


def local_to_utc(value: datetime) -> datetime:
    """A date-time typed in Gdańsk time, as the naive UTC the database stores."""
    return value.replace(tzinfo=LOCAL_TZ).astimezone(UTC).replace(tzinfo=None)


def utc_to_local(value: datetime) -> datetime:
    """A stored naive-UTC date-time as the Gdańsk time a datetime-local input shows."""
    return to_local(value).replace(tzinfo=None)


class HoursForm(FlaskForm):
    """One row of opening hours inside CenterForm (the outer form carries the CSRF token)."""

    class Meta:
        csrf = False

    weekday = SelectField(
        _l("Dzień"),
        choices=WEEKDAY_CHOICES,
        validators=[Optional()],
        invalid_choice_message=_l("Wybierz dzień tygodnia z listy."),
    )
    opens_at = TimeField(_l("Od"), validators=[Optional()], invalid_value_message=TIME_MESSAGE)
    closes_at = TimeField(_l("Do"), validators=[Optional()], invalid_value_message=TIME_MESSAGE)

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        filled = [self.weekday.data, self.opens_at.data, self.closes_at.data]
        if not any(filled):
            return True  # an empty row: no slot
        if not all(filled):
            self.weekday.errors = [_l("Podaj dzień i obie godziny albo zostaw wiersz pusty.")]
            return False
        if self.closes_at.data <= self.opens_at.data:
            self.closes_at.errors = [_l("Godzina zamknięcia musi być po godzinie otwarcia.")]
            return False
        return True


class CenterForm(FlaskForm):
    number = BoundedIntegerField(
        _l("Numer"),
        validators=[
            InputRequired(REQUIRED),
            NumberRange(CENTER_NUMBER_MIN, CENTER_NUMBER_MAX, CENTER_NUMBER_MESSAGE),
        ],
    )
    name = StringField(
        _l("Nazwa"), filters=[strip], validators=[InputRequired(REQUIRED), Length(max=120)]
    )
    address = StringField(
        _l("Adres"), filters=[strip], validators=[InputRequired(REQUIRED), Length(max=200)]
    )
    phone = StringField(_l("Telefon"), filters=[strip], validators=[Optional(), Length(max=40)])
    email = StringField(
        _l("E-mail"),
        filters=[strip],
        validators=[Optional(), Email(_l("Nieprawidłowy adres e-mail.")), Length(max=254)],
    )
    hours = FieldList(FormField(HoursForm), min_entries=1)

    def slots(self) -> list[tuple[int, object, object]]:
        return [
            (int(row.weekday.data), row.opens_at.data, row.closes_at.data)
            for row in self.hours
            if row.weekday.data
        ]
