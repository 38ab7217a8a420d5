"""Forms of the pages, the sign-language recording and news photos: the shape of the input.

Whether a file really is a video, captions or a picture is decided by its content in the
services (campaign.office.media, campaign.office.images), never by its name here.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _at_most(limit: int):
    return Length(max=limit, message=_l("Najwyżej %(max)d znaków."))


class PageForm(FlaskForm):
    title = StringField(
        _l("Tytuł"),
        filters=[_strip],
        validators=[DataRequired(message=_l("Podaj tytuł.")), _at_most(200)],
    )
    body = TextAreaField(
        _l("Treść (Markdown)"),
        filters=[_strip],
        validators=[DataRequired(message=_l("Podaj treść strony.")), _at_most(50_000)],
    )
    title_en = StringField(_l("Tytuł po angielsku"), filters=[_strip], validators=[_at_most(200)])
    body_en = TextAreaField(
        _l("Treść po angielsku (Markdown)"), filters=[_strip], validators=[_at_most(50_000)]
    )

    def validate_body_en(self, field):
        if bool(field.data) != bool(self.title_en.data):
            raise ValidationError(_l("Wersja angielska potrzebuje i tytułu, i treści."))


class SignVideoForm(FlaskForm):
    video = FileField(_l("Nagranie (MP4 lub WebM)"))
    captions = FileField(_l("Napisy (plik WebVTT, .vtt)"))
    transcript = TextAreaField(
        _l("Transkrypcja: to, co mówi nagranie, zwykłym tekstem"),
        filters=[_strip],
        validators=[DataRequired(message=_l("Podaj transkrypcję nagrania.")), _at_most(50_000)],
    )


class PhotoForm(FlaskForm):
    photo = FileField(
        _l("Zdjęcie (JPEG, PNG lub WebP)"),
        validators=[FileRequired(message=_l("Wybierz plik zdjęcia."))],
    )
    alt = StringField(
        _l("Opis zdjęcia dla osób niewidomych (tekst alternatywny)"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Opisz, co widać na zdjęciu.")),
            _at_most(300),
        ],
    )
    shows_child = BooleanField(_l("Na zdjęciu widać dziecko"))
    consent = BooleanField(
        _l("Mamy pisemną zgodę rodzica lub opiekuna na publikację wizerunku dziecka")
    )

    def validate_consent(self, field):
        if self.shows_child.data and not field.data:
            raise ValidationError(
                _l("Zdjęcie dziecka można dodać tylko ze zgodą rodzica lub opiekuna.")
            )
