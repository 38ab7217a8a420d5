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
    NumberRange,
    Optional,
    ValidationError,
)

from campaign.core.clock import LOCAL_TZ
from campaign.office.models import ContactKind
from campaign.web.fields import BoundedIntegerField, at_most, required_text, strip

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]


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
    title = required_text(_l("Tytuł"), _l("Podaj tytuł."), 200)
    lead = required_text(_l("Zajawka"), _l("Podaj zajawkę: jedno, dwa zdania."), 600, area=True)
    body = required_text(_l("Treść (Markdown)"), _l("Podaj treść artykułu."), 50_000, area=True)
    publish_now = BooleanField(_l("Opublikuj teraz"))
    published_at = local_datetime_field(_l("Data publikacji"))
    archive_at = local_datetime_field(_l("Przenieś do archiwum"))

    def validate_archive_at(self, field):
        published = self.published_at.data
        if field.data and published and field.data <= published and not self.publish_now.data:
            raise ValidationError(_l("Data archiwizacji musi być późniejsza niż data publikacji."))


class AnnouncementForm(FlaskForm):
    title = required_text(_l("Tytuł"), _l("Podaj tytuł."), 200)
    body = required_text(_l("Treść"), _l("Podaj treść ogłoszenia."), 5_000, area=True)
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
        filters=[strip],
        validators=[DataRequired(message=_l("Podaj nazwę lub imię i nazwisko.")), at_most(120)],
    )
    role = StringField(_l("Funkcja"), filters=[strip], validators=[at_most(200)])
    phone = StringField(_l("Telefon"), filters=[strip], validators=[at_most(40)])
    email = StringField(
        _l("E-mail"),
        filters=[strip],
        validators=[
            Optional(),
            at_most(254),
            Email(message=_l("Podaj poprawny adres e-mail."), check_deliverability=False),
        ],
    )
    hours = StringField(_l("Godziny"), filters=[strip], validators=[at_most(200)])
    note = TextAreaField(_l("Uwagi"), filters=[strip], validators=[at_most(2_000)])
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
