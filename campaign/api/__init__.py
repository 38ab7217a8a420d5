"""JSON API v1: bearer tokens only (never the session cookie, so no CSRF exposure)."""

from flask import Blueprint

from campaign.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

# Route modules register themselves on `bp`; each also contributes its OpenAPI paths.
from campaign.api import claims, letters, openapi, parcels, tokens  # noqa: E402,F401
