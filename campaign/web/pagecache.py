"""A page cache for anonymous visitors of the public pages, invalidated by a content version.

On launch day every visitor asks for the same few pages; rendering each one costs tens of
milliseconds and a handful of queries, serving a stored copy costs one query (the version).

The version is one row of `content_version`, bumped in the same transaction as any write to a
table the public pages show (letters, claims, news, campaigns, centres...): the bump is issued on
the transaction's own connection just before COMMIT, so a reader either sees the old rows and the
old version, or the new rows and the new version, never new rows under an old key. Doing it at
the connection level catches every write however it is made (ORM unit of work, compare-and-set
UPDATE, raw SQL), and doing it last keeps the row lock (PostgreSQL) for the commit only, so
concurrent claims do not queue on it. `bump_content_version()` is there for a change the hook
cannot see.

Pages are stored under (version, language, host, path with query): a new version makes every old
entry unreachable at once, in every worker, because each request reads the version from the
database. The store is a small per-process LRU as first level, plus Redis (CACHE_REDIS_URL) shared
by every worker and instance. Entries also expire after PAGE_CACHE_TTL seconds, for what changes
with the clock alone (claims opening at a date).

Never cached: anyone signed in (or carrying a "remember me" cookie or an Authorization header), a
visitor with a flash message waiting, and any response that touched the session (Set-Cookie),
generated a CSRF token or is not a 200 HTML page.
"""

import hashlib
import json
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from functools import wraps

from flask import current_app, g, has_request_context, make_response, request, session
from flask.globals import request_ctx
from flask_babel import get_locale
from flask_login import AnonymousUserMixin
from markupsafe import Markup
from sqlalchemy import event, literal_column, text
from sqlalchemy.orm import Mapped, mapped_column

from campaign.core.readpool import read_engine
from campaign.extensions import db

# Tables no public page shows: writes to them keep the cache (logins, the audit trail).
PRIVATE_TABLES = frozenset({"users", "events", "content_version", "alembic_version"})
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+"?(\w+)"?',
    re.IGNORECASE,
)
_CHANGED = "kmp_content_changed"
# Set on a connection that must not bump: the migrations, which may write rows before the
# version's own table exists (and every cached page is gone after a deploy anyway).
NO_BUMP = "kmp_no_content_version"
_BUMP = (
    "INSERT INTO content_version (id, version) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET version = content_version.version + 1"
)


# Stands for the CSRF token in a stored header or page; each person's own token replaces it on
# the way out.
CSRF_PLACEHOLDER = "kmp-csrf-token-placeholder-5e1b"


class RoleOnly:
    """What a shared header or page may know of whoever is signed in: what their role lets them
    see. Anything else a template asks of it is undefined, so renders as nothing."""

    is_anonymous = False
    is_authenticated = True
    is_active = True
    FLAGS = ("is_staff", "is_donor", "is_social_worker", "is_coordinator", "is_admin")

    def __init__(self, user):
        self.role = str(user.role)
        for flag in self.FLAGS:
            setattr(self, flag, bool(getattr(user, flag)))


class ContentVersion(db.Model):
    """One row: how many times something shown on the public pages has changed."""

    __tablename__ = "content_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)


# --- the version ---------------------------------------------------------------------------


_VERSION = "SELECT version FROM content_version WHERE id = 1"
_PRE_READ = "kmp.content_version"


def current_content_version() -> int:
    """The committed version (0 before the first change): as read when the request began, if it
    was (`remember_version`), else as this transaction sees it.

    A version read before the page's own reads is safe to store the page under: the page can
    only be newer than its key says, and a newer key is never looked up with an older page."""
    if has_request_context() and _PRE_READ in request.environ:
        return request.environ[_PRE_READ]
    value = db.session.scalar(text(_VERSION))
    return value or 0


def read_version() -> int:
    """The committed version, read through the autocommit pool: one round trip."""
    with read_engine().connect() as connection:
        return connection.exec_driver_sql(_VERSION).scalar() or 0


def remember_version(version: int) -> None:
    """Keep the version read at the start of this request (with the signed-in person's row)
    for `current_content_version`, so the request need not begin a transaction for it."""
    request.environ[_PRE_READ] = version or 0  # the request's own, not the app context's


def version_column():
    """The version as a scalar subquery, to read it in the same statement as something else."""
    return literal_column(f"({_VERSION})")


def bump_content_version() -> None:
    """Declare that the current transaction changes what public pages show."""
    db.session.connection().info[_CHANGED] = True


