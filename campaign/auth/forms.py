"""Forms of the auth domain: input shape only; the rules live in services.py."""

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from campaign.auth.models import Role
from campaign.auth.passwords import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, TOO_COMMON, is_common
from campaign.i18n import _l

LANGUAGE_CHOICES = [SelectChoice("pl", "polski"), SelectChoice("en", "English")]
ROLE_LABELS = {
    Role.DONOR: _l("Darczyńca"),
    Role.SOCIAL_WORKER: _l("Pracownik socjalny"),
    Role.COORDINATOR: _l("Koordynator"),
    Role.ADMIN: _l("Administrator"),
}


def _role_choices(*, staff_only: bool = False) -> list[SelectChoice]:
    return [
        SelectChoice(role.value, label)
        for role, label in ROLE_LABELS.items()
        if role.is_staff or not staff_only
    ]


def _email_field(label=None):
    return EmailField(
        label or _l("E-mail"),
        validators=[
            DataRequired(message=_l("Podaj adres e-mail.")),
            Length(max=254),
            Email(message=_l("Nieprawidłowy adres e-mail."), check_deliverability=False),
        ],
        render_kw={"autocomplete": "email"},
    )


def _not_common(_form, field) -> None:
    if field.data and is_common(field.data):
        raise ValidationError(_(TOO_COMMON))


def _new_password_fields(label=None):
    password = PasswordField(
        label or _l("Hasło"),
        validators=[
            DataRequired(message=_l("Podaj hasło.")),
            Length(
                min=PASSWORD_MIN_LENGTH,
                max=PASSWORD_MAX_LENGTH,
                message=_l("Hasło musi mieć od %(min)d do %(max)d znaków."),
            ),
            _not_common,
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Powtórz hasło"),
        validators=[
            DataRequired(message=_l("Powtórz hasło.")),
            EqualTo("password", message=_l("Hasła nie są takie same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


class LoginForm(FlaskForm):
    email = StringField(
        _l("E-mail"),
        validators=[DataRequired(message=_l("Podaj adres e-mail.")), Length(max=254)],
        render_kw={"autocomplete": "username", "inputmode": "email"},
    )
    password = PasswordField(
        _l("Hasło"),
        validators=[DataRequired(message=_l("Podaj hasło.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Zapamiętaj mnie na tym urządzeniu"))


class RegisterForm(FlaskForm):
    email = _email_field()
    password, password_confirm = _new_password_fields()
    display_name = StringField(
        _l("Imię lub nazwa organizacji"),
        validators=[DataRequired(message=_l("Podaj imię lub nazwę organizacji.")), Length(max=120)],
        render_kw={"autocomplete": "given-name"},
    )
    is_organisation = BooleanField(_l("Rejestruję organizację (firmę, szkołę, stowarzyszenie)"))
    locale = SelectField(_l("Język wiadomości"), choices=LANGUAGE_CHOICES, default="pl")
    consent = BooleanField(
        _l("Zapoznałem(-am) się z klauzulą informacyjną o przetwarzaniu danych osobowych"),
        validators=[DataRequired(message=_l("Potwierdź, że znasz klauzulę informacyjną."))],
    )


class EmailForm(FlaskForm):
    """One address: resend the verification link, or ask for a password link."""

    email = _email_field()


class NewPasswordForm(FlaskForm):
    password, password_confirm = _new_password_fields(_l("Nowe hasło"))


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Obecne hasło"),
        validators=[DataRequired(message=_l("Podaj obecne hasło.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    password, password_confirm = _new_password_fields(_l("Nowe hasło"))


class ProfileForm(FlaskForm):
    display_name = StringField(
        _l("Imię lub nazwa organizacji"),
        validators=[DataRequired(message=_l("Podaj imię lub nazwę organizacji.")), Length(max=120)],
    )
    phone = StringField(
        _l("Telefon (nieobowiązkowo)"),
        validators=[Optional(), Length(max=40)],
        render_kw={"autocomplete": "tel", "type": "tel"},
    )
    locale = SelectField(_l("Język strony i wiadomości"), choices=LANGUAGE_CHOICES)
    notifications_opt_out = BooleanField(
        _l("Nie wysyłajcie mi e-maili poza potwierdzeniami rezerwacji listów")
    )


class UserFilterForm(FlaskForm):
    """The admin list's filters: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    role = SelectField(
        _l("Rola"),
        choices=[SelectChoice("", _l("Wszystkie")), *_role_choices()],
        default="",
        validators=[Optional()],
    )
    q = StringField(_l("Szukaj po e-mailu"), validators=[Optional(), Length(max=254)])


def center_choices(centers) -> list[SelectChoice]:
    return [SelectChoice("", _l("— bez centrum —"))] + [
        SelectChoice(str(c.number), f"{c.label} – {c.name}") for c in centers
    ]


class RoleForm(FlaskForm):
    role = SelectField(_l("Rola"), choices=_role_choices())
    center = SelectField(_l("Centrum (wymagane dla pracownika socjalnego)"), choices=[])


class StaffAccountForm(FlaskForm):
    email = _email_field()
    display_name = StringField(
        _l("Imię i nazwisko"),
        validators=[DataRequired(message=_l("Podaj imię i nazwisko.")), Length(max=120)],
    )
    role = SelectField(_l("Rola"), choices=_role_choices(staff_only=True))
    center = SelectField(_l("Centrum (wymagane dla pracownika socjalnego)"), choices=[])
