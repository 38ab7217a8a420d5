"""Reusable queries of the auth domain."""

import functools

from flask import current_app, request
from sqlalchemy import bindparam, func
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.util import identity_key

from campaign.auth.models import Role, User
from campaign.core.readpool import read_engine
from campaign.extensions import db
from campaign.web.pagecache import remember_version, version_column

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


def signed_in_user(user_id: int) -> User | None:
    """The signed-in person's row, for Flask-Login at the start of a request.

    A page read (GET, HEAD) takes it through the autocommit read pool, in the same statement as
    the page cache's content version: one round trip, and no transaction begun; a page shared by
    role then reads nothing else. The row becomes a `User` of the request's session as if the
    session had loaded it (`make_transient_to_detached`, then `add`: no SQL, nothing pending),
    so everything else works with it as before. A request that writes loads the person in its
    own transaction, and so does a page read when the pool cannot answer.
    """
    already = identity_key(User, user_id) in db.session.identity_map  # a test's own session
    engine = read_engine()
    # A private in-memory database has no pool of its own (`read_engine` gives the app's).
    if request.method not in ("GET", "HEAD") or already or engine is db.engine:
        return db.session.get(User, user_id)
    try:
        with engine.connect() as connection:
            row = connection.execute(_signed_in_row(), {"user_id": user_id}).one_or_none()
    except SQLAlchemyError:
        current_app.logger.warning("signed-in read: pool unreadable", exc_info=True)
        return db.session.get(User, user_id)
    if row is None:
        return None
    values = dict(row._mapping)
    remember_version(values.pop(_VERSION_LABEL))
    user = User(**values)
    make_transient_to_detached(user)
    db.session.add(user)
    return user


_VERSION_LABEL = "kmp_content_version"


@functools.cache  # built once: the statement is the same for every request
def _signed_in_row():
    """Every column of a user (labelled with its attribute's name), and the content version."""
    columns = [attr.columns[0].label(attr.key) for attr in User.__mapper__.column_attrs]
    return db.select(*columns, version_column().label(_VERSION_LABEL)).where(
        User.id == bindparam("user_id")
    )