def install(engine) -> None:
    """Bump the version in every transaction that writes a public table, just before COMMIT."""

    @event.listens_for(engine, "after_cursor_execute")
    def _note_write(connection, _cursor, statement, *_args):
        match = _WRITE.match(statement)
        if connection.info.get(NO_BUMP):
            return
        if match and match.group(1).lower() not in PRIVATE_TABLES:
            connection.info[_CHANGED] = True

    @event.listens_for(engine, "commit")
    def _bump_before_commit(connection):
        if connection.info.pop(_CHANGED, False):
            # The raw cursor: still inside this transaction, and below SQLAlchemy's own
            # statement events, which must not fire while the transaction is committing.
            cursor = connection.connection.dbapi_connection.cursor()
            try:
                cursor.execute(_BUMP)
            finally:
                cursor.close()

    @event.listens_for(engine, "rollback")
    def _forget(connection):
        connection.info.pop(_CHANGED, None)

    @event.listens_for(engine, "reset")
    def _forget_on_return(_dbapi_connection, record, _reset_state):
        record.info.pop(_CHANGED, None)


# --- the store -----------------------------------------------------------------------------


class PageStore:
    """Rendered pages: a process-local LRU in front of an optional shared Redis."""

    def __init__(self, redis_url: str | None, ttl: int, size: int = 512):
        self.ttl = ttl
        self.size = size
        self._local: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()
        self._redis = None
        if redis_url:
            import redis

            self._redis = redis.Redis.from_url(redis_url, socket_timeout=0.5)

    def get(self, key: str) -> bytes | None:
        now = time.monotonic()
        with self._lock:
            found = self._local.get(key)
            if found is not None:
                if found[0] > now:
                    self._local.move_to_end(key)
                    return found[1]
                del self._local[key]
        if self._redis is None:
            return None
        try:
            value = self._redis.get(key)
        except Exception:
            current_app.logger.warning("page cache: Redis unreachable", exc_info=True)
            return None
        if value is not None:
            self._remember(key, value, now)
        return value

    def set(self, key: str, value: bytes) -> None:
        self._remember(key, value, time.monotonic())
        if self._redis is not None:
            try:
                self._redis.set(key, value, ex=self.ttl)
            except Exception:
                current_app.logger.warning("page cache: Redis unreachable", exc_info=True)

    def _remember(self, key: str, value: bytes, now: float) -> None:
        with self._lock:
            self._local[key] = (now + self.ttl, value)
            self._local.move_to_end(key)
            while len(self._local) > self.size:
                self._local.popitem(last=False)


def init_app(app) -> None:
    app.extensions["kmp_pagecache"] = PageStore(
        app.config.get("CACHE_REDIS_URL"), int(app.config.get("PAGE_CACHE_TTL", 60))
    )
    from campaign.web.header import site_header

    app.jinja_env.globals["site_header"] = site_header


def page_store() -> PageStore:
    return current_app.extensions["kmp_pagecache"]


# --- the views -----------------------------------------------------------------------------


def _anonymous() -> bool:
    """Nobody signed in, decided from the request alone (loading the user touches the session)."""
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return (
        "_user_id" not in session
        and remember not in request.cookies
        and "Authorization" not in request.headers
    )


def _eligible() -> bool:
    return (
        current_app.config.get("PAGE_CACHE_ENABLED", True)
        and has_request_context()
        and request.method in ("GET", "HEAD")
        and _anonymous()
        and "_flashes" not in session
    )


def _key(version: int) -> str:
    where = hashlib.sha256(f"{request.host}\n{request.full_path}".encode()).hexdigest()[:32]
    return f"kmp:page:{version}:{get_locale()}:{where}"


def _storable(response) -> bool:
    return (
        response.status_code == 200
        and response.mimetype == "text/html"
        and not response.direct_passthrough
        and "Set-Cookie" not in response.headers
        and not session.modified
        and "csrf_token" not in g
    )


def _pack(body: bytes, etag: str) -> bytes:
    return json.dumps({"etag": etag}).encode() + b"\n" + body


def _unpack(value: bytes) -> tuple[bytes, str]:
    head, _, body = value.partition(b"\n")
    return body, json.loads(head)["etag"]


def _conditional(response, etag: str):
    response.set_etag(etag)
    # Browsers may keep the page but must ask first; the answer is usually a 304.
    response.headers["Cache-Control"] = "no-cache"
    response.vary.update(("Cookie", "Accept-Language"))
    return response.make_conditional(request)


