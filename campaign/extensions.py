"""Extension objects, created unbound and initialised in `create_app`."""

from flask import session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import Index, MetaData, text
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    # Named constraints, so that Alembic migrations can alter them on SQLite and PostgreSQL alike.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


def partial_unique_index(name: str, column: str, where: str) -> Index:
    """Unique among the rows matching the SQL condition `where`, on SQLite and PostgreSQL alike:
    the database's own guard for rules such as "one current campaign"."""
    return Index(name, column, unique=True, sqlite_where=text(where), postgresql_where=text(where))


class _LoginManager(LoginManager):
    """Flask-Login whose "strong" session protection guards only sessions that name someone.

    Flask-Login 0.6.3 takes any non-empty session without its `_id` (the hash of address and
    browser) for a stolen one: a visitor who only chose a language, or only has a form's CSRF
    token, has every response re-send their session cookie and clear the remember-me cookie.
    Those re-sent cookies are the session as each request found it, so a slow response (a
    stylesheet still loading) could undo a change made meanwhile: switching back to Polish
    came back in English, and a login could be undone the same way. A session that names
    nobody protects nobody (flask-login issue #569); signed-in sessions are checked as before.
    """

    def _session_protection_failed(self):
        if "_user_id" not in session:
            return False
        return super()._session_protection_failed()


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = _LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
