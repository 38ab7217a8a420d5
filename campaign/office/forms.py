"""Forms of the content editors: the shape of input, with Polish messages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from campaign.formfields import BoundedIntegerField
from campaign.office.models import ContactKind
from campaign.timeutil import LOCAL_TZ

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def at_most(limit: int):
    return Length(max=limit, message=_l("Najwyżej %(max)d znaków."))


def local_datetime_field(label, required_message=None):
    """A date and time typed in Gdańsk time; `.data` is timezone-aware (Europe/Warsaw)."""
    presence = InputRequired(message=required_message) if required_message else Optional()
    return DateTimeLocalField(
        label,
        validators=[presence],
        format=DATETIME_FORMATS,
        tz=LOCAL_TZ,
        invalid_value_message=_l("Podaj datę i godzinę, np. 2026-12-01 09:00."),
    )


class NewsForm(FlaskForm):
    title = StringField(
        _l("Tytuł"),
        filters=[_strip],
        validators=[DataRequired(message=_l("Podaj tytuł.")), at_most(200)],
    )
    lead = TextAreaField(
        _l("Zajawka"),
        filters=[_strip],
        validators=[DataRequired(message=_l("Podaj zajawkę: jedno, dwa zdania.")), at_most(600)],
    )
    body = TextAreaField(
        _l("Treść (Markdown)"),
        filters=[_strip],
        validators=[DataRequired(message=_l("Podaj treść artykułu.")), at_most(50_000)],
    )
    publish_now = BooleanField(_l("Opublikuj teraz"))
    published_at = local_datetime_field(_l("Data publikacji"))
    archive_at = local_datetime_field(_l("Przenieś do archiwum"))

    def validate_archive_at(self, field):
        published = self.published_at.data
        if field.data and published and field.data <= published and not self.publish_now.data:
            raise ValidationError(_l("Data archiwizacji musi być późniejsza niż data publikacji."))


class AnnouncementForm(FlaskForm):
    title = StringField(
        _l("Tytuł"),
        filters=[_strip],
        validators=[DataRequired(message=_l("Podaj tytuł.")), at_most(200)],
    )
    body = TextAreaField(
        _l("Treść"),
        filters=[_strip],
        validators=[DataRequired(message=_l("Podaj treść ogłoszenia.")), at_most(5_000)],
    )
    starts_at = local_datetime_field(_l("Pokazuj od"), _l("Podaj, od kiedy pokazywać ogłoszenie."))
    ends_at = local_datetime_field(_l("Pokazuj do"))

    def validate_ends_at(self, field):
        if field.data and self.starts_at.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("Koniec musi być późniejszy niż początek."))


CONTACT_KINDS = [
    SelectChoice(ContactKind.LEADERSHIP.value, _l("Kierownictwo")),
    SelectChoice(ContactKind.RECEPTION.value, _l("Przyjęcia interesantów")),
    SelectChoice(ContactKind.OTHER.value, _l("Inne")),
]


class ContactForm(FlaskForm):
    kind = SelectField(
        _l("Rodzaj"),
        choices=CONTACT_KINDS,
        default=ContactKind.LEADERSHIP.value,
        invalid_choice_message=_l("Wybierz rodzaj z listy."),
    )
    name = StringField(
        _l("Nazwa lub imię i nazwisko"),
        filters=[_strip],
        validators=[DataRequired(message=_l("Podaj nazwę lub imię i nazwisko.")), at_most(120)],
    )
    role = StringField(_l("Funkcja"), filters=[_strip], validators=[at_most(200)])
    phone = StringField(_l("Telefon"), filters=[_strip], validators=[at_most(40)])
    email = StringField(
        _l("E-mail"),
        filters=[_strip],
        validators=[
            Optional(),
            at_most(254),
            Email(message=_l("Podaj poprawny adres e-mail."), check_deliverability=False),
        ],
    )
    hours = StringField(_l("Godziny"), filters=[_strip], validators=[at_most(200)])
    note = TextAreaField(_l("Uwagi"), filters=[_strip], validators=[at_most(2_000)])
    position = BoundedIntegerField(
        _l("Kolejność"),
        default=0,
        invalid_value_message=_l("Podaj liczbę od 0 do 999."),
        validators=[
            InputRequired(message=_l("Podaj liczbę.")),
            NumberRange(min=0, max=999, message=_l("Podaj liczbę od 0 do 999.")),
        ],
    )


class DeleteForm(FlaskForm):
    """Only the CSRF token: deleting is a POST with a confirmation."""
