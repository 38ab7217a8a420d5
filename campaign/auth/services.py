"""Account services: every change to an account (and the mail it sends) lives here.

Each action is a transaction: it checks the rule, changes the rows, records an Event for what the
audit trail needs (roles, access, passwords), commits, and only then sends mail. A rule that says
no raises a DomainError. `create_user` and `anonymise_user` are building blocks: their callers
commit.
"""

import secrets

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from campaign.auth import passwords
from campaign.auth.limits import KnownDevice, LoginThrottle, canonical_address, folded
from campaign.auth.mails import (
    send_already_registered_mail,
    send_password_reset_mail,
    send_verification_mail,
    send_welcome_mail,
    stand_in_user,
)
from campaign.auth.models import Role, User
from campaign.auth.queries import active_admin_count, user_by_email
from campaign.auth.tokens import user_from_password_token, user_from_verify_token
from campaign.core.audit import record_event
from campaign.core.centres import Center, center_by_number
from campaign.core.clock import utcnow
from campaign.core.errors import DomainError, NotAllowed, ValidationFailed
from campaign.core.transactions import writes
from campaign.extensions import db
from campaign.i18n import N_

PASSWORD_MIN_LENGTH = passwords.PASSWORD_MIN_LENGTH


def normalise_email(email: str) -> str:
    try:
        return validate_email(folded(email), check_deliverability=False).normalized.casefold()
    except EmailNotValidError as exc:
        raise ValidationFailed(N_("Nieprawidłowy adres e-mail."), fields={"email": ""}) from exc


def lookup_email(raw: str) -> str:
    """The stored form of a typed address, or the address folded if it is not one at all."""
    return canonical_address(raw)


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
        center = center_by_number(center_number)
        if center is None:
            raise ValidationFailed(N_("Nie ma centrum o numerze %(n)s."), n=center_number)
    if role is Role.SOCIAL_WORKER and center is None:
        raise ValidationFailed(N_("Pracownik socjalny musi należeć do centrum (--center N)."))
    if role is Role.DONOR and center is not None:
        raise ValidationFailed(N_("Darczyńca nie należy do żadnego centrum (bez --center)."))
    problem = passwords.password_problem(password) if password is not None else None
    if problem:
        raise ValidationFailed(problem, fields={"password": ""}, n=PASSWORD_MIN_LENGTH)
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


# --- login ---------------------------------------------------------------------------------


class InvalidCredentials(DomainError, code="invalid_credentials", http_status=401):
    """Unknown e-mail or wrong password: one answer for both, so accounts cannot be probed."""


class AccountDisabled(DomainError, code="account_disabled", http_status=403):
    """The password is right but the account is not active."""


class TooManyAttempts(DomainError):
    http_status = 429
    code = "too_many_requests"

    def __init__(self, retry_after: int):
        super().__init__(N_("Zbyt wiele prób logowania na to konto. Spróbuj ponownie później."))
        self.retry_after = retry_after


_dummy_hashes: dict[str, str] = {}


def authenticate(email: str, password: str, *, device: KnownDevice | None = None) -> User:
    """The account for these credentials; one answer for an unknown address and a wrong password.

    Failures are counted per account (whatever the spelling of the address); once there are too
    many, TooManyAttempts is raised before the password is even checked, except from a browser
    that signed in to this account before (`device`), which only its own failures hold back.
    """
    address = lookup_email(email)
    user = user_by_email(address)
    throttle = LoginThrottle(address, device, user.id if user else None)
    wait = throttle.retry_after()
    if wait:
        raise TooManyAttempts(wait)
    if user is None:
        _spend_hashing_time(password)  # no timing difference between the two cases either
        throttle.count_failure()
        raise InvalidCredentials(N_("Nieprawidłowy e-mail lub hasło."))
    if not user.check_password(password):
        throttle.count_failure()
        raise InvalidCredentials(N_("Nieprawidłowy e-mail lub hasło."))
    if not user.is_active:
        # Only someone who knows the password learns that the account is switched off.
        raise AccountDisabled(N_("To konto jest wyłączone. Skontaktuj się z koordynatorem akcji."))
    return user


