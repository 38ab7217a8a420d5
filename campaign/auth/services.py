"""Account services: creating users (CLI, admin, registration) lives in one place."""

import secrets

from email_validator import EmailNotValidError, validate_email

from campaign.auth.models import Role, User
from campaign.errors import ValidationFailed
from campaign.extensions import db
from campaign.i18n import N_
from campaign.letters.models import Center
from campaign.timeutil import utcnow


def normalise_email(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValidationFailed(
            N_("Nieprawidłowy adres e-mail."), fields={"email": str(exc)}
        ) from exc


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def create_user(
    email: str,
    role: Role | str,
    *,
    password: str | None = None,
    center_number: int | None = None,
    display_name: str = "",
    verified: bool = True,
) -> tuple[User, str]:
    """Create an active account; returns the user and the password it was given.

    A social worker must belong to a centre. The caller commits.
    """
    role = Role(role)
    email = normalise_email(email)
    if db.session.scalar(db.select(User.id).where(User.email == email)) is not None:
        raise ValidationFailed(N_("Konto z tym adresem e-mail już istnieje."), fields={"email": ""})
    center = None
    if center_number is not None:
        center = db.session.scalar(db.select(Center).where(Center.number == center_number))
        if center is None:
            raise ValidationFailed(N_("Nie ma centrum o numerze %(n)s."), n=center_number)
    if role is Role.SOCIAL_WORKER and center is None:
        raise ValidationFailed(N_("Pracownik socjalny musi należeć do centrum (--center N)."))
    password = password or generate_password()
    user = User(
        email=email,
        role=role.value,
        center=center,
        display_name=display_name or email.split("@")[0],
        email_verified_at=utcnow() if verified else None,
    )
    user.set_password(password)
    db.session.add(user)
    return user, password


def anonymise_user(user: User) -> None:
    """Remove a donor's personal data but keep the row, so their claims stay in the record.

    Used when a donor deletes their account and by the retention purge. The caller commits.
    """
    user.email = None
    user.display_name = ""
    user.phone = None
    user.password_hash = ""
    user.active = False
    user.notifications_opt_out = True
    user.anonymised_at = utcnow()
