"""Views of the donors domain."""

from flask import Blueprint

bp = Blueprint("donors", __name__)