def _spend_hashing_time(password: str) -> None:
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    if method not in _dummy_hashes:
        _dummy_hashes[method] = generate_password_hash(secrets.token_hex(8), method=method)
    check_password_hash(_dummy_hashes[method], password)


def log_out_everywhere(user: User) -> None:
    """End this session and every other one: remember-me cookies and API tokens included."""
    user.end_all_sessions()
    db.session.commit()


def record_login(user: User) -> None:
    user.last_login_at = utcnow()
    db.session.commit()


# --- registration and verification --------------------------------------------------------


def register_donor(
    email: str, password: str, *, display_name: str, is_organisation: bool, locale: str
) -> User | None:
    """Create an unverified donor account and mail it the verification link.

    An address that already has an account gets a "someone tried to register" mail instead; the
    caller shows the same page either way, so registering never reveals who has an account.
    Returns the new user, or None when the address was taken.
    """
    email = normalise_email(email)
    existing = user_by_email(email)
    if existing is None:
        user, _password = create_user(
            email, Role.DONOR, password=password, display_name=display_name, verified=False
        )
        user.is_organisation = is_organisation
        user.locale = locale if locale in current_app.config["LANGUAGES"] else "pl"
        try:
            db.session.flush()
            send_verification_mail(user)  # in the outbox, committed with the account
            db.session.commit()
        except IntegrityError:  # the same address registered a moment ago
            db.session.rollback()
            existing = user_by_email(email)
        else:
            return user
    # The work a new account costs (one password hash, one commit, one mail), done for a taken
    # address too, so that the answer's timing does not tell which addresses have accounts.
    passwords.hash_password(password)
    if existing is not None:
        send_already_registered_mail(existing, deliver=existing.is_active)
    db.session.commit()
    return None


def resend_verification(email: str) -> None:
    """Mail a fresh verification link if the address has an unverified account; silent otherwise."""
    address = lookup_email(email)
    user = user_by_email(address)
    deliver = user is not None and user.is_active and not user.is_verified
    # Rendered either way: an unknown address costs what a known one does.
    send_verification_mail(user if deliver else stand_in_user(address), deliver=deliver)
    db.session.commit()


@writes
def verify_email(token: str) -> tuple[User, bool]:
    """Mark the link's address verified; returns the user and whether it already was."""
    user = user_from_verify_token(token)
    if user.is_verified:
        return user, True
    user.email_verified_at = utcnow()
    db.session.commit()
    return user, False


# --- passwords -----------------------------------------------------------------------------


def request_password_reset(email: str) -> None:
    """Mail a password link if the address has an active account; silent otherwise."""
    address = lookup_email(email)
    user = user_by_email(address)
    deliver = user is not None and user.is_active
    # Rendered either way: an unknown address costs what a known one does.
    send_password_reset_mail(user if deliver else stand_in_user(address), deliver=deliver)
    db.session.commit()


