"""Accounts and roles."""

import enum
import hashlib
import hmac
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.auth import passwords
from campaign.core.clock import utcnow
from campaign.extensions import db


class Role(enum.StrEnum):
    DONOR = "donor"
    SOCIAL_WORKER = "social_worker"
    COORDINATOR = "coordinator"
    ADMIN = "admin"

    @property
    def is_staff(self) -> bool:
        return self is not Role.DONOR


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)  # None once anonymised
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    role: Mapped[str] = mapped_column(String(20), default=Role.DONOR.value, index=True)
    center_id: Mapped[int | None] = mapped_column(ForeignKey("centers.id"), index=True)
    # A donor's first name or an organisation's name; what staff see of a donor at intake.
    display_name: Mapped[str] = mapped_column(String(120), default="")
    is_organisation: Mapped[bool] = mapped_column(default=False)
    phone: Mapped[str | None] = mapped_column(String(40))
    locale: Mapped[str] = mapped_column(String(5), default="pl")
    # A coordinator may let one donor (a school, a company) hold more letters than the default.
    letter_limit: Mapped[int | None] = mapped_column()
    notifications_opt_out: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    email_verified_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column()
    anonymised_at: Mapped[datetime | None] = mapped_column()
    # Travels in the session and the remember-me cookie; raising it ends every session and
    # cookie issued before (logout everywhere, password or role change).
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")

    center: Mapped["Center | None"] = relationship(back_populates="staff")  # noqa: F821

    def set_password(self, password: str) -> None:
        self.password_hash = passwords.hash_password(password)

    def check_password(self, password: str) -> bool:
        return passwords.password_matches(self.password_hash, password)

    # Flask-Login: the session (and the remember-me cookie) carries the id, a fingerprint of the
    # password hash and the session version; `load_user` refuses any that no longer match.
    def get_id(self) -> str:
        return f"{self.id}:{self.password_fingerprint}:{self.session_version}"

    def end_all_sessions(self) -> None:
        """Void every session, remember-me cookie and API token issued so far. Caller commits."""
        self.session_version = (self.session_version or 1) + 1

    @property
    def password_fingerprint(self) -> str:
        """Changes whenever the password does, and reveals nothing of the hash: it travels in
        cookies and links, so it is a keyed digest of the hash, not a piece of it."""
        if not self.password_hash:
            return "-"
        from flask import current_app

        key = current_app.config["SECRET_KEY"].encode()
        return hmac.new(key, self.password_hash.encode(), hashlib.sha256).hexdigest()[:16]

    @property
    def is_active(self) -> bool:
        return self.active and self.anonymised_at is None

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def is_staff(self) -> bool:
        return self.role_enum.is_staff

    @property
    def is_donor(self) -> bool:
        return self.role == Role.DONOR

    @property
    def is_social_worker(self) -> bool:
        return self.role == Role.SOCIAL_WORKER

    @property
    def is_coordinator(self) -> bool:
        # Admins can do everything a coordinator can.
        return self.role in (Role.COORDINATOR, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    def has_role(self, *roles: Role | str) -> bool:
        return self.role in {str(r) for r in roles}

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
