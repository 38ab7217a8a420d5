"""API routes for letters (see DESIGN.md's API table)."""

from campaign.api import bp  # noqa: F401

OPENAPI_PATHS: dict = {}