def cached_page(view):
    """Serve the view's page to anonymous visitors from the cache while the content is unchanged."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not _eligible():
            if getattr(view, "kmp_shared_by_role", False) and _signed_in_eligible():
                return _page_shared_by_role(view, args, kwargs)
            return view(*args, **kwargs)
        key = _key(current_content_version())
        stored = page_store().get(key)
        if stored is not None:
            body, etag = _unpack(stored)
            response = current_app.response_class(body, mimetype="text/html")
            response.headers["X-Page-Cache"] = "hit"
            return _conditional(response, etag)
        response = make_response(view(*args, **kwargs))
        if not _storable(response):
            return response
        body = response.get_data()
        etag = hashlib.sha256(body).hexdigest()[:32]
        page_store().set(key, _pack(body, etag))
        response.headers["X-Page-Cache"] = "miss"
        return _conditional(response, etag)

    wrapper.kmp_cached_page = True  # EarlyHits looks only for these endpoints' pages
    return wrapper


# --- pages shared by role --------------------------------------------------------------------


def shared_by_role(view):
    """Mark a `cached_page` view whose page for a signed-in person depends on them only through
    their role (the menu) and their CSRF token: the catalogue, the same list for every donor.

    Such a page is rendered once per role, language, address and content version, with a
    stand-in for the person that has only their role (`RoleOnly`) and a placeholder for the
    token, and each person gets it with their own token swapped in. A render that made a real
    token, read a flash message, set a cookie or is not a 200 HTML page is not kept: that person
    gets their own render instead.
    """
    view.kmp_shared_by_role = True
    return view


def _signed_in_eligible() -> bool:
    from flask_login import current_user

    return (
        current_app.config.get("PAGE_CACHE_ENABLED", True)
        and request.method in ("GET", "HEAD")
        and "Authorization" not in request.headers
        and "_flashes" not in session
        and current_user.is_authenticated
    )


def _page_shared_by_role(view, args, kwargs):
    from flask_login import current_user
    from flask_wtf.csrf import generate_csrf

    stand_in = RoleOnly(current_user)
    where = json.dumps([request.host, request.full_path, stand_in.__dict__], sort_keys=True)
    digest = hashlib.sha256(where.encode()).hexdigest()[:32]
    key = f"kmp:rolepage:{current_content_version()}:{get_locale()}:{digest}"
    stored = page_store().get(key)
    state = "hit"
    if stored is None:
        stored = _render_for_role(view, args, kwargs, stand_in)
        if stored is None:  # something personal in it: this person's own page
            return view(*args, **kwargs)
        page_store().set(key, stored)
        state = "miss"
    body = stored.replace(CSRF_PLACEHOLDER.encode(), generate_csrf().encode())
    response = current_app.response_class(body, mimetype="text/html")
    response.headers["X-Role-Page-Cache"] = state  # not X-Page-Cache: that is the visitors'
    return response


def _render_for_role(view, args, kwargs, stand_in) -> bytes | None:
    """The view's page as `stand_in` would see it, or None if it turned out personal."""
    person = g.get("_login_user")
    g._login_user, g.kmp_role_page = stand_in, True
    try:
        with _as_if_first() as made:
            response = make_response(view(*args, **kwargs))
            # Judged before the request's own token is put back: a message flashed by the
            # view modifies the session, a cookie set is in the headers.
            storable = _storable(response)
        return None if made["personal"] or not storable else response.get_data()
    finally:
        g._login_user = person
        g.pop("kmp_role_page", None)


@contextmanager
def _as_if_first():
    """Render as if no CSRF token had been made and no message read yet in this request, to see
    whether the render makes or shows one (`made["personal"]` afterwards); what the request had
    before is put back for the rest of its page."""
    token, flashes = g.pop("csrf_token", None), request_ctx.flashes
    request_ctx.flashes = None
    made = {"personal": False}
    try:
        yield made
    finally:
        # An empty list is a layout asking for messages when none waited: nothing personal.
        made["personal"] = "csrf_token" in g or bool(request_ctx.flashes)
        if token is not None:
            g.csrf_token = token
        if flashes is not None:
            request_ctx.flashes = flashes


# --- fragments -----------------------------------------------------------------------------


