"""Forms of the donors domain: input shape only; the rules live in services."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from campaign.i18n import _l

MAX_LETTER_LIMIT = 500


class ClaimForm(FlaskForm):
    """The claim button; `scope` is "siblings" when the donor takes the whole sibling group."""

    scope = HiddenField(default="one")

    @property
    def with_siblings(self) -> bool:
        return self.scope.data == "siblings"


class CancelClaimForm(FlaskForm):
    """Only the CSRF token: the claim is in the URL."""


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        _l("Hasło (dla potwierdzenia)"),
        validators=[DataRequired(message=_l("Podaj hasło, aby potwierdzić usunięcie konta."))],
    )


class DonorSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search

    email = StringField(
        _l("Adres e-mail darczyńcy"),
        validators=[Optional(), Length(max=254, message=_l("Adres e-mail jest za długi."))],
    )


class LetterLimitForm(FlaskForm):
    letter_limit = IntegerField(
        _l("Limit listów"),
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=MAX_LETTER_LIMIT,
                message=_l("Podaj liczbę od %(min)s do %(max)s albo zostaw puste (domyślny)."),
            ),
        ],
    )