def reset_password(token: str, password: str) -> User:
    """Set the password from a mailed link; the link and every session die with the old one."""
    user = user_from_password_token(token)
    user.set_password(password)
    user.end_all_sessions()
    if not user.is_verified:
        user.email_verified_at = utcnow()  # the link reached the mailbox: that is proof enough
    record_event("auth.password_reset", actor_id=user.id, data={"user_id": user.id})
    db.session.commit()
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Change a password knowing the current one; other sessions of the account end."""
    if not user.check_password(current):
        raise ValidationFailed(
            N_("Obecne hasło jest nieprawidłowe."), fields={"current_password": ""}
        )
    user.set_password(new)
    user.end_all_sessions()
    record_event("auth.password_changed", actor_id=user.id, data={"user_id": user.id})
    db.session.commit()


def update_profile(
    user: User,
    *,
    display_name: str,
    phone: str | None,
    locale: str,
    notifications_opt_out: bool | None = None,
) -> None:
    user.display_name = display_name.strip()
    user.phone = (phone or "").strip() or None
    if locale in current_app.config["LANGUAGES"]:
        user.locale = locale
    if notifications_opt_out is not None and user.is_donor:
        user.notifications_opt_out = notifications_opt_out
    db.session.commit()


# --- administration ------------------------------------------------------------------------


def change_role(user: User, role: Role | str, center_number: int | None, *, actor: User) -> None:
    """Give `user` a role (and a centre, which a social worker must have)."""
    role = Role(role)
    center = _center_for_role(role, center_number)
    if user.anonymised_at is not None:
        raise NotAllowed(N_("To konto zostało usunięte; nie można zmienić jego roli."))
    if user.is_admin and role is not Role.ADMIN and _is_last_admin(user):
        raise NotAllowed(
            N_("To ostatni administrator. Najpierw nadaj rolę administratora komuś innemu.")
        )
    before = {"from_role": user.role, "from_center_id": user.center_id}
    user.role = role.value
    user.center = center
    user.end_all_sessions()  # what the old role could open must not stay open
    data = {"user_id": user.id, **before, "to_role": role.value, "to_center_id": user.center_id}
    record_event("auth.role_changed", actor_id=actor.id, data=data)
    db.session.commit()


def set_active(user: User, active: bool, *, actor: User) -> None:
    """Switch an account off (it can no longer log in) or back on."""
    if not active and user.id == actor.id:
        raise NotAllowed(N_("Nie możesz wyłączyć własnego konta."))
    if not active and user.is_admin and _is_last_admin(user):
        raise NotAllowed(N_("Nie można wyłączyć ostatniego administratora."))
    if active and user.anonymised_at is not None:
        raise NotAllowed(N_("To konto zostało usunięte; nie można go włączyć."))
    if user.active == active:
        return
    user.active = active
    kind = "auth.user_reactivated" if active else "auth.user_deactivated"
    record_event(kind, actor_id=actor.id, data={"user_id": user.id})
    db.session.commit()


def create_staff_account(
    email: str, role: Role | str, center_number: int | None, *, display_name: str, actor: User
) -> User:
    """Create a staff account and mail the person a link to set their own password."""
    role = Role(role)
    if not role.is_staff:
        raise ValidationFailed(N_("Darczyńcy zakładają konta sami."), fields={"role": ""})
    center = _center_for_role(role, center_number)
    user, _password = create_user(
        email,
        role,
        center_number=center.number if center else None,
        display_name=display_name.strip(),
        verified=True,
    )
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise ValidationFailed(
            N_("Konto z tym adresem e-mail już istnieje."), fields={"email": ""}
        ) from error
    data = {"user_id": user.id, "role": role.value, "center_id": user.center_id}
    record_event("auth.user_created", actor_id=actor.id, data=data)
    send_welcome_mail(user)  # in the outbox, committed with the account
    db.session.commit()
    return user


def _center_for_role(role: Role, center_number: int | None) -> Center | None:
    center = None
    if center_number is not None:
        center = center_by_number(center_number)
    if center_number is not None and center is None:
        raise ValidationFailed(N_("Nie ma takiego centrum."), fields={"center": ""})
    if role is Role.SOCIAL_WORKER and center is None:
        raise ValidationFailed(
            N_("Pracownik socjalny musi należeć do centrum: wybierz centrum."),
            fields={"center": ""},
        )
    # A centre means something only for staff; a donor belongs to none.
    return None if role is Role.DONOR else center


def _is_last_admin(user: User) -> bool:
    """Counted under a lock of every active admin's row, so that two admins demoting or switching
    off each other at the same moment cannot both succeed and leave nobody (PostgreSQL; SQLite
    serialises writers anyway)."""
    db.session.execute(
        db.select(User.id)
        .where(User.role == Role.ADMIN.value, User.active.is_(True), User.anonymised_at.is_(None))
        .with_for_update()
    ).all()
    return active_admin_count(excluding=user) == 0
