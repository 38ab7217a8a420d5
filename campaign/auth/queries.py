"""Reusable queries of the auth domain."""

from sqlalchemy import func

from campaign.auth.models import Role, User
from campaign.extensions import db

USERS_PER_PAGE = 25


def user_by_email(email: str) -> User | None:
    """The account with this (normalised) address; anonymised accounts have none."""
    if not email:
        return None
    return db.session.scalar(db.select(User).where(User.email == email))


def active_admin_count(*, excluding: User | None = None) -> int:
    query = db.select(func.count(User.id)).where(
        User.role == Role.ADMIN.value, User.active.is_(True), User.anonymised_at.is_(None)
    )
    if excluding is not None:
        query = query.where(User.id != excluding.id)
    return db.session.scalar(query) or 0


def users_page(*, role: str = "", q: str = "", page: int = 1):
    """Accounts for the admin list, newest first, filtered by role and part of the address."""
    query = db.select(User).order_by(User.created_at.desc(), User.id.desc())
    if role:
        query = query.where(User.role == role)
    if q:
        pattern = (
            "%"
            + q.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            + "%"
        )
        query = query.where(User.email.like(pattern, escape="\\"))
    return db.paginate(query, page=page, per_page=USERS_PER_PAGE, error_out=False)
