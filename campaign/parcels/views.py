"""Views of the parcels domain."""

from flask import Blueprint

bp = Blueprint("parcels", __name__)
