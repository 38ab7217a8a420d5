"""Domain errors: what a service raises when a business rule says no.

Views turn them into a flash message, the API into an HTTP status (`http_status`) with `code`.
A message is a Polish source string marked with `N_()` for extraction and translated when shown
(`error.translated()`), so a service needs no request context to raise one.
"""

from flask_babel import gettext


class DomainError(Exception):
    http_status = 422
    code = "rule_violated"

    def __init__(self, message: str, fields: dict[str, str] | None = None, **params) -> None:
        super().__init__(message)
        self.message = message
        self.params = params  # interpolated into the translated message
        self.fields = fields or {}  # per-field problems, for forms and the API's "fields"

    def translated(self) -> str:
        text = gettext(self.message)
        return text % self.params if self.params else text


class NotAllowed(DomainError):
    """The rule forbids this transition or action in the current state."""

    http_status = 409
    code = "not_allowed"


class Conflict(DomainError):
    """Someone else changed the row first (lost a compare-and-set)."""

    http_status = 409
    code = "conflict"


class LimitReached(DomainError):
    http_status = 422
    code = "limit_reached"


class CampaignClosed(DomainError):
    http_status = 422
    code = "campaign_closed"


class ValidationFailed(DomainError):
    http_status = 422
    code = "validation_failed"


class PermissionDenied(DomainError):
    http_status = 403
    code = "forbidden"
