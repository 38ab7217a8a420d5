"""Settings read from the environment, with safe defaults for a developer's machine."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))
DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 (refused in production)


def normalise_database_url(url: str) -> str:
    """Let operators write the usual ``postgresql://`` URL; we talk to it through psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Everything configurable lives here; `create_app(config)` may override any key."""

    ENV_NAME = os.environ.get("APP_ENV", "development")  # development | production | testing
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'campaign.sqlite'}")
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    # Absolute base of links printed on paper and sent by mail (QR codes, e-mail links).
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    BIP_URL = os.environ.get("BIP_URL", "https://bip.gdansk.pl/")
    # Contacts printed on the RODO clause and the accessibility statement.
    DPO_EMAIL = os.environ.get("DPO_EMAIL", "iod@mopr.gda.pl")
    ACCESSIBILITY_EMAIL = os.environ.get("ACCESSIBILITY_EMAIL", "dostepnosc@mopr.gda.pl")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30  # "remember me" lasts a campaign, not a year
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 8  # one working day

    WTF_CSRF_TIME_LIMIT = 60 * 60 * 8
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024  # uploads (CSV import) are small
    # Photos and the sign-language recording: stored under UPLOAD_FOLDER, with their own limits
    # (the photo and video forms raise the request limit for themselves only).
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(INSTANCE_DIR / "uploads"))
    PHOTO_MAX_BYTES = int(os.environ.get("PHOTO_MAX_MB", "15")) * 1024 * 1024
    # Larger pictures are refused before decoding: a small file may unpack to gigabytes.
    PHOTO_MAX_PIXELS = int(os.environ.get("PHOTO_MAX_PIXELS", str(50_000_000)))
    VIDEO_MAX_BYTES = int(os.environ.get("VIDEO_MAX_MB", "300")) * 1024 * 1024

    BABEL_DEFAULT_LOCALE = "pl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Warsaw"
    LANGUAGES = ("pl", "en")

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    # Per e-mail address, whatever the client address: slows a guesser spread over many hosts.
    LOGIN_ACCOUNT_RATE_LIMIT = os.environ.get("LOGIN_ACCOUNT_RATE_LIMIT", "20 per hour")
    # Per signed-in account: re-entering the password to change it or to delete the account.
    PASSWORD_CHECK_RATE_LIMIT = os.environ.get("PASSWORD_CHECK_RATE_LIMIT", "10 per hour")
    # How many reverse proxies (nginx, a load balancer) stand before the app and set
    # X-Forwarded-For/-Proto. 0 on a developer's machine; without the right number every visitor
    # looks like the proxy, and the per-address rate limits would throttle everyone at once.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

    # Mail: backend is "file" (one .eml per message under instance/outbox), "smtp" or "memory".
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "file")
    MAIL_OUTBOX_DIR = os.environ.get("MAIL_OUTBOX_DIR", str(INSTANCE_DIR / "outbox"))
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_TIMEOUT = int(os.environ.get("MAIL_TIMEOUT", "10"))
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "Każdy Może Pomóc <kazdymozepomoc@mopr.gda.pl>"
    )
    # The outbox sender (`flask mail send`): a failed try waits base · 2^(tries-1) seconds, at
    # most the maximum; after the last try the mail is "failed" and shown to coordinators.
    MAIL_RETRY_BASE_SECONDS = int(os.environ.get("MAIL_RETRY_BASE_SECONDS", "60"))
    MAIL_RETRY_MAX_SECONDS = int(os.environ.get("MAIL_RETRY_MAX_SECONDS", str(6 * 60 * 60)))
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "10"))
    # How long a sender holds a row it took before another sender may take it again.
    MAIL_LEASE_SECONDS = int(os.environ.get("MAIL_LEASE_SECONDS", "300"))
    # Deliver each commit's mails inside the request (tests only): production leaves it to the
    # sender, so a slow mail server never slows a page.
    MAIL_DELIVER_ON_COMMIT = _bool("MAIL_DELIVER_ON_COMMIT", False)

    # Signed links: e-mail verification and password reset lifetimes (seconds).
    EMAIL_VERIFY_MAX_AGE = 60 * 60 * 24 * 3
    PASSWORD_RESET_MAX_AGE = 60 * 60
    API_TOKEN_MAX_AGE = 60 * 60 * 12

    # Days after a campaign's delivery date when donors' personal data is purged.
    RETENTION_DAYS = int(os.environ.get("RETENTION_DAYS", "90"))

    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")

    # Anonymous visitors' public pages, kept until the content changes (campaign/web/pagecache.py).
    PAGE_CACHE_ENABLED = _bool("PAGE_CACHE_ENABLED", True)
    PAGE_CACHE_TTL = int(os.environ.get("PAGE_CACHE_TTL", "60"))
    # Shared by every worker and instance; without it each process keeps its own copy.
    CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL")


class TestConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret"  # noqa: S105
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    MAIL_BACKEND = "memory"
    MAIL_DELIVER_ON_COMMIT = True
    SERVER_NAME = None
    PUBLIC_BASE_URL = "http://localhost"
    LOG_LEVEL = "WARNING"
    # Fast hashing in tests only; production keeps werkzeug's default (scrypt).
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105
