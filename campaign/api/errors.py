"""The API's one error shape, {"error": {"code", "message", "fields"}}, and the helpers that
raise it: a request body checked against its model, a letter found by its code."""

from typing import TypeVar

from flask import jsonify, request
from flask_babel import gettext
from flask_babel import gettext as _
from pydantic import BaseModel, ValidationError

from campaign.api.schemas import Request
from campaign.core.errors import DomainError
from campaign.letters.forms import REQUIRED
from campaign.letters.models import Letter
from campaign.letters.queries import lookup_code

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
# What a description in the OpenAPI document says about these codes (openapi.py).
CHECK_CHARACTER = "check_character"

RequestModel = TypeVar("RequestModel", bound=Request)


class ApiError(Exception):
    """Raised by a handler or a helper; the blueprint answers with the error shape."""

    def __init__(
        self, status: int, message: str, code: str | None = None, fields=None, headers=None
    ) -> None:
        super().__init__(message)
        self.status, self.message = status, message
        self.code = code or CODES.get(status, "error")
        self.fields = fields or {}
        self.headers = headers or {}

    @classmethod
    def from_domain(cls, error: DomainError) -> "ApiError":
        # Field messages are marked source strings like the main one: translate them the same way.
        fields = {name: gettext(text) if text else "" for name, text in error.fields.items()}
        return cls(error.http_status, error.translated(), error.code, fields)


def error_response(status: int, message: str, code: str | None = None, fields=None):
    body = {"code": code or CODES.get(status, "error"), "message": message, "fields": fields or {}}
    return jsonify(error=body), status


def api_error_response(error: ApiError):
    response, status = error_response(error.status, error.message, error.code, error.fields)
    response.headers.update(error.headers)
    return response, status


def json_object(*, empty_is: dict | None = None) -> dict:
    """The request's JSON object. `empty_is` stands in for an empty body where one is optional;
    anything else that is not an object (a list, `null`, malformed JSON) is a 400."""
    if empty_is is not None and not request.get_data():
        return empty_is
    payload = request.get_json(silent=True)
    if isinstance(payload, dict):
        return payload
    message = _("Treść żądania musi być obiektem JSON.")
    raise ApiError(400, message, fields={"body": message})


def parse(model: type[RequestModel], payload: dict, message: str | None = None) -> RequestModel:
    """The payload as `model`, or a 422 naming each wrong field in the forms' words."""
    try:
        return model.model_validate(payload)
    except ValidationError as invalid:
        fields: dict[str, str] = {}
        for problem in invalid.errors():
            name = str(problem["loc"][0]) if problem["loc"] else "body"
            fields.setdefault(name, _field_message(model, name, problem))
        raise ApiError(422, message or _("Popraw zaznaczone pola."), fields=fields) from None


def _field_message(model: type[Request], name: str, problem: dict) -> str:
    kind = problem["type"]
    # Required texts have a minimum of one character (after stripping): too short is empty.
    if kind in ("missing", "string_too_short"):
        return str(model.required.get(name, REQUIRED))
    if kind == "string_too_long":
        return _("Najwyżej %(max)d znaków.", max=problem["ctx"]["max_length"])
    if name in model.invalid:
        return str(model.invalid[name])
    return _("Nieprawidłowa wartość.")


def letter_by_code(code: str, not_found: str) -> Letter:
    """The letter a code names, for every route that takes one.

    A typo (a wrong check character, a prefix no campaign has) is a 422 `check_character`, so a
    person can tell it from a letter that does not exist (404, also for what is not a code).
    """
    found = lookup_code(code)
    if found.problem == "check":
        message = _("Sprawdź kod: znak kontrolny się nie zgadza (literówka lub zamienione znaki).")
        raise ApiError(422, message, CHECK_CHARACTER, {"code": message})
    if found.letter is None:
        raise ApiError(404, not_found)
    return found.letter


def idempotency_key(headers: type[BaseModel], limit: int) -> str | None:
    """The request's Idempotency-Key as `headers` (a model with an `idempotency_key` field)
    reads it: None when absent, a 400 when longer than `limit`, the column that keeps it."""
    try:
        parsed = headers.model_validate(dict(request.headers))
    except ValidationError:
        message = _("Nagłówek Idempotency-Key może mieć najwyżej %(n)s znaków.", n=limit)
        raise ApiError(400, message) from None
    return parsed.idempotency_key.strip() or None
