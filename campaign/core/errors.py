"""Domain errors: what a service raises when a business rule says no.

Views turn them into a flash message, the API into an HTTP status (`http_status`) with `code`.
A message is a Polish source string marked with `N_()` for extraction and translated when shown
(`error.translated()`), so a service needs no request context to raise one.
"""

from flask_babel import gettext


class DomainError(Exception):
    """A business rule said no. Subclasses name their answer in the class line:
    `class Gone(DomainError, code="gone", http_status=410)`."""

    http_status = 422
    code = "rule_violated"

    def __init_subclass__(cls, *, code: str | None = None, http_status: int | None = None):
        super().__init_subclass__()
        if code is not None:
            cls.code = code
        if http_status is not None:
            cls.http_status = http_status

    def __init__(self, message: str, fields: dict[str, str] | None = None, **params) -> None:
        super().__init__(message)
        self.message = message
        self.params = params  # interpolated into the translated message
        self.fields = fields or {}  # per-field problems, for forms and the API's "fields"

    def translated(self) -> str:
        text = gettext(self.message)
        return text % self.params if self.params else text


class NotAllowed(DomainError, code="not_allowed", http_status=409):
    """The rule forbids this transition or action in the current state."""


class Conflict(DomainError, code="conflict", http_status=409):
    """Someone else changed the row first (lost a compare-and-set)."""


class LimitReached(DomainError, code="limit_reached"):
    """A donor would hold more letters than their limit allows."""


class CampaignClosed(DomainError, code="campaign_closed"):
    """Claims are not open in this campaign (not yet, or no longer)."""


class ValidationFailed(DomainError, code="validation_failed"):
    """The input breaks a business rule; `fields` say which."""


class PermissionDenied(DomainError, code="forbidden", http_status=403):
    """The actor may not do this (views answer 403 or 404, as the page requires)."""
