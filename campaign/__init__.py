"""Każdy Może Pomóc: the campaign manager and public site of MOPR Gdańsk."""

from flask import Flask

from campaign.config import DEV_SECRET_KEY, INSTANCE_DIR, Config


def create_app(config: dict | type | None = None) -> Flask:
    """Application factory. `config` is a Config subclass or a dict of overrides."""
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder="../templates",
        static_folder="../static",
    )
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    _refuse_insecure_production(app)
    # One switch for both cookies: the "remember me" cookie is a login too.
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)

    _init_extensions(app)
    _register_blueprints(app)

    from campaign import cli, errorpages, logs, security, templating

    app.before_request(security.refuse_nul_bytes)
    app.after_request(security.set_security_headers)
    errorpages.register(app)
    logs.register(app)
    templating.register(app)
    cli.register(app)
    from campaign.web import pagecache

    pagecache.answer_hits_early(app)
    # Outermost, so that the early hits see the visitor's host and scheme too.
    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    return app


# Values that appear in our own files (deploy/env.example, the dev default) or that people type
# while trying things out: anyone who has read the repository knows them.
KNOWN_PLACEHOLDER_SECRETS = frozenset(
    {DEV_SECRET_KEY, "change-me-to-64-random-characters", "test-secret", "secret", "x"}
)
MIN_SECRET_KEY_LENGTH = 32


def _refuse_insecure_production(app: Flask) -> None:
    if app.config["ENV_NAME"] != "production":
        return
    secret = str(app.config.get("SECRET_KEY") or "")
    folded = secret.strip().lower()
    if folded in KNOWN_PLACEHOLDER_SECRETS or folded.startswith(("change-me", "changeme")):
        raise RuntimeError(
            "SECRET_KEY is a known placeholder; set a long random SECRET_KEY in production."
        )
    if len(secret) < MIN_SECRET_KEY_LENGTH:
        raise RuntimeError(
            f"SECRET_KEY is shorter than {MIN_SECRET_KEY_LENGTH} characters; "
            "set a long random SECRET_KEY in production."
        )
    storage = str(app.config.get("RATELIMIT_STORAGE_URI") or "")
    if not storage.startswith(("redis://", "rediss://", "redis+sentinel://", "redis+cluster://")):
        # Each worker would count on its own: N workers would allow N times every limit.
        raise RuntimeError(
            "RATELIMIT_STORAGE_URI must be a shared store (redis://...) in production, "
            f"not {storage.split('://')[0] or 'empty'}://."
        )


def _init_extensions(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from campaign import i18n
    from campaign.extensions import babel, csrf, db, limiter, login_manager, migrate
    from campaign.web import pagecache

    db.init_app(app)
    with app.app_context():
        _tune_sqlite(db.engine)
        pagecache.install(db.engine)
    pagecache.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    csrf.init_app(app)
    i18n.register_csrf(csrf)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Zaloguj się, aby zobaczyć tę stronę.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    # Import every model so that metadata (migrations, create_all in tests) sees all tables.
    from campaign import models  # noqa: F401
    from campaign.auth import queries as auth_queries

    @login_manager.user_loader
    def load_user(session_id: str):
        user_id, _, rest = session_id.partition(":")
        fingerprint, _, version = rest.partition(":")
        if not user_id.isdigit() or not version.isdigit():
            return None
        user = auth_queries.signed_in_user(int(user_id))
        # A changed password, a role change or a logout everywhere voids what was issued before.
        if user is None or user.password_fingerprint != fingerprint:
            return None
        if user.session_version != int(version):
            return None
        return user


def _tune_sqlite(engine) -> None:
    """Make the embedded SQLite behave like the production database where it matters.

    Foreign keys are enforced, and writing transactions start with BEGIN IMMEDIATE: SQLite then
    serialises writers up front (waiting up to busy_timeout) instead of failing a transaction that
    read first and writes later, which a claim does. Reads (GET requests) begin DEFERRED and, with
    WAL, never wait for the writer (campaign/core/transactions.py).
    """
    from sqlalchemy import event

    from campaign.core import transactions

    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA busy_timeout = 15000")
        cursor.close()
        # SQLite's own lower() folds ASCII only; searching "łyżwy" must find "Łyżwy".
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)

    transactions.install(engine)


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


def _register_blueprints(app: Flask) -> None:
    from campaign import health, i18n
    from campaign.api import bp as api_bp
    from campaign.auth.views import bp as auth_bp
    from campaign.donors.views import bp as donors_bp
    from campaign.letters.views import bp as letters_bp
    from campaign.mail.views import bp as outbox_bp
    from campaign.office.views import bp as office_bp
    from campaign.parcels.offline import bp as parcels_offline_bp
    from campaign.parcels.views import bp as parcels_bp

    for blueprint in (
        office_bp,
        auth_bp,
        letters_bp,
        donors_bp,
        parcels_bp,
        parcels_offline_bp,
        api_bp,
        outbox_bp,
        health.bp,
        i18n.bp,
    ):
        app.register_blueprint(blueprint)
