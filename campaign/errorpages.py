"""Error pages in the site's layout (HTML) or the API's error shape (JSON under /api/)."""

from flask import Flask, make_response, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from campaign.api.errors import error_response
from campaign.extensions import db
from campaign.i18n import N_

TITLES = {
    400: N_("Nieprawidłowe żądanie"),
    403: N_("Brak dostępu"),
    404: N_("Nie znaleziono strony"),
    405: N_("Niedozwolona metoda"),
    413: N_("Za duży plik"),
    429: N_("Zbyt wiele prób"),
    500: N_("Błąd serwera"),
    503: N_("Serwis chwilowo niedostępny"),
}


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        response = make_response(render_error(error.code or 500))
        # What the exception says in headers stays: a 405 names the methods it takes (Allow).
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(OverflowError)
    @app.errorhandler(DataError)
    def _out_of_range(_error: Exception):
        # A number or date beyond what the database or the calendar holds (an id of 20 digits,
        # the year 9999 in another time zone): bad input, not a server fault.
        db.session.rollback()
        return render_error(404 if request.method == "GET" else 400)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def _database_unavailable(_error: Exception):
        # The database is down, restarting or (SQLite) locked for too long: say "try again in a
        # moment" rather than "our fault"; /healthz tells the load balancer the same.
        db.session.rollback()
        app.logger.exception("database unavailable")
        return render_error(503)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error")
        return render_error(500)


def render_error(status: int):
    if request.path.startswith("/api/"):
        return error_response(status, _(TITLES.get(status, N_("Błąd"))))
    title = _(TITLES.get(status, N_("Błąd")))
    return render_template("errors/error.html", status=status, title=title), status
