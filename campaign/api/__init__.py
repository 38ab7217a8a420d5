"""JSON API v1: bearer tokens only (never the session cookie, so no CSRF exposure)."""

from flask import Blueprint

from campaign.api.errors import ApiError, api_error_response
from campaign.core.errors import DomainError
from campaign.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
# Handlers raise; the error shape is written in one place.
bp.register_error_handler(ApiError, api_error_response)
bp.register_error_handler(
    DomainError, lambda error: api_error_response(ApiError.from_domain(error))
)

# Route modules register themselves on `bp` and declare their operations for the document.
from campaign.api import catalogue, claims, letters, openapi, parcels, tokens  # noqa: E402,F401
