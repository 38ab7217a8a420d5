"""The API's one error shape: {"error": {"code", "message", "fields"}}."""

from flask import jsonify
from flask_babel import gettext

from campaign.core.errors import DomainError

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "validation_failed",
    429: "too_many_requests",
    500: "server_error",
    503: "unavailable",
}


def error_response(status: int, message: str, code: str | None = None, fields=None):
    body = {"error": {"code": code or CODES.get(status, "error"), "message": message}}
    body["error"]["fields"] = fields or {}
    return jsonify(body), status


def domain_error_response(error: DomainError):
    # Field messages are marked source strings like the main one: translate them the same way.
    fields = {name: gettext(text) if text else "" for name, text in error.fields.items()}
    return error_response(error.http_status, error.translated(), error.code, fields)


def form_errors(form) -> dict[str, str]:
    """WTForms errors as {"field": "first message"}."""
    return {name: messages[0] for name, messages in form.errors.items() if messages}
