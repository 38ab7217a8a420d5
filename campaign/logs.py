"""Structured request logging: one JSON line per request, without personal data."""

import json
import logging
import re
import sys
import time
import uuid

from flask import Flask, g, request
from flask_login import current_user

logger = logging.getLogger("campaign.request")

# A password-reset, welcome or verification link is a key to an account until it expires:
# whoever reads a log must not be able to replay it.
_TOKEN_IN_PATH = re.compile(
    r"(/haslo/reset/|/weryfikacja/)(?!(?:ponownie|wymagana)(?:[/?#\s]|$))[^/?#\s]+"
)
REDACTED = "[redacted]"


def redact_path(text: str | None) -> str | None:
    """The path (or request line, or Referer) with any account link's token replaced."""
    if not text:
        return text
    return _TOKEN_IN_PATH.sub(lambda match: match.group(1) + REDACTED, text)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {"level": record.levelname, "logger": record.name, "message": record.getMessage()}
        payload.update(getattr(record, "fields", {}))
        if record.exc_info:
            payload["exc"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False)


def register(app: Flask) -> None:
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(app.config["LOG_LEVEL"])

    @app.before_request
    def _start_timer():
        g.request_started = time.perf_counter()
        g.request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex[:16]

    @app.after_request
    def _log_request(response):
        started = g.get("request_started")
        if started is None or request.endpoint == "static":
            return response
        fields = {
            "request_id": g.get("request_id"),
            "method": request.method,
            # The path only (query strings may carry e-mail addresses), without link tokens.
            "path": redact_path(request.path),
            "status": response.status_code,
            "ms": round((time.perf_counter() - started) * 1000, 1),
            "user_id": current_user.id if current_user.is_authenticated else None,
        }
        response.headers["X-Request-ID"] = fields["request_id"]
        logger.info("request", extra={"fields": fields})
        return response