def cached_fragment(name: str, parts: Mapping, render: Callable[..., str]) -> Markup:
    """A part of a page that is the same for everyone, rendered once per content version.

    For pages that signed-in people see too (the catalogue): their page is rendered each time
    around their own menu, but its costly middle is shared. `render(current_user=...)` must render
    the fragment with the `current_user` it is given, which is always an anonymous visitor: so the
    fragment shows what a visitor would see, whoever asks first, and nothing of theirs can reach
    anyone else. `parts` is everything else the fragment depends on (the cleaned query); the key
    adds the version, the language and the site's root. A fragment that drew a CSRF token or a
    flash message is used once and not kept.
    """
    visitor = AnonymousUserMixin()
    if not current_app.config.get("PAGE_CACHE_ENABLED", True):
        return Markup(render(current_user=visitor))  # noqa: S704 (autoescaped template output)
    where = json.dumps([request.script_root, sorted(parts.items())], default=str)
    digest = hashlib.sha256(where.encode()).hexdigest()[:32]
    key = f"kmp:fragment:{current_content_version()}:{get_locale()}:{name}:{digest}"
    stored = page_store().get(key)
    if stored is not None:
        return Markup(stored.decode())  # noqa: S704 (stored autoescaped output)
    with _as_if_first() as made:
        html = render(current_user=visitor)
    if not made["personal"]:
        page_store().set(key, html.encode())
    return Markup(html)  # noqa: S704 (autoescaped template output)


# --- early hits ----------------------------------------------------------------------------


class EarlyHits:
    """WSGI layer that answers an anonymous visitor's cache hit before Flask sees the request.

    A hit through Flask pays for the session, Flask-Login, the locale selector, the request
    hooks and an ORM session: several times the page's own cost. Here a request that carries no
    session cookie, no "remember me" cookie and no Authorization header (so nobody is signed in
    and no message waits) is looked up under the same key `cached_page` stores it with: the
    committed version read on every request (one small read transaction: a claim in another
    worker is seen at once), the language the browser asks for (without a session there is no
    other choice), the host and the path with its query. Only pages `cached_page` stored can be
    found; anything else, and any doubt (no version, Redis down), goes to Flask as before. The
    answer carries the same security headers, ETag/304 and request log line as any other.
    """

    def __init__(self, app, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app
        self.session_cookie = app.config.get("SESSION_COOKIE_NAME", "session")
        self.remember_cookie = app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
        self.languages = tuple(app.config["LANGUAGES"])

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD") and self.app.config.get(
            "PAGE_CACHE_ENABLED", True
        ):
            started = time.perf_counter()
            response = self._hit(environ)
            if response is not None:
                return self._send(response, environ, start_response, started)
        return self.wsgi_app(environ, start_response)

    def _hit(self, environ):
        from werkzeug.wrappers import Request

        wanted = Request(environ)
        if (
            "HTTP_AUTHORIZATION" in environ
            or self.session_cookie in wanted.cookies
            or self.remember_cookie in wanted.cookies
            or not self._cached_endpoint(environ)
        ):
            return None
        locale = wanted.accept_languages.best_match(self.languages) or self.languages[0]
        with self.app.app_context():
            version = self._version()
            if version is None:
                return None
            where = hashlib.sha256(f"{wanted.host}\n{wanted.full_path}".encode()).hexdigest()
            stored = page_store().get(f"kmp:page:{version or 0}:{locale}:{where[:32]}")
        if stored is None:
            return None
        body, etag = _unpack(stored)
        response = self.app.response_class(body, mimetype="text/html")
        response.headers["X-Page-Cache"] = "hit"
        response.set_etag(etag)
        response.headers["Cache-Control"] = "no-cache"
        response.vary.update(("Cookie", "Accept-Language"))
        return response.make_conditional(wanted)

    def _version(self) -> int | None:
        """The committed version, read in one round trip, or None when it cannot be read (the
        request then goes through Flask, which answers or says the database is down)."""
        try:
            return read_version()
        except Exception:
            self.app.logger.warning("page cache: version unreadable", exc_info=True)
            return None

    def _cached_endpoint(self, environ) -> bool:
        """Whether the URL is a `cached_page` view's: static files and other pages skip the
        version read."""
        try:
            endpoint, _args = self.app.url_map.bind_to_environ(environ).match()
        except Exception:  # 404, 405, a redirect: Flask answers those
            return False
        return getattr(self.app.view_functions.get(endpoint), "kmp_cached_page", False)

    def _send(self, response, environ, start_response, started):
        from campaign import logs, security

        security.add_security_headers(response.headers, environ.get("wsgi.url_scheme") == "https")
        response.headers["X-Request-ID"] = logs.log_early_answer(
            environ, response.status_code, started
        )
        return response(environ, start_response)


def answer_hits_early(app) -> None:
    app.wsgi_app = EarlyHits(app, app.wsgi_app)
