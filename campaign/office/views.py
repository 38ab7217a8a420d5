"""The centre's public pages and their editing."""

from flask import Blueprint, render_template

bp = Blueprint("office", __name__)


@bp.get("/")
def home():
    """The home page: mission, announcements, latest news, the campaign teaser."""
    return render_template("office/home.html")
